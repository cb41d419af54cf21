package dev.pods.junit;

import dev.pods.Pod;
import dev.pods.runtime.Pods;
import dev.pods.runtime.loader.PodLeak;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a pod's class loader after the pod is closed: collected within the bound, or a leak,
 * described with what {@link Pods#leaks()} knows holds it. Made before the close, while the
 * loader is at hand; holds it only weakly.
 */
final class LeakCheck {
    private final ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
    private final WeakReference<ClassLoader> loader;
    private final String podName;

    private LeakCheck(Pod pod) {
        this.loader = new WeakReference<>(pod.classLoader(), queue);
        this.podName = pod.name();
    }

    static LeakCheck watch(Pod pod) {
        return new LeakCheck(pod);
    }

    /**
     * Waits up to {@code timeout} for every watched loader to be collected, asking for a
     * collection between waits (class loaders go only with a full collection, and one collection
     * usually takes all of a class's pods at once). Returns a description of each that was not.
     */
    static List<String> await(List<LeakCheck> checks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LeakCheck> pending = new ArrayList<>(checks);
        while (true) {
            pending.removeIf(c -> c.loader.refersTo(null));
            long left = deadline - System.nanoTime();
            if (pending.isEmpty() || left <= 0) {
                break;
            }
            System.gc();
            pending.get(0).queue.remove(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        List<String> out = new ArrayList<>();
        if (!pending.isEmpty()) {
            List<PodLeak> leaks = Pods.leaks();
            for (LeakCheck c : pending) {
                out.add(c.describe(leaks, timeout));
            }
        }
        return out;
    }

    private String describe(List<PodLeak> leaks, Duration timeout) {
        List<String> holders = new ArrayList<>();
        for (PodLeak leak : leaks) {
            if (leak.podName().equals(podName)) {
                holders.addAll(leak.holders());
            }
        }
        return "pod '" + podName + "' was closed but its class loader is still reachable after "
                + timeout.toMillis() + " ms; held by " + (holders.isEmpty() ? "nothing the runtime can name"
                + " (a static cache or a thread outside the pod?)" : String.join("; ", holders));
    }
}
