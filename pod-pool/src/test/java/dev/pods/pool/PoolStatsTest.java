package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.PodPoolStats;
import dev.pods.pool.Fakes.FakeFactory;
import dev.pods.pool.Fakes.ManualExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * What the pool's latency statistics cover: the acquires that take the lock, timed on the pool's
 * ticker; the lock-free {@code current()} counted, never timed.
 */
class PoolStatsTest {
    /** Each read moves time on by {@link #step}: an acquire that reads it twice takes exactly one step. */
    private static final class SteppingTicker implements LongSupplier {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        volatile long step;

        @Override
        public long getAsLong() {
            return now.addAndGet(step);
        }
    }

    @Test
    void lockedAcquiresAreTimedAndTheFastPathOnlyCounted() {
        ManualExecutor manual = new ManualExecutor();
        SteppingTicker ticker = new SteppingTicker();
        try (PodPool pool = PodPool.builder(PodEnv.empty().withName("stats")).size(1).podFactory(new FakeFactory())
                .executor(manual).ticker(ticker).closeTimeout(Duration.ofMillis(1)).build()) {
            PodPoolStats none = pool.stats();
            assertEquals(0, none.acquires());
            assertEquals(Duration.ZERO, none.lockedAcquireMedian());
            assertEquals(Duration.ZERO, none.lockedAcquireMax());

            manual.drain();
            ticker.step = 1_000;
            pool.current(); // no active pod yet: takes the lock
            for (int i = 0; i < 5; i++) {
                pool.current(); // the active pod: a field read
            }
            manual.drain();
            ticker.step = 3_000;
            pool.borrow(Duration.ofSeconds(1)).close();
            manual.drain();
            ticker.step = 2_000;
            pool.borrow(Duration.ofSeconds(1)).close();

            PodPoolStats s = pool.stats();
            assertEquals(8, s.acquires());
            assertEquals(5, s.fastAcquires());
            assertEquals(Duration.ofNanos(2_000), s.lockedAcquireMedian(), "the median of 1, 3 and 2 us");
            assertEquals(Duration.ofNanos(3_000), s.lockedAcquireMax());
        }
    }
}
