package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodPool;
import dev.pods.PodResolutionException;
import dev.pods.PodTimeoutException;
import dev.pods.pool.Fakes.FakeFactory;
import dev.pods.pool.Fakes.FakeTicker;
import dev.pods.pool.Fakes.ManualExecutor;
import dev.pods.runtime.Pods;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When no pod can be made, acquirers that wait share one round of exactly
 * {@code maxInitAttempts} attempts with the backoff between them, and each gets the last failure
 * as the cause with the earlier ones suppressed.
 */
class InitRoundTest {
    private static final PodEnv ENV = PodEnv.empty().withName("rounds");

    @TempDir
    Path tmp;

    private final ExecutorService waiters = Executors.newFixedThreadPool(10);

    @AfterEach
    void stop() throws InterruptedException {
        waiters.shutdownNow();
        assertTrue(waiters.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Waits, with a bound, until {@code condition} holds: the waiters reach the pool's condition on their own threads. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(1);
        }
    }

    @Test
    @Timeout(60)
    void tenWaitersShareOneRoundOfExactlyTheConfiguredAttemptsAndBackoff() throws Exception {
        FakeFactory factory = new FakeFactory();
        factory.failNext.set(Integer.MAX_VALUE);
        factory.failure = new IllegalStateException("env cannot resolve");
        factory.distinctFailures = true;
        ManualExecutor manual = new ManualExecutor();
        FakeTicker ticker = new FakeTicker();
        // Minutes on the fake ticker: the pool's real-time timer never fires during the test.
        Duration initial = Duration.ofMinutes(1);
        Duration max = Duration.ofMinutes(10);
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(manual).ticker(ticker).size(1)
                .maxInitAttempts(6).backoff(initial, max).closeTimeout(Duration.ofMillis(1)).build()) {
            WarmPool w = (WarmPool) pool;
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                boolean borrow = i % 2 == 0;
                results.add(waiters.submit(() -> borrow ? pool.borrow(Duration.ofMinutes(1)) : pool.current()));
            }
            await(() -> w.waiting() == 10, "ten acquirers wait");

            long start = ticker.getAsLong();
            Duration backoffs = Duration.ZERO;
            for (int attempt = 1; attempt <= 6; attempt++) {
                assertEquals(1, manual.size(), "one attempt at a time, whatever the number of waiters");
                manual.drain();
                assertEquals(attempt, factory.attempts.get());
                if (attempt == 6) {
                    break;
                }
                assertEquals(0, manual.size(), "the retry waits for its backoff");
                assertEquals(10, w.waiting(), "waiters keep waiting while attempts remain");
                Duration backoff = initial.multipliedBy(1L << (attempt - 1));
                backoff = backoff.compareTo(max) > 0 ? max : backoff;
                ticker.advance(backoff.minusNanos(1));
                assertEquals(0, w.runDue());
                ticker.advance(Duration.ofNanos(1));
                assertEquals(1, w.runDue());
                backoffs = backoffs.plus(backoff);
            }
            assertEquals(Duration.ofMinutes(1 + 2 + 4 + 8 + 10), backoffs);
            assertEquals(backoffs.toNanos(), ticker.getAsLong() - start);

            for (Future<?> f : results) {
                ExecutionException ee = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> f.get(20, TimeUnit.SECONDS));
                PodException e = assertInstanceOf(PodException.class, ee.getCause());
                assertEquals("attempt 6: env cannot resolve", e.getCause().getMessage(), "the cause is the last failure");
                assertEquals(List.of("attempt 1: env cannot resolve", "attempt 2: env cannot resolve",
                                "attempt 3: env cannot resolve", "attempt 4: env cannot resolve",
                                "attempt 5: env cannot resolve"),
                        Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).collect(Collectors.toList()));
                assertTrue(e.getMessage().contains("6 attempt(s)"), e.getMessage());
            }
            assertEquals(6, factory.attempts.get(), "no waiter started a round of its own");
            assertEquals(0, manual.size());
            assertEquals(6, pool.stats().failed());

            // The next acquire starts a new round: again one attempt at a time.
            Future<?> next = waiters.submit(() -> pool.current());
            await(() -> w.waiting() == 1, "a new acquirer waits");
            assertEquals(1, manual.size());
            factory.failNext.set(0); // the env resolves again
            assertEquals(1, manual.runQueued());
            assertTrue(next.get(20, TimeUnit.SECONDS) instanceof Pod);
            assertEquals(7, factory.attempts.get());
            await(() -> manual.size() == 1, "the proven env warms the replacement");
        }
    }

    @Test
    @Timeout(60)
    void anAcquirerJoinsTheRoundInsteadOfStartingAnotherAttempt() throws Exception {
        FakeFactory factory = new FakeFactory();
        factory.failNext.set(Integer.MAX_VALUE);
        ManualExecutor manual = new ManualExecutor();
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(manual).ticker(new FakeTicker())
                .size(1).maxInitAttempts(2).backoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .closeTimeout(Duration.ofMillis(1)).build()) {
            org.junit.jupiter.api.Assertions.assertThrows(PodTimeoutException.class,
                    () -> pool.borrow(Duration.ofMillis(20)));
            assertEquals(1, manual.size(), "the round's one attempt, not one per acquirer");
            assertEquals(0, ((WarmPool) pool).waiting());
        }
    }

    @Test
    @Timeout(120)
    void anEnvThatCannotResolveCostsExactlyTheConfiguredAttemptsWithRealPods() throws Exception {
        FakeRepo repo = FakeRepo.at(tmp.resolve("remote")); // empty: test:missing:1.0 is nowhere
        PodEnv env = PodEnv.empty().withName("unresolvable").withDefaultRepositories(false)
                .withRepository("fake", repo.uri()).withLocalRepository(tmp.resolve("local"))
                .withDependencies("test:missing:1.0");
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch allWaiting = new CountDownLatch(1);
        try (PodPool pool = PodPool.builder(env).size(1).maxInitAttempts(3)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(2)).podFactory(e -> {
                    try {
                        allWaiting.await(); // the round must not end before every waiter joined it
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    attempts.incrementAndGet();
                    return Pods.create(e);
                }).build()) {
            WarmPool w = (WarmPool) pool;
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(waiters.submit(() -> pool.borrow(Duration.ofSeconds(60))));
            }
            await(() -> w.waiting() == 5, "five borrowers wait");
            allWaiting.countDown();
            for (Future<?> f : results) {
                ExecutionException ee = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> f.get(60, TimeUnit.SECONDS));
                PodException e = assertInstanceOf(PodException.class, ee.getCause());
                PodResolutionException cause = assertInstanceOf(PodResolutionException.class, e.getCause());
                assertTrue(cause.getMessage().contains("test:missing:1.0"), cause.getMessage());
                assertEquals(2, e.getSuppressed().length, "the two earlier attempts' failures");
                for (Throwable s : e.getSuppressed()) {
                    assertInstanceOf(PodResolutionException.class, s);
                }
            }
            assertEquals(3, attempts.get(), "maxInitAttempts says 3");
            assertEquals(3, pool.stats().failed());
            assertFalse(pool.isClosed());
        }
    }
}
