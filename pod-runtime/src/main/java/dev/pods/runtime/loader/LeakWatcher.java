package dev.pods.runtime.loader;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Watches the loaders of closed pods through weak references: a loader still reachable some
 * time after its pod closed is a leak (metaspace that never comes back). Thread-safe; holds no
 * loader strongly.
 */
public final class LeakWatcher {
    private final ReferenceQueue<PodClassLoader> queue = new ReferenceQueue<>();
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final LongSupplier clock;

    /** A watcher on the system clock. */
    public LeakWatcher() {
        this(System::currentTimeMillis);
    }

    LeakWatcher(LongSupplier millis) {
        this.clock = millis;
    }

    private static final class Watched extends WeakReference<PodClassLoader> {
        final String podName;
        final long closedAt;

        Watched(PodClassLoader loader, ReferenceQueue<PodClassLoader> q, long closedAt) {
            super(loader, q);
            this.podName = loader.podName();
            this.closedAt = closedAt;
        }
    }

    /** Starts watching a closed pod's loader. */
    public void watch(PodClassLoader loader) {
        expunge();
        watched.add(new Watched(loader, queue, clock.getAsLong()));
    }

    /** How many closed loaders are still reachable (collected ones are forgotten). */
    public int watching() {
        expunge();
        return watched.size();
    }

    /** Closed loaders older than {@code minAge} that are still reachable, with what holds them. */
    public List<PodLeak> leaks(Duration minAge) {
        expunge();
        long now = clock.getAsLong();
        List<PodLeak> out = new ArrayList<>();
        Thread[] threads = null;
        for (Watched w : watched) {
            PodClassLoader l = w.get();
            if (l == null || now - w.closedAt < minAge.toMillis()) {
                continue;
            }
            if (threads == null) {
                threads = liveThreads();
            }
            out.add(new PodLeak(w.podName, Instant.ofEpochMilli(w.closedAt), holders(l, threads)));
        }
        out.sort((a, b) -> a.closedAt().compareTo(b.closedAt()));
        return out;
    }

    private void expunge() {
        for (Object r; (r = queue.poll()) != null; ) {
            watched.remove(r);
        }
    }

    /** Live threads that keep {@code loader} reachable: by their context loader or by their own class. */
    public static List<String> holders(PodClassLoader loader, Thread[] threads) {
        List<String> h = new ArrayList<>();
        for (Thread t : threads) {
            if (t == null || !t.isAlive()) {
                continue;
            }
            if (t.getClass().getClassLoader() == loader) {
                h.add("live thread '" + t.getName() + "' (its class " + t.getClass().getName() + " is the pod's)");
            } else if (t.getContextClassLoader() == loader) {
                h.add("live thread '" + t.getName() + "' (context class loader)");
            }
        }
        if (h.isEmpty()) {
            h.add("no live thread; a host-side reference holds it (an object or Class of the pod kept in a"
                    + " static field, cache, ThreadLocal or listener): take a heap dump and look for paths to "
                    + loader);
        }
        return h;
    }

    /** Every live thread of the JVM. */
    public static Thread[] liveThreads() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        Thread[] ts = new Thread[g.activeCount() + 16];
        int n;
        while ((n = g.enumerate(ts, true)) == ts.length) {
            ts = new Thread[ts.length * 2];
        }
        return java.util.Arrays.copyOf(ts, n);
    }
}
