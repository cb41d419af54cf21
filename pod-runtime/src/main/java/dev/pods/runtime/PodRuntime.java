package dev.pods.runtime;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodJvm;
import dev.pods.PodLeak;
import dev.pods.runtime.eval.BuiltinEvaluators;
import dev.pods.runtime.eval.EvaluatorProvider;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.spi.PodResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * A pod runtime: how pods are made (the resolver), where background work runs (an executor), how
 * time is read (a ticker), the bounds of close, and how the JVMs of process pods start (their
 * start timeout and class data sharing archives). {@link Pods} uses the {@linkplain #defaults()
 * default runtime}; a build tool or a test makes its own:
 *
 * <pre>{@code
 * PodRuntime runtime = PodRuntime.builder()
 *     .resolver(env -> mavenSession.classpathOf(env))   // resolve as the running build does
 *     .closeGrace(Duration.ofMillis(200))
 *     .build();
 * try (Pod pod = runtime.create(env)) { ... }
 * }</pre>
 *
 * <p>The configuration is immutable. What a runtime accumulates while it works (the default
 * resolver's memo, the pods it closed and watches for collection) belongs to that runtime
 * alone. One thing is JVM-wide because the JVM makes it so: the routing of {@code System.out} and
 * {@code System.err}, shared by every runtime of the JVM. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodRuntime {
    /** How long after close an unreachable loader is expected to be gone. */
    static final Duration LEAK_GRACE = Duration.ofMillis(500);
    /** How long close lets calls in flight finish before cutting them short. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** How long close gives the pod's threads and executors to end after interrupt or shutdown. */
    static final Duration THREAD_JOIN = Duration.ofSeconds(1);
    /** After a deadline: how long the interrupted work gets before it is stopped (below JDK 20). */
    static final Duration DEADLINE_STOP_GRACE = Duration.ofMillis(200);
    /** How long a process pod's JVM gets to start and connect. */
    static final Duration PROCESS_START = Duration.ofSeconds(60);
    /** {@code System.out}/{@code System.err} are one per JVM, so is their routing. */
    private static final OutputRouter ROUTER = new OutputRouter();

    /** Declared after the constants above: the builder reads them. */
    private static final PodRuntime DEFAULT = builder().build();

    final OutputRouter router = ROUTER;
    final LeakWatcher leakWatcher;
    final Duration closeGrace;
    final Duration threadJoin;
    final Duration deadlineStopGrace;
    final Duration processStart;
    final ProcessLauncher launcher;
    final Executor executor;
    final LongSupplier ticker;
    private final PodResolver configuredResolver;
    /** Where shared packages come from; null: the caller's loader that sees dev.pods, else ours. */
    private final ClassLoader hostLoader;
    private volatile PodResolver resolver;
    private volatile List<EvaluatorProvider> providers;
    /** Whether the builder was given evaluator providers (objects of this JVM, which a child cannot run). */
    private final boolean ownProviders;

    private PodRuntime(Builder b) {
        this.ownProviders = b.providers != null;
        this.configuredResolver = b.resolver;
        this.resolver = b.resolver;
        this.executor = b.executor;
        this.ticker = b.ticker;
        this.closeGrace = b.closeGrace;
        this.threadJoin = b.threadJoin;
        this.deadlineStopGrace = b.deadlineStopGrace;
        this.providers = b.providers;
        this.hostLoader = b.hostLoader;
        this.processStart = b.processStart;
        this.launcher = new ProcessLauncher(new ClassDataSharing(b.classDataSharing ? b.classDataCache : null));
        this.leakWatcher = new LeakWatcher();
    }

    /** The runtime behind {@link Pods}: Maven Resolver as each env says, the JVM's clock. */
    public static PodRuntime defaults() {
        return DEFAULT;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves the env's dependencies (none: no resolution at all) and starts a pod over them and
     * the env's extra classpath entries: in this JVM, or for {@link Isolation#PROCESS} in a child
     * JVM started with the env's {@link dev.pods.PodJvm} settings.
     *
     * @throws dev.pods.PodResolutionException when a dependency cannot be resolved
     * @throws dev.pods.PodProcessException    when a process pod's JVM could not start
     * @throws dev.pods.PodException           when an in-process env carries JVM settings
     */
    public Pod create(PodEnv env) {
        Objects.requireNonNull(env, "env");
        if (env.isolation() == Isolation.IN_PROCESS && !env.jvm().equals(PodJvm.defaults())) {
            throw new PodException("pod '" + env.name() + "': JVM settings (" + env.jvm() + ") apply only to a pod"
                    + " in a JVM of its own; add withIsolation(Isolation.PROCESS) to the env, or drop withJvm");
        }
        if (env.isolation() == Isolation.PROCESS && ownProviders) {
            throw new PodException("pod '" + env.name() + "': this runtime was built with evaluator providers of its"
                    + " own, which are objects of this JVM: a pod in a JVM of its own (Isolation.PROCESS) cannot run"
                    + " them and finds its evaluators in its child JVM instead; create the pod in-process, or with a"
                    + " runtime built without providers");
        }
        List<Path> cp;
        if (env.dependencies().isEmpty()) {
            cp = env.classpath();
        } else {
            List<Path> all = new ArrayList<>(resolver().classpath(env));
            all.addAll(env.classpath());
            cp = all;
        }
        ClassLoader host = hostLoader != null ? hostLoader : hostLoader();
        return env.isolation() == Isolation.PROCESS ? ProcessPod.start(this, env, cp, host)
                : new LocalPod(this, env, cp, host);
    }

    /**
     * Pods of this runtime closed more than a moment ago (half a second) whose loader is still
     * reachable, oldest first, each with what is known to hold it.
     */
    public List<PodLeak> leaks() {
        return leakWatcher.leaks(LEAK_GRACE);
    }

    /** How long close lets calls in flight finish before cutting them short. */
    public Duration closeGrace() {
        return closeGrace;
    }

    /** How long close gives the pod's threads and executors to end after interrupt or shutdown. */
    public Duration threadJoin() {
        return threadJoin;
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

    private PodResolver resolver() {
        PodResolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) {
                    // Maven Resolver is loaded only here: a runtime given its own resolver never loads it.
                    Resolver maven = Resolver.create();
                    r = env -> maven.resolve(env).classpath();
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

    @Override
    public String toString() {
        return "PodRuntime[resolver=" + (configuredResolver == null ? "Maven Resolver (default)" : configuredResolver)
                + ", closeGrace=" + closeGrace + ", threadJoin=" + threadJoin + "]";
    }

    /**
     * Settings of a {@link PodRuntime}; each may be set once. Not thread-safe; the runtime it
     * builds is.
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {
        private PodResolver resolver;
        private Executor executor = Runnable::run;
        private LongSupplier ticker = System::nanoTime;
        private Duration closeGrace = CLOSE_GRACE;
        private Duration threadJoin = THREAD_JOIN;
        private Duration deadlineStopGrace = DEADLINE_STOP_GRACE;
        private List<EvaluatorProvider> providers;
        private ClassLoader hostLoader;
        private Duration processStart = PROCESS_START;
        private boolean classDataSharing = true;
        private Path classDataCache = defaultClassDataCache();
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder() {
        }

        private void once(String setting, Object old) {
            if (!set.add(setting)) {
                throw new IllegalStateException(setting + " was already set to " + old);
            }
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }

        /** Resolves envs' dependencies (default: Maven Resolver, configured by each env). */
        public Builder resolver(PodResolver r) {
            once("resolver", resolver);
            resolver = Objects.requireNonNull(r, "resolver");
            return this;
        }

        /** Runs background work (default: the calling thread). */
        public Builder executor(Executor e) {
            once("executor", executor);
            executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /** Reads time in nanoseconds (default: {@link System#nanoTime()}); tests drive a fake one. */
        public Builder ticker(LongSupplier nanos) {
            once("ticker", ticker);
            ticker = Objects.requireNonNull(nanos, "ticker");
            return this;
        }

        /** How long close lets calls in flight finish before cutting them short (default 1 s). */
        public Builder closeGrace(Duration d) {
            once("closeGrace", closeGrace);
            closeGrace = positive("closeGrace", d);
            return this;
        }

        /** How long close gives the pod's threads and executors to end after interrupt or shutdown (default 1 s). */
        public Builder threadJoin(Duration d) {
            once("threadJoin", threadJoin);
            threadJoin = positive("threadJoin", d);
            return this;
        }

        /** After a timed call's deadline, how long its interrupted work gets before it is stopped (default 200 ms). */
        public Builder deadlineStopGrace(Duration d) {
            once("deadlineStopGrace", deadlineStopGrace);
            deadlineStopGrace = positive("deadlineStopGrace", d);
            return this;
        }

        /**
         * The loader the env's shared packages (and {@code dev.pods}) are taken from (default: the
         * caller's context loader when it sees this runtime's {@code dev.pods}, else the runtime's
         * own loader). A layer of its own, for example a pod's loader holding a test framework, lets
         * many pods share one copy of it. It must see the same {@code dev.pods} classes as this runtime.
         */
        public Builder hostLoader(ClassLoader loader) {
            once("hostLoader", hostLoader);
            Objects.requireNonNull(loader, "hostLoader");
            try {
                if (Class.forName(Pod.class.getName(), false, loader) != Pod.class) {
                    throw new IllegalArgumentException("hostLoader " + loader + " sees another copy of "
                            + Pod.class.getName() + " than this runtime: pods made from it could not hand"
                            + " dev.pods types to the host");
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("hostLoader " + loader + " does not see " + Pod.class.getName()
                        + ": the pod API must be visible from it", e);
            }
            hostLoader = loader;
            return this;
        }

        /** How long a process pod's JVM gets to start and connect before it is killed (default 60 s). */
        public Builder processStartTimeout(Duration d) {
            once("processStartTimeout", processStart);
            processStart = positive("processStartTimeout", d);
            return this;
        }

        /**
         * Whether process pods' JVMs map a class data sharing archive of the classes they start
         * with, made once per setup in the background on first use (default: on). It shortens a
         * cold process pod's start; it applies when the runtime runs from jars.
         */
        public Builder classDataSharing(boolean enabled) {
            once("classDataSharing", classDataSharing);
            classDataSharing = enabled;
            return this;
        }

        /** Where the class data sharing archives are kept (default: {@code ~/.cache/pods/cds}); deleting it is safe. */
        public Builder classDataCache(Path directory) {
            once("classDataCache", classDataCache);
            classDataCache = Objects.requireNonNull(directory, "classDataCache").toAbsolutePath().normalize();
            return this;
        }

        private static Path defaultClassDataCache() {
            return Path.of(System.getProperty("user.home"), ".cache", "pods", "cds");
        }

        /**
         * Fixed evaluator providers instead of the built-in ones (tests). In-process pods only:
         * creating a process pod with such a runtime is refused.
         */
        Builder providers(List<EvaluatorProvider> p) {
            providers = List.copyOf(p);
            return this;
        }

        /** The runtime. */
        public PodRuntime build() {
            return new PodRuntime(this);
        }
    }
}
