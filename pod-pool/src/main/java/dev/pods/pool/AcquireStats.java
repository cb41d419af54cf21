package dev.pods.pool;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latencies of the acquires that took the pool's lock: a ring of recent samples for the median,
 * and the maximum. The lock-free {@code current()} is not timed: two ticker reads would cost
 * several times the field read it is. Not thread-safe: the pool calls it under its lock.
 */
final class AcquireStats {
    private static final int SAMPLES = 256;

    private final long[] samples = new long[SAMPLES];
    private int count;
    private long slow;
    private long maxNanos;

    void record(long nanos) {
        nanos = Math.max(0, nanos);
        slow++;
        samples[count++ % SAMPLES] = nanos;
        if (count >= 2 * SAMPLES) {
            count -= SAMPLES;
        }
        maxNanos = Math.max(maxNanos, nanos);
    }

    /** Acquires recorded here (the lock-free fast path counts its own). */
    long count() {
        return slow;
    }

    Duration median() {
        int n = Math.min(count, SAMPLES);
        if (n == 0) {
            return Duration.ZERO;
        }
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        return Duration.ofNanos(copy[n / 2]);
    }

    Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
