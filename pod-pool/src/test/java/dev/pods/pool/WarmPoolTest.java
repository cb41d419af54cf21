package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodPoolStats;
import dev.pods.PodTimeoutException;
import dev.pods.pool.Fakes.FakeFactory;
import dev.pods.pool.Fakes.FakePod;
import dev.pods.pool.Fakes.FakeTicker;
import dev.pods.pool.Fakes.ManualExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WarmPoolTest {
    private static final PodEnv ENV = PodEnv.empty().withName("t");

    private final FakeFactory factory = new FakeFactory();
    private final ManualExecutor manual = new ManualExecutor();
    private final FakeTicker ticker = new FakeTicker();
    private final List<ExecutorService> threads = new ArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (ExecutorService e : threads) {
            e.shutdownNow();
            assertTrue(e.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private ExecutorService threads(int n) {
        ExecutorService e = Executors.newFixedThreadPool(n);
        threads.add(e);
        return e;
    }

    private PodPool.Builder manualBuilder() {
        return PodPool.builder(ENV).podFactory(factory).executor(manual).ticker(ticker);
    }

    private static WarmPool internals(PodPool pool) {
        return (WarmPool) pool;
    }

    @Test
    void builderFindsThisModulesFactoryAndWarmsSizePodsInTheBackground() {
        try (PodPool pool = manualBuilder().size(2).closeTimeout(Duration.ofMillis(1)).build()) {
            assertInstanceOf(WarmPool.class, pool);
            assertEquals(0, factory.attempts.get(), "build() must not make pods on the caller's thread");
            assertEquals(2, manual.drain());
            PodPoolStats s = pool.stats();
            assertEquals(2, s.created());
            assertEquals(2, s.warm());
            assertEquals(0, s.inUse());
            assertSame(ENV, pool.env());
        }
    }

    @Test
    void aWarmPodClosedBehindThePoolsBackIsReplacedWithoutAnAcquire() {
        try (PodPool pool = manualBuilder().size(2).closeTimeout(Duration.ofMillis(1)).build()) {
            assertEquals(2, manual.drain());
            Pod current = pool.current();
            assertEquals(1, manual.drain(), "the pod that became current is replaced");
            FakePod idle = factory.made.stream().filter(p -> p != current).findFirst().orElseThrow();
            idle.close(); // as a process pod's JVM that was killed while it waited
            assertEquals(1, manual.size(), "a replacement starts at once, nobody asked for a pod");
            assertEquals(1, manual.drain());
            PodPoolStats s = pool.stats();
            assertEquals(4, s.created());
            assertEquals(2, s.warm());
            assertEquals(1, s.retired());
            assertSame(current, pool.current(), "the current pod is not touched");
            current.close(); // not warm: replaced at the next current(), as before
            assertEquals(0, manual.size());
        }
    }

    @Test
    void currentIsStableUntilRefreshAndRefreshDoesNotWaitForDestructionOrWarming() {
        try (PodPool pool = manualBuilder().size(1).retireGrace(Duration.ofHours(1)).closeTimeout(Duration.ofMillis(1))
                .build()) {
            manual.drain();
            Pod first = pool.current();
            assertEquals(1, manual.size(), "promoting the current pod starts warming its successor");
            for (int i = 0; i < 100; i++) {
                assertSame(first, pool.current());
                assertSame(first, pool.current(Duration.ofSeconds(1)));
            }
            manual.drain();
            Pod second = pool.refresh();
            assertNotSame(first, second);
            assertSame(second, pool.current());
            // refresh returned although neither the retired pod's destruction nor the replacement's warming has run
            assertFalse(first.isClosed());
            assertEquals(1, manual.size(), "one warmer queued; the retired pod waits for its grace");
            manual.drain();
            assertFalse(first.isClosed(), "still in its grace");
            ticker.advance(Duration.ofHours(1));
            assertEquals(1, internals(pool).runDue());
            manual.drain();
            assertTrue(first.isClosed());
            assertFalse(second.isClosed());
            assertSame(second, pool.current());
            assertEquals(1, pool.stats().warm());
            assertEquals(1, pool.stats().retired());
        }
    }

    @Test
    @Timeout(10)
    void refreshNeverWaitsForADestroyHookThatBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch destroying = new CountDownLatch(1);
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(threads(2)).size(1)
                .retireGrace(Duration.ofMillis(1)).destroy(p -> {
                    destroying.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build()) {
            Pod first = pool.current();
            pool.current(Duration.ofSeconds(5));
            Pod second = pool.refresh(); // waits only if no warm pod exists yet
            assertNotSame(first, second);
            assertTrue(destroying.await(5, TimeUnit.SECONDS));
            Pod third = pool.refresh();  // the first pod's destroy hook is still blocked
            assertNotSame(second, third);
            assertFalse(first.isClosed());
            release.countDown();
        }
        assertEquals(0, factory.open());
    }

    @Test
    @Timeout(10)
    void currentWaitsForTheFirstWarmPod() throws Exception {
        try (PodPool pool = manualBuilder().size(1).closeTimeout(Duration.ofMillis(1)).build()) {
            Future<Pod> waiting = threads(1).submit(() -> pool.current());
            while (!waiting.isDone()) {
                manual.drain();
                Thread.sleep(1);
            }
            Pod p = waiting.get();
            assertSame(p, pool.current());
            assertSame(factory.made.get(0), p);
        }
    }

    @Test
    @Timeout(10)
    void currentWithATimeoutRaisesPodTimeoutExceptionWhenNothingWarms() {
        try (PodPool pool = manualBuilder().size(1).closeTimeout(Duration.ofMillis(1)).build()) {
            PodTimeoutException e = assertThrows(PodTimeoutException.class, () -> pool.current(Duration.ofMillis(30)));
            assertEquals(Duration.ofMillis(30), e.timeout());
            assertTrue(e.getMessage().contains("warming"), e.getMessage());
            assertThrows(PodTimeoutException.class, () -> pool.borrow(Duration.ofNanos(1)));
        }
    }

    @Test
    void sizeZeroMakesPodsOnDemand() {
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(Runnable::run).size(0).build()) {
            assertEquals(0, factory.attempts.get());
            Pod p = pool.current();
            assertEquals(1, factory.made.size());
            try (PodLease lease = pool.borrow(Duration.ofSeconds(1))) {
                assertNotEquals(p.name(), lease.pod().name());
            }
            assertEquals(0, pool.stats().warm());
        }
        assertEquals(0, factory.open());
    }

    @Test
    void aReturnedLeaseIsDestroyedAndReplacedUnlessReuse() {
        try (PodPool pool = manualBuilder().size(1).closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            PodLease lease = pool.borrow(Duration.ofSeconds(1));
            Pod p = lease.pod();
            assertEquals(1, pool.stats().inUse());
            manual.drain(); // the replacement
            assertEquals(1, pool.stats().warm());
            lease.close();
            lease.close(); // harmless
            assertThrows(PodClosedException.class, lease::pod);
            manual.drain();
            assertTrue(p.isClosed());
            assertTrue(factory.made.get(0).isClosed(), "the pod itself, not only the lease's view of it");
            assertEquals(0, pool.stats().inUse());
            assertEquals(1, pool.stats().warm());
            assertEquals(1, pool.stats().retired());
        }
    }

    @Test
    void withReuseAReturnedPodGoesBackAndBorrowersBeyondTheSizeWait() {
        try (PodPool pool = manualBuilder().size(1).reuse(true).closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            Pod p;
            try (PodLease lease = pool.borrow(Duration.ofSeconds(1))) {
                p = lease.pod();
                assertEquals(0, manual.size(), "reuse: no replacement while the pod is out");
                assertThrows(PodTimeoutException.class, () -> pool.borrow(Duration.ofMillis(20)));
            }
            assertTrue(p.isClosed(), "the returned lease's view refuses work");
            assertFalse(factory.made.get(0).isClosed(), "the pod itself went back to the pool");
            try (PodLease again = pool.borrow(Duration.ofSeconds(1))) {
                assertEquals(p.name(), again.pod().name());
            }
            assertEquals(1, factory.made.size());
        }
    }

    @Test
    @Timeout(30)
    void thirtyTwoConcurrentBorrowersGetExclusivePods() throws Exception {
        for (boolean reuse : new boolean[] {false, true}) {
            FakeFactory f = new FakeFactory();
            // keyed by name: each lease hands out its own view of the pod
            Map<String, AtomicBoolean> held = new ConcurrentHashMap<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger overlaps = new AtomicInteger();
            try (PodPool pool = PodPool.builder(ENV).podFactory(f).executor(threads(4)).size(4).reuse(reuse).build()) {
                ExecutorService borrowers = threads(32);
                CountDownLatch gate = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    done.add(borrowers.submit(() -> {
                        gate.await();
                        for (int round = 0; round < 5; round++) {
                            try (PodLease lease = pool.borrow(Duration.ofSeconds(20))) {
                                Pod pod = lease.pod();
                                seen.add(pod.name());
                                AtomicBoolean flag = held.computeIfAbsent(pod.name(), k -> new AtomicBoolean());
                                if (!flag.compareAndSet(false, true)) {
                                    overlaps.incrementAndGet();
                                }
                                assertFalse(pod.isClosed());
                                Thread.yield();
                                flag.set(false);
                            }
                        }
                        return null;
                    }));
                }
                gate.countDown();
                for (Future<?> d : done) {
                    d.get(); // rethrows a borrower's failure
                }
                assertEquals(0, overlaps.get(), "a pod was lent to two borrowers at once (reuse=" + reuse + ")");
                assertEquals(0, pool.stats().inUse());
                if (reuse) {
                    assertTrue(f.made.size() <= 4, "reuse keeps at most size pods, made " + f.made.size());
                } else {
                    assertEquals(32 * 5, seen.size(), "every borrower gets a clean pod");
                }
            }
            assertEquals(0, f.open(), "close destroys every pod (reuse=" + reuse + ")");
        }
    }

    @Test
    void initFailuresAreRetriedWithDoublingBackoffOnTheTicker() {
        factory.failNext.set(2);
        try (PodPool pool = manualBuilder().size(1).maxInitAttempts(3)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).closeTimeout(Duration.ofMillis(1)).build()) {
            WarmPool w = internals(pool);
            manual.drain();
            assertEquals(1, factory.attempts.get());
            assertEquals(1, pool.stats().failed());
            w.runDue();
            ticker.advance(Duration.ofMillis(99));
            w.runDue();
            assertEquals(0, manual.size(), "the retry waits for the backoff");
            ticker.advance(Duration.ofMillis(1));
            w.runDue();
            assertEquals(1, manual.size());
            manual.drain();
            assertEquals(2, factory.attempts.get());
            ticker.advance(Duration.ofMillis(199));
            w.runDue();
            assertEquals(0, manual.size(), "the second backoff is doubled");
            ticker.advance(Duration.ofMillis(1));
            w.runDue();
            manual.drain();
            assertEquals(3, factory.attempts.get());
            PodPoolStats s = pool.stats();
            assertEquals(2, s.failed());
            assertEquals(1, s.created());
            assertEquals(1, s.warm());
        }
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        try (PodPool pool = manualBuilder().backoff(Duration.ofMillis(100), Duration.ofMillis(350))
                .closeTimeout(Duration.ofMillis(1)).build()) {
            WarmPool w = internals(pool);
            assertEquals(Duration.ofMillis(100).toNanos(), w.backoffNanos(1));
            assertEquals(Duration.ofMillis(200).toNanos(), w.backoffNanos(2));
            assertEquals(Duration.ofMillis(350).toNanos(), w.backoffNanos(3));
            assertEquals(Duration.ofMillis(350).toNanos(), w.backoffNanos(200));
        }
    }

    @Test
    void aFailingInitHookClosesThePodAndRetries() {
        AtomicInteger inits = new AtomicInteger();
        try (PodPool pool = manualBuilder().size(1).init(p -> {
            if (inits.incrementAndGet() == 1) {
                throw new IllegalArgumentException("init broke");
            }
        }).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            assertTrue(factory.made.get(0).isClosed(), "a pod whose init failed is closed");
            ticker.advance(Duration.ofMillis(10));
            internals(pool).runDue();
            manual.drain();
            assertFalse(factory.made.get(1).isClosed());
            assertSame(factory.made.get(1), pool.current());
        }
    }

    @Test
    @Timeout(20)
    void whenNoPodCanBeHadTheWaiterGetsTheCauseAndALaterAcquireTriesAgain() {
        factory.failNext.set(Integer.MAX_VALUE);
        factory.failure = new IllegalStateException("repository down");
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(threads(2)).size(1).maxInitAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
            PodException e = assertThrows(PodException.class, () -> pool.borrow(Duration.ofSeconds(15)));
            assertSame(factory.failure, e.getCause());
            assertTrue(e.getMessage().contains("could not make a warm pod"), e.getMessage());
            assertTrue(e.getMessage().contains("repository down"), e.getMessage());
            PodException e2 = assertThrows(PodException.class, pool::current);
            assertSame(factory.failure, e2.getCause());
            assertTrue(pool.stats().failed() >= 4);

            factory.failNext.set(0); // the repository is back
            try (PodLease lease = pool.borrow(Duration.ofSeconds(15))) {
                assertFalse(lease.pod().isClosed());
            }
            assertFalse(pool.current().isClosed());
        }
    }

    @Test
    void closeWhileLeasesAreOutDestroysEveryPodAndRefusesWork() {
        List<Pod> destroyed = new CopyOnWriteArrayList<>();
        PodPool pool = manualBuilder().size(2).destroy(destroyed::add).closeTimeout(Duration.ofMillis(1)).build();
        manual.drain();
        Pod current = pool.current();
        PodLease lease = pool.borrow(Duration.ofSeconds(1));
        Pod leased = lease.pod();
        manual.drain();
        pool.close(); // the manual executor runs nothing meanwhile: close gives up waiting after its timeout
        assertTrue(pool.isClosed());
        manual.drain();
        assertTrue(current.isClosed());
        assertTrue(leased.isClosed(), "a pod out on lease is destroyed at close");
        assertTrue(destroyed.stream().anyMatch(d -> d.name().equals(leased.name())));
        assertTrue(factory.made.stream().filter(m -> m.name().equals(leased.name())).allMatch(m -> m.closed));
        assertEquals(0, factory.open());
        assertThrows(PodClosedException.class, lease::pod);
        lease.close(); // returning after close is harmless
        assertThrows(PodClosedException.class, pool::current);
        assertThrows(PodClosedException.class, () -> pool.current(Duration.ofSeconds(1)));
        assertThrows(PodClosedException.class, pool::refresh);
        assertThrows(PodClosedException.class, () -> pool.borrow(Duration.ofSeconds(1)));
        pool.close(); // twice is harmless
        assertEquals(factory.made.size(), pool.stats().retired());
    }

    @Test
    @Timeout(10)
    void closeWakesWaitersAndWaitsForDestructionOnARealExecutor() throws Exception {
        CountDownLatch slowInit = new CountDownLatch(1);
        PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(threads(2)).size(1).init(p -> {
            try {
                slowInit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Pod> waiting = threads(1).submit(() -> {
            waiter.set(Thread.currentThread());
            return pool.current();
        });
        // Close only once the acquirer is parked on the pool's condition (counted as a waiter,
        // blocked in await rather than on the lock): close must wake it, not find it absent.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!parkedOnCondition(waiter.get()) || internals(pool).waiting() != 1) {
            assertFalse(waiting.isDone(), "current() returned before any pod was warm");
            assertTrue(System.nanoTime() < deadline, "the acquirer never waited");
            Thread.sleep(1);
        }
        Future<?> closing = threads(1).submit(pool::close);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        PodClosedException closed = assertInstanceOf(PodClosedException.class, e.getCause());
        assertTrue(closed.getMessage().contains("current()"), closed.getMessage());
        assertEquals(0, internals(pool).waiting());
        slowInit.countDown(); // the warmer finishes after close: its pod is destroyed, not kept
        closing.get(5, TimeUnit.SECONDS);
        assertEquals(0, factory.open());
    }

    /** True when {@code t} is parked in a condition's await, not blocked on a lock nor running. */
    private static boolean parkedOnCondition(Thread t) {
        if (t == null) {
            return false;
        }
        Thread.State state = t.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && LockSupport.getBlocker(t) instanceof Condition;
    }

    @Test
    void noPodLeaksAfterAThousandRefreshes() {
        try (PodPool pool = manualBuilder().size(1).retireGrace(Duration.ofHours(1)).closeTimeout(Duration.ofMillis(1))
                .build()) {
            manual.drain();
            Pod previous = pool.current();
            for (int i = 0; i < 1000; i++) {
                manual.drain();
                Pod next = pool.refresh();
                assertNotSame(previous, next);
                previous = next;
            }
            manual.drain();
            assertEquals(1000, internals(pool).retiring(), "retired pods wait out their grace");
            ticker.advance(Duration.ofHours(1));
            assertEquals(1000, internals(pool).runDue());
            manual.drain();
            assertEquals(2, factory.open(), "the current pod and one warm pod");
            assertEquals(1000, pool.stats().retired());
            for (FakePod p : factory.made) {
                assertTrue(p.closes.get() <= 1, "closed once");
            }
        }
        manual.drain();
        assertEquals(0, factory.open());
    }

    @Test
    void aCurrentPodClosedBehindThePoolsBackIsReplaced() {
        try (PodPool pool = manualBuilder().size(1).closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            Pod first = pool.current();
            manual.drain();
            first.close();
            Pod second = pool.current();
            assertNotSame(first, second);
            assertFalse(second.isClosed());
            assertSame(second, pool.current());
            assertEquals(1, pool.stats().retired());
        }
    }

    @Test
    void initRunsBeforeAPodIsHandedOutAndDestroyRunsBeforeItIsClosed() {
        Set<Pod> initialised = ConcurrentHashMap.newKeySet();
        List<String> destroyed = new CopyOnWriteArrayList<>();
        try (PodPool pool = manualBuilder().size(2).init(initialised::add)
                .destroy(p -> destroyed.add(p.name() + (p.isClosed() ? " closed" : " open")))
                .closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            Pod current = pool.current();
            assertTrue(initialised.contains(current));
            try (PodLease lease = pool.borrow(Duration.ofSeconds(1))) {
                String leased = lease.pod().name();
                assertTrue(initialised.stream().anyMatch(p -> p.name().equals(leased)));
            }
            manual.drain();
            assertEquals(1, destroyed.size());
            assertTrue(destroyed.get(0).endsWith(" open"), "the destroy hook runs before close: " + destroyed);
        }
    }

    @Test
    @Timeout(30)
    void concurrentReadersSeeTheCurrentPodChangeOnlyForward() throws Exception {
        try (PodPool pool = PodPool.builder(ENV).podFactory(factory).executor(threads(2)).size(2).build()) {
            pool.current(Duration.ofSeconds(10));
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> readers = new ArrayList<>();
            ExecutorService rs = threads(3);
            for (int i = 0; i < 3; i++) {
                readers.add(rs.submit(() -> {
                    Set<Pod> left = new java.util.HashSet<>();
                    Pod last = pool.current();
                    while (!stop.get()) {
                        Pod p = pool.current();
                        if (p != last) {
                            assertFalse(left.contains(p), "current went back to " + p);
                            left.add(last);
                            last = p;
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 200; i++) {
                pool.refresh();
            }
            stop.set(true);
            for (Future<?> r : readers) {
                r.get();
            }
        }
        assertEquals(0, factory.open());
    }

    @Test
    @Timeout(10)
    void statsReportTheMedianAndMaximumAcquireLatencyOnThePoolsTicker() throws Exception {
        try (PodPool pool = manualBuilder().size(0).closeTimeout(Duration.ofMillis(1)).build()) {
            assertEquals(Duration.ZERO, pool.stats().lockedAcquireMedian());
            assertEquals(Duration.ZERO, pool.stats().lockedAcquireMax());
            // No warm pods (size 0): each borrow waits while the fake ticker moves, then the
            // pod made for it arrives. Its latency is exactly the time the ticker moved.
            for (long ms : new long[] {10, 30, 20}) {
                AtomicReference<Thread> borrower = new AtomicReference<>();
                Future<PodLease> lease = threads(1).submit(() -> {
                    borrower.set(Thread.currentThread());
                    return pool.borrow(Duration.ofSeconds(5));
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!parkedOnCondition(borrower.get()) || internals(pool).waiting() != 1) {
                    assertFalse(lease.isDone(), "a borrow returned before its pod was made");
                    assertTrue(System.nanoTime() < deadline, "the borrower never waited");
                    Thread.sleep(1);
                }
                ticker.advance(Duration.ofMillis(ms));
                manual.drain();
                lease.get(5, TimeUnit.SECONDS).close();
            }
            manual.drain();
            PodPoolStats s = pool.stats();
            assertEquals(3, s.acquires());
            assertEquals(Duration.ofMillis(20), s.lockedAcquireMedian(), "the median of 10, 30 and 20 ms");
            assertEquals(Duration.ofMillis(30), s.lockedAcquireMax());
        }
    }

    @Test
    void zeroAndNegativeTimeoutsAreRefusedNamingTheValue() {
        try (PodPool pool = manualBuilder().closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            pool.current(); // a pod is active: the fast path must check the timeout too
            for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(-1))) {
                IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> pool.borrow(bad));
                assertEquals("timeout must be positive, was " + bad, b.getMessage());
                IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> pool.current(bad));
                assertEquals("timeout must be positive, was " + bad, c.getMessage());
            }
            assertThrows(NullPointerException.class, () -> pool.current(null));
            assertThrows(NullPointerException.class, () -> pool.borrow(null));
            assertEquals(1, factory.made.size(), "no refused call made a pod");
        }
    }

    @Test
    void aLeasedPodRefusesWorkOnceTheLeaseIsReturnedEvenWhenItsPodIsLentAgain() {
        try (PodPool pool = manualBuilder().size(1).reuse(true).closeTimeout(Duration.ofMillis(1)).build()) {
            manual.drain();
            PodLease first = pool.borrow(Duration.ofSeconds(1));
            Pod kept = first.pod();
            assertEquals(1, kept.<Integer>call("x"));
            first.close();
            try (PodLease second = pool.borrow(Duration.ofSeconds(1))) {
                assertEquals(kept.name(), second.pod().name(), "reuse lent the same pod again");
                PodClosedException e = assertThrows(PodClosedException.class, () -> kept.call("x"));
                assertTrue(e.getMessage().contains("lease of pod 't#1' is closed: cannot call x"), e.getMessage());
                assertTrue(e.getMessage().contains("pool.borrow(timeout)"), e.getMessage());
                assertThrows(PodClosedException.class, kept::classLoader);
                assertThrows(PodClosedException.class, () -> kept.eval("1"));
                assertTrue(kept.isClosed());
                kept.close(); // must not close the pod the second borrower holds now
                assertEquals(1, second.pod().<Integer>call("x"));
                assertFalse(factory.made.get(0).isClosed());
            }
            PodLease third = pool.borrow(Duration.ofSeconds(1));
            pool.close();
            PodClosedException e = assertThrows(PodClosedException.class, third::pod);
            assertTrue(e.getMessage().contains("pool 't'") && e.getMessage().contains("build a new pool"),
                    e.getMessage());
        }
    }

    @Test
    void aClosedPoolSaysSoAndNotToTakeAPodFromAPool() {
        PodPool pool = manualBuilder().closeTimeout(Duration.ofMillis(1)).build();
        pool.close();
        PodClosedException e = assertThrows(PodClosedException.class, pool::current);
        assertEquals("pool 't' is closed: cannot current(); a closed pool hands out no pods; build a new pool with"
                + " PodPool.builder(env)", e.getMessage());
        assertEquals("t", e.podName());
    }
}
