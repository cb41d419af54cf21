package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A snapshot of a pool's counters.
 *
 * <p>Latency is timed only for the acquires that take the pool's lock: every
 * {@link PodPool#borrow borrow} and {@link PodPool#refresh refresh}, and {@link PodPool#current()
 * current()} when no active pod is ready (the first call, or after the active pod closed). A
 * {@code current()} answered by the ready active pod is a field read of a few nanoseconds; timing
 * it would cost more than the call, so it is counted in {@link #fastAcquires} and not timed.
 *
 * @param created             pods made since the pool started (including failed attempts' successes only)
 * @param failed              attempts to make or warm a pod that failed
 * @param warm                warm pods ready now, not counting the current one
 * @param inUse               pods out on lease now
 * @param retired             pods retired by refresh, lease return or shutdown
 * @param acquires            completed {@code current()}, {@code refresh()} and {@code borrow()} calls, timed or not
 * @param fastAcquires        of those, the {@code current()} calls answered by the active pod without the
 *                            lock (not timed)
 * @param lockedAcquireMedian median latency of the last 256 acquires that took the lock
 *                            ({@link Duration#ZERO} before any)
 * @param lockedAcquireMax    the slowest acquire that took the lock
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record PodPoolStats(long created, long failed, int warm, int inUse, long retired,
                           long acquires, long fastAcquires, Duration lockedAcquireMedian,
                           Duration lockedAcquireMax) {
}
