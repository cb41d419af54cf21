package dev.pods.junit;

import dev.pods.Pod;
import dev.pods.PodLeak;
import dev.pods.runtime.PodRuntime;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.loader.PodClassLoader;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a pod's class loader after the pod is closed: collected within the bound, or a leak,
 * described with what holds it. Made before the close, while the loader is at hand; holds the
 * loader, and the runtime that made the pod, only weakly: a runtime whose host loader is a
 * {@link JUnitLayer}'s would otherwise keep that layer, and through JUnit's caches the class's
 * pods, reachable.
 */
final class LeakCheck {
    private final ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
    private final WeakReference<ClassLoader> loader;
    private final WeakReference<PodRuntime> runtime;
    private final String podName;
    /** The layer whose JUnit the pod shares, or (for a layer) its own name; null: no layer. */
    private final String layer;
    private final boolean isLayer;

    private LeakCheck(Pod pod, PodRuntime runtime, String layer, boolean isLayer) {
        this.loader = new WeakReference<>(pod.classLoader(), queue);
        this.runtime = new WeakReference<>(runtime);
        this.podName = pod.name();
        this.layer = layer;
        this.isLayer = isLayer;
    }

    /**
     * Watches {@code pod}, made by {@code runtime} (which knows what its close could not undo).
     *
     * @param layer the name of the layer whose JUnit the pod shares, or null
     */
    static LeakCheck watch(Pod pod, PodRuntime runtime, String layer) {
        return new LeakCheck(pod, runtime, layer, false);
    }

    /** Watches a layer's own pod. */
    static LeakCheck watchLayer(Pod layerPod, PodRuntime runtime) {
        return new LeakCheck(layerPod, runtime, layerPod.name(), true);
    }

    /** The first pause between collections; it doubles up to {@link #MAX_PAUSE_MS}. */
    private static final long FIRST_PAUSE_MS = 10;
    private static final long MAX_PAUSE_MS = 200;

    /**
     * Waits up to {@code timeout} for every watched loader to be collected, asking for a
     * collection between waits (class loaders go only with a full collection, and one collection
     * usually takes all of a class's pods at once). Returns a description of each that was not.
     *
     * <p>A collection clears the references of what it collected, so each is checked right after
     * it. What one collection keeps is mostly held for a moment only (a JIT compiler thread keeps
     * the loader of the method it is compiling until it is done): the next collection comes soon,
     * then less often, so that a pod that is really held costs a few collections, not one per wait.
     */
    static List<String> await(List<LeakCheck> checks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LeakCheck> pending = new ArrayList<>(checks);
        long pause = FIRST_PAUSE_MS;
        while (true) {
            pending.removeIf(c -> c.loader.refersTo(null));
            long left = deadline - System.nanoTime();
            if (pending.isEmpty() || left <= 0) {
                break;
            }
            System.gc();
            pending.removeIf(c -> c.loader.refersTo(null));
            left = deadline - System.nanoTime();
            if (pending.isEmpty() || left <= 0) {
                break;
            }
            // Returns early when a collection the JVM makes on its own enqueues the reference.
            pending.get(0).queue.remove(Math.max(1, Math.min(pause, left / 1_000_000)));
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
        List<String> out = new ArrayList<>();
        for (LeakCheck c : pending) {
            out.add(c.describe(timeout) + c.related(pending));
        }
        return out;
    }

    /**
     * A pod and the layer it shares keep each other: the pod's loader delegates to the layer's, and
     * JUnit's caches in the layer hold classes the pod ran. When both are left, each says so, since
     * either may be the one that something else holds.
     */
    private String related(List<LeakCheck> pending) {
        if (layer == null) {
            return "";
        }
        List<String> others = new ArrayList<>();
        for (LeakCheck o : pending) {
            if (o != this && layer.equals(o.layer) && o.isLayer != isLayer) {
                others.add("'" + o.podName + "'");
            }
        }
        if (others.isEmpty()) {
            return "";
        }
        return isLayer ? ". The pods that take their JUnit from it are still reachable too (" + String.join(", ", others)
                + "), and each of them holds it"
                : ". The JUnit it shares (pod " + others.get(0) + ") is still reachable too, and JUnit's caches there"
                + " hold the classes it ran";
    }

    private String describe(Duration timeout) {
        List<String> holders = new ArrayList<>();
        PodRuntime r = runtime.get();
        if (r != null) {
            for (PodLeak leak : r.leaks()) {
                if (leak.podName().equals(podName)) {
                    holders.addAll(leak.holders());
                }
            }
        }
        ClassLoader l = loader.get();
        if (holders.isEmpty() && l instanceof PodClassLoader pcl) { // its runtime is gone: ask the threads directly
            holders.addAll(LeakWatcher.holders(pcl, LeakWatcher.liveThreads()));
        }
        return "pod '" + podName + "' was closed but its class loader is still reachable after "
                + timeout.toMillis() + " ms; held by " + (holders.isEmpty() ? "nothing the runtime can name"
                + " (a static cache or a thread outside the pod?)" : String.join("; ", holders));
    }
}
