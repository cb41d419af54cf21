package dev.pods.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * The immutable settings of a pool, as {@link PodPool.Builder} checked them: what pod-api hands
 * the pool implementation through {@link PodPoolFactory}. Internal: application code configures
 * a pool with {@link PodPool#builder}, which is the only place that makes these. The constructor
 * checks again what the builder checks, so that no pool ever runs on settings it would refuse.
 *
 * @param env             what every pod is made from
 * @param size            warm pods kept ready besides the current one
 * @param init            runs on each new pod before it counts as warm
 * @param destroy         runs on each pod before it is closed
 * @param executor        runs warmers and background destruction (null: the pool's own daemon threads)
 * @param ticker          nanosecond time source (tests pass a fake one)
 * @param podFactory      makes a pod from the env (null: {@code dev.pods.runtime.Pods::create})
 * @param reuse           whether returned leases go back to the pool instead of being destroyed
 * @param maxInitAttempts attempts to make a warm pod before an acquire gets the failure
 * @param initialBackoff  first wait between failed attempts, doubled up to {@code maxBackoff}
 * @param maxBackoff      the longest wait between attempts
 * @param closeTimeout    how long {@link PodPool#close()} waits for pods to be destroyed
 * @param retireGrace     how long a pod retired by {@link PodPool#refresh()} stays open before it is destroyed
 */
@API(status = INTERNAL, since = "1.0")
public record PoolSettings(PodEnv env, int size, Consumer<Pod> init, Consumer<Pod> destroy, Executor executor,
                           LongSupplier ticker, Function<PodEnv, Pod> podFactory, boolean reuse,
                           int maxInitAttempts, Duration initialBackoff, Duration maxBackoff, Duration closeTimeout,
                           Duration retireGrace) {
    public PoolSettings {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(destroy, "destroy");
        Objects.requireNonNull(ticker, "ticker");
        positive(initialBackoff, "initial backoff");
        positive(maxBackoff, "max backoff");
        positive(closeTimeout, "closeTimeout");
        positive(retireGrace, "retireGrace");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max backoff " + maxBackoff + " is shorter than the initial backoff "
                    + initialBackoff);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (maxInitAttempts < 1) {
            throw new IllegalArgumentException("maxInitAttempts must be >= 1, was " + maxInitAttempts);
        }
    }

    /** The check every duration of the pool API passes: a zero or negative one is refused, naming it. */
    public static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
