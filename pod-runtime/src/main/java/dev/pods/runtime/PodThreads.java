package dev.pods.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the runtime makes for one pod (evaluator threads, timed work, deadline enforcers):
 * named after the pod, daemon, remembered until they end, so that close knows them for the
 * pod's own and can interrupt, join and if need be stop them. Thread-safe.
 */
final class PodThreads {
    private final String pod;
    private final OutputRouter router;
    private final OutputRouter.Route route;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    PodThreads(String pod, OutputRouter router, OutputRouter.Route route) {
        this.pod = pod;
        this.router = router;
        this.route = route;
    }

    /** A thread for {@code r} with the given context loader and the pod's output route; not started. */
    Thread make(Runnable r, String role, ClassLoader contextLoader) {
        Thread t = new Thread(() -> {
            router.set(route);
            try {
                r.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        }, "pod-" + pod + "-" + role + "-" + count.incrementAndGet());
        t.setDaemon(true);
        t.setContextClassLoader(contextLoader);
        live.add(t);
        return t;
    }

    /** A factory of pod threads whose context loader is {@code loader} (for evaluators). */
    ThreadFactory factory(ClassLoader loader) {
        return r -> make(r, "eval", loader);
    }

    boolean contains(Thread t) {
        return live.contains(t);
    }

    Set<Thread> snapshot() {
        return Set.copyOf(live);
    }

    void clear() {
        live.clear();
    }
}
