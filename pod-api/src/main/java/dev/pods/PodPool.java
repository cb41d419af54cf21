package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pods.internal.PodPoolFactory;
import dev.pods.internal.PoolSettings;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Pods of one env kept warm, so that a caller gets a ready runtime at once: Boot's
 * {@code pod-pool}. {@link #current()} is the pool's active pod; {@link #refresh()} swaps it for
 * a fresh warm one and destroys the old one in the background; {@link #borrow(Duration)} hands
 * out a pod exclusively; {@link #close()} shuts everything down.
 *
 * <pre>{@code
 * try (PodPool pool = PodPool.builder(env).size(2).init(p -> p.require("com.acme.Main")).build()) {
 *     Pod warm = pool.current();
 *     Pod fresh = pool.refresh();
 *     try (PodLease lease = pool.borrow(Duration.ofSeconds(5))) {
 *         lease.pod().call("com.acme.Main/run");
 *     }
 * }
 * }</pre>
 *
 * <p>The implementation lives in {@code dev.pods:pod-pool}; {@link Builder#build()} finds it
 * with {@link ServiceLoader}.
 */
@API(status = STABLE, since = "1.0")
public interface PodPool extends AutoCloseable {

    /** The env every pod of this pool is made from. */
    PodEnv env();

    /**
     * The active pod, the same until {@link #refresh()}; waits for the first warm pod. The pod
     * returned accepts the calls made right after: a refresh that retires it keeps it open for
     * the pool's retire grace ({@link Builder#retireGrace}). Take {@code current()} again for
     * each piece of work; to hold one pod for longer, {@link #borrow} it.
     *
     * @throws PodException       no warm pod could be made ({@link Builder#maxInitAttempts}); the cause is the last failure
     * @throws PodClosedException the pool was closed
     */
    Pod current();

    /**
     * Like {@link #current()}, raising {@link PodTimeoutException} when no warm pod comes within {@code timeout}.
     *
     * @throws IllegalArgumentException {@code timeout} is zero or negative
     */
    Pod current(Duration timeout);

    /**
     * Retires the active pod, promotes the next warm one and starts warming a replacement.
     * Returns the new active pod. The retired pod stays open for the retire grace (callers that
     * took it from {@link #current()} just before may still be entering it), then is destroyed
     * in the background, where its own close lets calls in flight finish.
     */
    Pod refresh();

    /**
     * An exclusive pod; waits up to {@code timeout} for one, then raises {@link PodTimeoutException}.
     *
     * @throws IllegalArgumentException {@code timeout} is zero or negative
     */
    PodLease borrow(Duration timeout);

    /** A snapshot of the pool's counters. */
    PodPoolStats stats();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /** Stops warming and destroys every pod, waiting a bounded time; afterwards every call raises {@link PodClosedException}. */
    @Override
    void close();

    /** A builder for a pool of pods made from {@code env}. */
    static Builder builder(PodEnv env) {
        return new Builder(env);
    }

    /**
     * Configures a pool. Each setting may be set once; a bad or repeated value is refused at
     * once with the value in the message, and settings are checked against each other in
     * {@link #build()}. Not thread-safe; the pool it builds is.
     */
    @API(status = STABLE, since = "1.0")
    final class Builder {
        private final PodEnv env;
        private Integer size;
        private Consumer<Pod> init;
        private Consumer<Pod> destroy;
        private Executor executor;
        private LongSupplier ticker;
        private Function<PodEnv, Pod> podFactory;
        private Boolean reuse;
        private Integer maxInitAttempts;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Duration closeTimeout;
        private Duration retireGrace;

        Builder(PodEnv env) {
            this.env = Objects.requireNonNull(env, "env");
        }

        private static void once(Object old, String what) {
            if (old != null) {
                throw new IllegalStateException(what + " was already set to " + old);
            }
        }

        private static Duration positive(Duration d, String what) {
            return PoolSettings.positive(d, what);
        }

        /** Warm pods kept ready besides the current one (default 1; 0 makes pods on demand). */
        public Builder size(int n) {
            once(size, "size");
            if (n < 0) {
                throw new IllegalArgumentException("size must be >= 0, was " + n);
            }
            size = n;
            return this;
        }

        /** Runs on each new pod before it counts as warm: require classes, warm an evaluator. */
        public Builder init(Consumer<Pod> hook) {
            once(init, "init");
            init = Objects.requireNonNull(hook, "init");
            return this;
        }

        /** Runs on each pod before it is closed. */
        public Builder destroy(Consumer<Pod> hook) {
            once(destroy, "destroy");
            destroy = Objects.requireNonNull(hook, "destroy");
            return this;
        }

        /** Runs warmers and background destruction; warmers run in parallel up to its width. */
        public Builder executor(Executor e) {
            once(executor, "executor");
            executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /** A nanosecond time source, {@code System::nanoTime} by default. */
        public Builder ticker(LongSupplier nanos) {
            once(ticker, "ticker");
            ticker = Objects.requireNonNull(nanos, "ticker");
            return this;
        }

        /** Makes pods from the env; {@code Pods::create} by default. */
        public Builder podFactory(Function<PodEnv, Pod> factory) {
            once(podFactory, "podFactory");
            podFactory = Objects.requireNonNull(factory, "podFactory");
            return this;
        }

        /** Whether a returned lease's pod goes back to the pool (default false: destroyed and replaced). */
        public Builder reuse(boolean enabled) {
            once(reuse, "reuse");
            reuse = enabled;
            return this;
        }

        /**
         * Attempts to make and init a pod before waiting acquirers get the failure (default 3).
         * The attempts form one round shared by every acquirer waiting meanwhile, one attempt at a
         * time with the {@link #backoff} between them, until a pod is made; after the last one
         * each waiter gets a {@link PodException} whose cause is the last failure, the earlier
         * ones suppressed. The next acquire starts a new round.
         */
        public Builder maxInitAttempts(int attempts) {
            once(maxInitAttempts, "maxInitAttempts");
            if (attempts < 1) {
                throw new IllegalArgumentException("maxInitAttempts must be >= 1, was " + attempts);
            }
            maxInitAttempts = attempts;
            return this;
        }

        /** Backoff between failed attempts: {@code initial}, doubled up to {@code max} (default 100 ms to 5 s). */
        public Builder backoff(Duration initial, Duration max) {
            once(initialBackoff, "backoff");
            initialBackoff = positive(initial, "initial backoff");
            maxBackoff = positive(max, "max backoff");
            return this;
        }

        /** How long {@link PodPool#close()} waits for pods to be destroyed (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            once(closeTimeout, "closeTimeout");
            closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * How long a pod retired by {@link PodPool#refresh()} stays open before it is destroyed
         * (default 1 s). A caller that took it from {@link PodPool#current()} just before the
         * refresh can still call it for this long; then the pod closes, letting calls in flight
         * finish within its own grace. Retired pods wait this long in memory: many refreshes a
         * second keep as many pods alive.
         */
        public Builder retireGrace(Duration grace) {
            once(retireGrace, "retireGrace");
            retireGrace = positive(grace, "retireGrace");
            return this;
        }

        /** The settings as they stand, defaults filled in. */
        PoolSettings settings() {
            Duration ib = initialBackoff == null ? Duration.ofMillis(100) : initialBackoff;
            Duration mb = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
            return new PoolSettings(env, size == null ? 1 : size, init == null ? p -> { } : init,
                    destroy == null ? p -> { } : destroy, executor,
                    ticker == null ? System::nanoTime : ticker, podFactory, reuse != null && reuse,
                    maxInitAttempts == null ? 3 : maxInitAttempts, ib, mb,
                    closeTimeout == null ? Duration.ofSeconds(10) : closeTimeout,
                    retireGrace == null ? Duration.ofSeconds(1) : retireGrace);
        }

        /**
         * Builds the pool and starts warming.
         *
         * @throws IllegalStateException when {@code dev.pods:pod-pool} is not on the classpath
         */
        public PodPool build() {
            PoolSettings s = settings();
            Iterator<PodPoolFactory> it = ServiceLoader.load(PodPoolFactory.class, PodPool.class.getClassLoader())
                    .iterator();
            if (!it.hasNext()) {
                it = ServiceLoader.load(PodPoolFactory.class).iterator();
            }
            if (!it.hasNext()) {
                throw new IllegalStateException("no pool implementation found: add the dependency"
                        + " dev.pods:pod-pool to the classpath");
            }
            return it.next().create(s);
        }
    }
}
