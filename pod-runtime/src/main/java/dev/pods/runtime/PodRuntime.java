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
    static final PodRuntime DEFAULT = new PodRuntime();

    /** How long after close an unreachable loader is expected to be gone. */
    static final Duration LEAK_GRACE = Duration.ofMillis(500);

    final OutputRouter router = new OutputRouter();
    final LeakWatcher leakWatcher = new LeakWatcher();
    private volatile Resolver resolver;
    private volatile List<EvaluatorProvider> providers;

    PodRuntime() {
    }

    /** A runtime with fixed evaluator providers (tests). */
    PodRuntime(List<EvaluatorProvider> providers) {
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
