package dev.pods.junit;

import dev.pods.Pod;
import dev.pods.runtime.Pods;
import dev.pods.runtime.loader.PodLeak;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
     * Waits up to {@code timeout} for the loader to be collected, asking for a collection between
     * waits (class loaders are only unloaded by a full collection). Empty when it was collected;
     * otherwise what holds it.
     */
    Optional<String> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!loader.refersTo(null)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.of(describe(timeout));
            }
            System.gc();
            queue.remove(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return Optional.empty();
    }

    private String describe(Duration timeout) {
        List<String> holders = new ArrayList<>();
        for (PodLeak leak : Pods.leaks()) {
            if (leak.podName().equals(podName)) {
                holders.addAll(leak.holders());
            }
        }
        return "pod '" + podName + "' was closed but its class loader is still reachable after "
                + timeout.toMillis() + " ms; held by " + (holders.isEmpty() ? "nothing the runtime can name"
                + " (a static cache or a thread outside the pod?)" : String.join("; ", holders));
    }
}
