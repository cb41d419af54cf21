package dev.pods;

import java.time.Duration;

/**
 * A snapshot of a pool's counters.
 *
 * @param created       pods made since the pool started (including failed attempts' successes only)
 * @param failed        attempts to make or warm a pod that failed
 * @param warm          warm pods ready now, not counting the current one
 * @param inUse         pods out on lease now
 * @param retired       pods retired by refresh, lease return or shutdown
 * @param acquires      completed {@code current()} and {@code borrow()} calls
 * @param acquireMedian median acquire latency over the recent acquires ({@link Duration#ZERO} before any)
 * @param acquireMax    the slowest acquire seen
 */
public record PodPoolStats(long created, long failed, int warm, int inUse, long retired,
                           long acquires, Duration acquireMedian, Duration acquireMax) {
}
