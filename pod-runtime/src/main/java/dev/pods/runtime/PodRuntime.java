package dev.pods.runtime;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.eval.EvaluatorProvider;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.loader.PodLeak;
import dev.pods.runtime.resolve.Resolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything pods of one host share: the resolver (and its memo), the output router, the leak
 * watcher and the evaluator providers. {@link #DEFAULT} is the one instance behind the static
 * {@link Pods} facade; it is the only JVM-global state of the runtime, and each part of it is
 * made on first use ({@code System.out} is JVM-wide, so the router must be one per JVM anyway).
 */
final class PodRuntime {
    /** How long after close an unreachable loader is expected to be gone. */
    static final Duration LEAK_GRACE = Duration.ofMillis(500);

    /** How long close lets calls in flight finish before cutting them short. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** How long close gives the pod's threads and executors to end after interrupt or shutdown. */
    static final Duration THREAD_JOIN = Duration.ofSeconds(1);
    /** After a deadline: how long the interrupted work gets before it is stopped (below JDK 20). */
    static final Duration DEADLINE_STOP_GRACE = Duration.ofMillis(200);

    /** Declared after the constants above: its constructor reads them. */
    static final PodRuntime DEFAULT = new PodRuntime();

    final OutputRouter router = new OutputRouter();
    final LeakWatcher leakWatcher = new LeakWatcher();
    final Duration closeGrace;
    final Duration threadJoin;
    final Duration deadlineStopGrace;
    private volatile Resolver resolver;
    private volatile List<EvaluatorProvider> providers;

    PodRuntime() {
        this(CLOSE_GRACE, THREAD_JOIN, DEADLINE_STOP_GRACE);
    }

    /** A runtime with other bounds (tests that must not wait a second per close). */
    PodRuntime(Duration closeGrace, Duration threadJoin, Duration deadlineStopGrace) {
        this.closeGrace = closeGrace;
        this.threadJoin = threadJoin;
        this.deadlineStopGrace = deadlineStopGrace;
    }

    /** A runtime with fixed evaluator providers (tests). */
    PodRuntime(List<EvaluatorProvider> providers) {
        this();
        this.providers = List.copyOf(providers);
    }

    Pod create(PodEnv env) {
        Objects.requireNonNull(env, "env");
        List<Path> cp;
        if (env.dependencies().isEmpty()) {
            cp = env.classpath();
        } else {
            List<Path> all = new ArrayList<>(resolver().resolve(env).classpath());
            all.addAll(env.classpath());
            cp = all;
        }
        return new LocalPod(this, env, cp, hostLoader());
    }

    private static ClassLoader hostLoader() {
        ClassLoader mine = PodRuntime.class.getClassLoader();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl == null || tccl == mine) {
            return mine;
        }
        try {
            // The caller's loader sees the host's own classes; use it if it shares our pod-api.
            return Class.forName(Pod.class.getName(), false, tccl) == Pod.class ? tccl : mine;
        } catch (ClassNotFoundException | LinkageError e) {
            return mine;
        }
    }

    private Resolver resolver() {
        Resolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) {
                    r = Resolver.create();
                    resolver = r;
                }
            }
        }
        return r;
    }

    List<EvaluatorProvider> providers() {
        List<EvaluatorProvider> p = providers;
        if (p == null) {
            synchronized (this) {
                p = providers;
                if (p == null) {
                    p = BuiltinEvaluators.providers();
                    providers = p;
                }
            }
        }
        return p;
    }

    List<PodLeak> leaks() {
        return leakWatcher.leaks(LEAK_GRACE);
    }
}
