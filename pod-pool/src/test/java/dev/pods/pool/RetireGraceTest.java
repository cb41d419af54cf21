package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.pool.Fakes.FakeFactory;
import dev.pods.pool.Fakes.FakeTicker;
import dev.pods.pool.Fakes.ManualExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pod handed out by {@code current()} accepts the calls its caller makes right after, even
 * when another thread refreshes at that moment: a retired pod is destroyed only after the
 * retire grace, measured on the pool's ticker.
 */
class RetireGraceTest {
    private static final PodEnv ENV = PodEnv.empty().withName("grace");
    private static final Duration GRACE = Duration.ofHours(1); // never reached in real time by the test

    @Test
    @Timeout(120)
    void callsOnTheCurrentPodNeverFailWhileAnotherThreadRefreshes() throws Exception {
        // Without a grace this loses about one call in 100,000 (one per thousand refreshes or so):
        // the refresh closes the pod between current() returning it and the call entering it.
        FakeFactory factory = new FakeFactory();
        int refreshes = 30_000;
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(Runnable::run).size(2).build()) {
            pool.current(Duration.ofSeconds(10));
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> refresherFailed = new AtomicReference<>();
            Thread refresher = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < refreshes; i++) {
                        pool.refresh();
                    }
                } catch (Throwable t) {
                    refresherFailed.set(t);
                } finally {
                    done.set(true);
                }
            }, "refresher");
            refresher.start();
            List<PodClosedException> refused = new ArrayList<>();
            long calls = 0;
            go.countDown();
            while (!done.get()) {
                try {
                    pool.current().call("x");
                } catch (PodClosedException e) {
                    refused.add(e);
                }
                calls++;
            }
            refresher.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(refresher.isAlive());
            assertEquals(null, refresherFailed.get());
            assertEquals(refreshes, pool.stats().retired());
            assertTrue(calls > refreshes, "the caller ran alongside the refreshes: " + calls + " calls");
            assertEquals(List.of(), refused, "calls refused out of " + calls);
        }
        assertEquals(0, factory.open(), "close destroys the pods still in their grace");
    }

    @Test
    void aRetiredPodStaysOpenForItsGraceOnTheTickerThenIsDestroyed() {
        FakeFactory factory = new FakeFactory();
        ManualExecutor manual = new ManualExecutor();
        FakeTicker ticker = new FakeTicker();
        List<String> destroyed = new ArrayList<>();
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(manual).ticker(ticker).size(1)
                .retireGrace(GRACE).destroy(p -> destroyed.add(p.name())).closeTimeout(Duration.ofMillis(1))
                .build()) {
            WarmPool w = (WarmPool) pool;
            manual.drain();
            Pod taken = pool.current(); // a caller took it ...
            manual.drain();
            Pod fresh = pool.refresh(); // ... and another thread refreshes before the caller's call
            assertNotSame(taken, fresh);
            assertSame(fresh, pool.current());
            manual.drain();
            assertEquals(1, w.retiring());
            assertEquals(1, taken.<Integer>call("x"), "the retired pod still accepts calls");

            ticker.advance(GRACE.minusNanos(1));
            assertEquals(0, w.runDue(), "nothing is due before the grace has passed");
            manual.drain();
            assertFalse(taken.isClosed());
            assertEquals(List.of(), destroyed);
            assertEquals(1, taken.<Integer>call("x"));

            ticker.advance(Duration.ofNanos(1));
            assertEquals(1, w.runDue());
            assertEquals(List.of(), destroyed, "destruction runs on the executor, not on the caller of runDue");
            manual.drain();
            assertTrue(taken.isClosed());
            assertEquals(List.of(taken.name()), destroyed, "the destroy hook runs once the grace has passed");
            assertEquals(0, w.retiring());
            PodClosedException e = assertThrows(PodClosedException.class, () -> taken.call("x"));
            assertTrue(e.getMessage().contains("pool.current() again"), e.getMessage());
            assertFalse(fresh.isClosed());

            Pod third = pool.refresh();
            manual.drain();
            assertFalse(fresh.isClosed());
            pool.close(); // a pod in its grace is destroyed at close, not left to the timer
            manual.drain();
            assertTrue(fresh.isClosed());
            assertTrue(third.isClosed());
        }
        assertEquals(0, factory.open());
    }

    @Test
    void aCurrentPodClosedBehindThePoolsBackIsReplacedWithoutWaitingForTheGrace() {
        FakeFactory factory = new FakeFactory();
        ManualExecutor manual = new ManualExecutor();
        AtomicLong destroyedCount = new AtomicLong();
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(manual).ticker(new FakeTicker())
                .size(1).retireGrace(GRACE).destroy(p -> destroyedCount.incrementAndGet())
                .closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            Pod first = pool.current();
            manual.drain();
            first.close();
            Pod second = pool.current();
            assertNotSame(first, second);
            manual.drain();
            assertEquals(1, destroyedCount.get(), "a pod that is closed already has no grace to wait for");
            assertEquals(0, ((WarmPool) pool).retiring());
        }
    }
}
