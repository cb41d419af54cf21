package dev.pods.runtime.loader;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodLeak;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Watches the loaders of closed pods through weak references: a loader still reachable some
 * time after its pod closed is a leak (metaspace that never comes back). Thread-safe; holds no
 * loader strongly.
 */
@API(status = INTERNAL, since = "1.0")
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
        final List<String> notes;

        Watched(PodClassLoader loader, ReferenceQueue<PodClassLoader> q, long closedAt, List<String> notes) {
            super(loader, q);
            this.podName = loader.podName();
            this.closedAt = closedAt;
            this.notes = List.copyOf(notes);
        }
    }

    /** Starts watching a closed pod's loader. */
    public void watch(PodClassLoader loader) {
        watch(loader, List.of());
    }

    /** Starts watching a closed pod's loader; {@code notes} say what its close could not undo. */
    public void watch(PodClassLoader loader, List<String> notes) {
        expunge();
        watched.add(new Watched(loader, queue, clock.getAsLong(), notes));
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
            List<String> h = new ArrayList<>(holders(l, threads));
            for (String n : w.notes) {
                h.add("at close: " + n);
            }
            out.add(new PodLeak(w.podName, Instant.ofEpochMilli(w.closedAt), h));
        }
        out.sort((a, b) -> a.closedAt().compareTo(b.closedAt()));
        return out;
    }

    private void expunge() {
        for (Object r; (r = queue.poll()) != null; ) {
            watched.remove(r);
        }
    }

    /**
     * What is known to keep {@code loader} reachable: live threads (whose class or task is the
     * pod's, that run pod code, or that carry it as context loader), thread-locals of any thread
     * whose value or key is the pod's, registered shutdown hooks of the pod's, and the JVM-wide
     * registries close cleans (in case something was added after). When nothing is found, a hint.
     */
    public static List<String> holders(PodClassLoader loader, Thread[] threads) {
        List<String> h = new ArrayList<>();
        for (Thread t : threads) {
            if (t == null || !t.isAlive()) {
                continue;
            }
            String what = threadHolder(loader, t);
            if (what != null) {
                h.add(what);
            }
            for (JdkInternals.Local l : JdkInternals.threadLocals(t)) {
                boolean key = l.key() != null && l.key().getClass().getClassLoader() == loader;
                boolean value = l.value() != null && l.value().getClass().getClassLoader() == loader;
                if (key || value) {
                    h.add((l.inheritable() ? "inheritable " : "") + "thread-local of thread '" + t.getName() + "' ("
                            + kind(loader, t) + ") holding " + (value ? "a " + l.value().getClass().getName()
                            : "a value") + (l.key() != null ? " (the ThreadLocal is a " + l.key().getClass().getName()
                            + ")" : " (its ThreadLocal was collected; the value stays until the thread ends)")
                            + ": the pod's code set it and never removed it");
                }
            }
        }
        for (Thread hook : JdkInternals.shutdownHooks()) {
            Runnable task = JdkInternals.taskOf(hook);
            if (hook.getClass().getClassLoader() == loader || task != null && task.getClass().getClassLoader() == loader
                    || hook.getContextClassLoader() == loader) {
                h.add("shutdown hook thread '" + hook.getName() + "' (registered with Runtime.addShutdownHook;"
                        + " runs " + (task != null ? task.getClass().getName() : hook.getClass().getName())
                        + "): the JDK keeps it until the JVM exits");
            }
        }
        Thread.UncaughtExceptionHandler d = Thread.getDefaultUncaughtExceptionHandler();
        if (d != null && d.getClass().getClassLoader() == loader) {
            h.add("the JVM's default uncaught exception handler is the pod's " + d.getClass().getName());
        }
        if (h.isEmpty()) {
            h.add("no live thread, thread-local or shutdown hook of the pod's; a host-side reference holds it (an"
                    + " object or Class of the pod kept in a static field, cache or listener of the host's): take a"
                    + " heap dump and look for paths to " + loader
                    + (JdkInternals.canReadJdk() ? "" : " (thread-locals and hooks were not inspected: "
                    + JdkInternals.whyNot() + ")"));
        }
        return h;
    }

    /** Why a live thread holds the loader, or null when it does not. */
    private static String threadHolder(PodClassLoader loader, Thread t) {
        if (t.getClass().getClassLoader() == loader) {
            return "live thread '" + t.getName() + "' (its class " + t.getClass().getName() + " is the pod's)";
        }
        Runnable task = JdkInternals.taskOf(t);
        if (task != null && task.getClass().getClassLoader() == loader) {
            return "live thread '" + t.getName() + "' runs the pod's " + task.getClass().getName();
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (loader.getName().equals(f.getClassLoaderName()) && loader.defines(f.getClassName())) {
                return "live thread '" + t.getName() + "' (" + kind(loader, t) + ") is running the pod's code at "
                        + f;
            }
        }
        if (t.getContextClassLoader() == loader) {
            return "live thread '" + t.getName() + "' (" + kind(loader, t) + ") has the pod's loader as its context"
                    + " class loader";
        }
        return null;
    }

    private static String kind(PodClassLoader loader, Thread t) {
        if (t instanceof java.util.concurrent.ForkJoinWorkerThread) {
            return ((java.util.concurrent.ForkJoinWorkerThread) t).getPool()
                    == java.util.concurrent.ForkJoinPool.commonPool() ? "a worker of the JVM's common pool"
                    : "a ForkJoinPool worker";
        }
        if (JdkInternals.isTimerThread(t)) {
            return "a java.util.Timer's thread";
        }
        if (JdkInternals.executorOf(t) != null) {
            return "a ThreadPoolExecutor worker";
        }
        return t.getClass().getClassLoader() == loader ? "the pod's thread" : "not the pod's thread";
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
