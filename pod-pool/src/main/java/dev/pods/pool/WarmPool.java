package dev.pods.pool;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodPoolStats;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.Pods;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool behind {@link PodPool.Builder#build()}.
 *
 * <p><b>Design.</b> The active pod sits in a volatile field, so {@link #current()} is one
 * volatile read (plus a striped counter) once the first pod is promoted. Everything else (the
 * warm queue, pods out on lease, warmers in flight, pending retries, waiting acquirers and the
 * counters) is guarded by one {@link ReentrantLock}, held only for bookkeeping: pods are never
 * made, initialised or closed under it. Work that takes time (making and warming pods, the
 * destroy hook and {@link Pod#close()}) runs on the executor, so {@link #refresh()} and the
 * return of a lease never wait for it.
 *
 * <p><b>How many pods.</b> Without reuse the pool keeps {@code size} warm pods plus one for
 * every acquirer that is waiting; each pod taken (promoted by {@code current()}/{@code refresh()}
 * or lent) starts a replacement, and a returned lease's pod is destroyed. With reuse the pool
 * owns at most {@code max(size, 1)} lendable pods (warm or on lease) besides the current one;
 * borrowers beyond that wait for a return.
 *
 * <p><b>Failures.</b> A failed make-and-init attempt is retried after a backoff measured on the
 * ticker (initial, doubled, capped); due retries are handed to the executor by a timer, or
 * earlier by {@link #runDueRetries()}. When a warmer has used all its attempts it gives up; an
 * acquirer that was waiting meanwhile, and for whom no other warmer is in flight, gets a
 * {@link PodException} whose cause is the last failure. The next acquire starts a new round of
 * attempts, so a transient failure does not poison the pool.
 *
 * <p><b>Time.</b> The ticker drives backoff and the latency statistics; blocking waits
 * ({@code current(timeout)}, {@code borrow(timeout)}, {@code close()}) are measured in real time.
 *
 * <p><b>Close.</b> Stops warming (pods that finish warming afterwards are destroyed), destroys
 * the current pod, the warm pods and the pods still out on lease (a pod's own close lets calls
 * in flight finish within its grace period), and waits up to the close timeout for that work.
 * A lease returned after close is a no-op. {@code current}, {@code refresh}, {@code borrow} and
 * {@link Lease#pod()} then raise {@link PodClosedException}; {@code stats()}, {@code env()} and
 * {@code isClosed()} keep answering.
 *
 * <p>Thread-safe. No static state.
 */
final class WarmPool implements PodPool {
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    private static final int SAMPLES = 256;
    private static final long NO_LIMIT = -1;

    private enum Kind { CURRENT, REFRESH, BORROW }

    private final Settings settings;
    private final PodEnv env;
    private final String name;
    private final Function<PodEnv, Pod> factory;
    private final LongSupplier ticker;
    private final Executor executor;
    private final ThreadPoolExecutor ownExecutor;

    /** The current pod: the hot path reads only this (and {@link #fastAcquires}). */
    private volatile Pod active;
    private volatile boolean closed;
    private final LongAdder fastAcquires = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // ---- guarded by lock ----
    private final ArrayDeque<Pod> warm = new ArrayDeque<>();
    private final Set<Pod> leased = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Retry> retries = new ArrayList<>();
    private boolean timerArmed;
    private int warming;
    private int waiters;
    private int borrowWaiters;
    private int otherWaiters;
    private int destroying;
    private long failureSeq;
    private Throwable lastFailure;
    private long created;
    private long failed;
    private long retired;
    private long slowAcquires;
    private final long[] samples = new long[SAMPLES];
    private int sampleCount;
    private long maxAcquireNanos;

    private record Retry(long dueNanos, int attempt) {
    }

    private WarmPool(Settings settings) {
        this.settings = settings;
        this.env = settings.env();
        this.name = env.name();
        this.factory = settings.podFactory() != null ? settings.podFactory() : Pods::create;
        this.ticker = settings.ticker();
        if (settings.executor() != null) {
            this.executor = settings.executor();
            this.ownExecutor = null;
        } else {
            int width = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.ownExecutor = new ThreadPoolExecutor(width, width, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("pods-pool-" + name));
            this.ownExecutor.allowCoreThreadTimeOut(true);
            this.executor = ownExecutor;
        }
    }

    static WarmPool start(Settings settings) {
        WarmPool pool = new WarmPool(Objects.requireNonNull(settings, "settings"));
        int n;
        pool.lock.lock();
        try {
            n = pool.deficitLocked();
        } finally {
            pool.lock.unlock();
        }
        pool.launchWarmers(n);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger seq = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- the contract ---------------------------------------------------------------------

    @Override
    public PodEnv env() {
        return env;
    }

    @Override
    public Pod current() {
        Pod p = active;
        if (p != null && !p.isClosed()) {
            fastAcquires.increment();
            return p;
        }
        return acquire(Kind.CURRENT, NO_LIMIT, null);
    }

    @Override
    public Pod current(Duration timeout) {
        long nanos = nanos(timeout);
        Pod p = active;
        if (p != null && !p.isClosed()) {
            fastAcquires.increment();
            return p;
        }
        return acquire(Kind.CURRENT, nanos, timeout);
    }

    @Override
    public Pod refresh() {
        return acquire(Kind.REFRESH, NO_LIMIT, null);
    }

    @Override
    public PodLease borrow(Duration timeout) {
        Pod pod = acquire(Kind.BORROW, nanos(timeout), timeout);
        return new Lease(this, pod);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public PodPoolStats stats() {
        lock.lock();
        try {
            int n = Math.min(sampleCount, SAMPLES);
            long[] copy = Arrays.copyOf(samples, n);
            Arrays.sort(copy);
            Duration median = n == 0 ? Duration.ZERO : Duration.ofNanos(copy[n / 2]);
            return new PodPoolStats(created, failed, warm.size(), leased.size(), retired,
                    slowAcquires + fastAcquires.sum(), median, Duration.ofNanos(maxAcquireNanos));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<Pod> doomed = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Pod a = active;
            active = null;
            if (a != null) {
                doomed.add(a);
            }
            doomed.addAll(warm);
            warm.clear();
            doomed.addAll(leased);
            leased.clear();
            warming -= retries.size();
            retries.clear();
            retired += doomed.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.debug("closing pool '{}': destroying {} pods", name, doomed.size());
        for (Pod p : doomed) {
            destroyAsync(p);
        }
        long deadline = System.nanoTime() + nanos(settings.closeTimeout());
        lock.lock();
        try {
            while (destroying > 0 || warming > 0) {
                long rem = deadline - System.nanoTime();
                if (rem <= 0) {
                    log.warn("pool '{}' closed with {} pods still being destroyed and {} warmers running after {};"
                            + " they finish in the background", name, destroying, warming, settings.closeTimeout());
                    break;
                }
                changed.awaitNanos(rem);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "PodPool[" + name + (closed ? ", closed" : "") + "]";
    }

    // ---- acquiring ----------------------------------------------------------------------

    private Pod acquire(Kind kind, long timeoutNanos, Duration timeout) {
        long t0 = ticker.getAsLong();
        long deadline = timeoutNanos == NO_LIMIT ? 0 : System.nanoTime() + timeoutNanos;
        Pod got;
        Pod[] retiredOut = new Pod[1];
        int toLaunch;
        lock.lock();
        try {
            long seq = failureSeq;
            boolean counted = false;
            try {
                while (true) {
                    if (closed) {
                        throw closedException(kind);
                    }
                    got = takeLocked(kind, retiredOut);
                    if (got != null) {
                        break;
                    }
                    if (!counted) {
                        counted = true;
                        countWaiter(kind, 1);
                    }
                    if (failureSeq != seq && warming == 0) {
                        throw failure(kind);
                    }
                    int n = deficitLocked();
                    if (n > 0) {
                        lock.unlock();
                        try {
                            launchWarmers(n);
                        } finally {
                            lock.lock();
                        }
                        continue;
                    }
                    if (timeoutNanos == NO_LIMIT) {
                        changed.await();
                    } else {
                        long rem = deadline - System.nanoTime();
                        if (rem <= 0) {
                            throw new PodTimeoutException("waiting in pool '" + name + "' for a warm pod (" + what(kind)
                                    + "; " + warm.size() + " warm, " + warming + " warming, " + leased.size()
                                    + " on lease)", timeout);
                        }
                        changed.awaitNanos(rem);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PodException("interrupted while waiting in pool '" + name + "' for a warm pod ("
                        + what(kind) + ")", e);
            } finally {
                if (counted) {
                    countWaiter(kind, -1);
                }
            }
            toLaunch = deficitLocked();
            recordLocked(ticker.getAsLong() - t0);
        } finally {
            lock.unlock();
        }
        launchWarmers(toLaunch);
        if (retiredOut[0] != null) {
            destroyAsync(retiredOut[0]);
        }
        return got;
    }

    private Pod takeLocked(Kind kind, Pod[] retiredOut) {
        Pod stale = null;
        if (kind == Kind.CURRENT && active != null) {
            if (!active.isClosed()) {
                return active;
            }
            stale = active; // closed behind the pool's back: replace it as a refresh would
        }
        Pod p;
        while ((p = warm.pollFirst()) != null && p.isClosed()) {
            retired++; // closed behind the pool's back (a reused pod closed by its borrower)
        }
        if (p == null) {
            return null;
        }
        switch (kind) {
            case CURRENT:
                active = p;
                if (stale != null) {
                    retired++;
                    retiredOut[0] = stale;
                }
                break;
            case REFRESH:
                Pod old = active;
                active = p;
                if (old != null) {
                    retired++;
                    retiredOut[0] = old;
                }
                break;
            default:
                leased.add(p);
                break;
        }
        return p;
    }

    private void countWaiter(Kind kind, int delta) {
        waiters += delta;
        if (kind == Kind.BORROW) {
            borrowWaiters += delta;
        } else {
            otherWaiters += delta;
        }
    }

    /** Warmers to start now to reach the target; counts them as warming. */
    private int deficitLocked() {
        if (closed) {
            return 0;
        }
        int have = warm.size() + warming;
        int want;
        if (settings.reuse()) {
            have += leased.size();
            want = Math.max(settings.size(), borrowWaiters > 0 ? 1 : 0) + otherWaiters;
        } else {
            want = settings.size() + waiters;
        }
        int n = Math.max(0, want - have);
        warming += n;
        return n;
    }

    private void recordLocked(long nanos) {
        nanos = Math.max(0, nanos);
        slowAcquires++;
        samples[sampleCount++ % SAMPLES] = nanos;
        if (sampleCount >= 2 * SAMPLES) {
            sampleCount -= SAMPLES;
        }
        maxAcquireNanos = Math.max(maxAcquireNanos, nanos);
    }

    private PodClosedException closedException(Kind kind) {
        return new PodClosedException(name + " pool", what(kind));
    }

    private static String what(Kind kind) {
        switch (kind) {
            case CURRENT:
                return "current()";
            case REFRESH:
                return "refresh()";
            default:
                return "borrow()";
        }
    }

    private PodException failure(Kind kind) {
        Throwable cause = lastFailure;
        return new PodException("pool '" + name + "' could not make a warm pod for " + what(kind) + ": "
                + settings.maxInitAttempts() + " attempt(s) to create and init a pod failed, the last with "
                + cause + "; check the env's dependencies and the init hook (see the cause)", cause);
    }

    // ---- leases ---------------------------------------------------------------------------

    void release(Pod pod) {
        boolean destroy;
        int n;
        lock.lock();
        try {
            if (!leased.remove(pod)) {
                return; // the pool was closed and destroyed it already
            }
            if (settings.reuse() && !pod.isClosed()) {
                warm.addFirst(pod);
                destroy = false;
                changed.signalAll();
            } else {
                retired++;
                destroy = true;
            }
            n = deficitLocked();
        } finally {
            lock.unlock();
        }
        if (destroy) {
            destroyAsync(pod);
        }
        launchWarmers(n);
    }

    /** An exclusive hold on one pod; see {@link PodLease}. Thread-safe; closing twice is harmless. */
    static final class Lease implements PodLease {
        private final WarmPool pool;
        private final Pod pod;
        private final AtomicBoolean returned = new AtomicBoolean();

        Lease(WarmPool pool, Pod pod) {
            this.pool = pool;
            this.pod = pod;
        }

        @Override
        public Pod pod() {
            if (returned.get()) {
                throw new PodClosedException(pod.name(), "use a lease after it was returned");
            }
            if (pool.closed) {
                throw new PodClosedException(pool.name + " pool", "use a lease after its pool was closed");
            }
            return pod;
        }

        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                pool.release(pod);
            }
        }

        @Override
        public String toString() {
            return "PodLease[" + pod.name() + (returned.get() ? ", returned" : "") + "]";
        }
    }

    // ---- warming --------------------------------------------------------------------------

    private void launchWarmers(int n) {
        for (int i = 0; i < n; i++) {
            launchWarmer(1);
        }
    }

    private void launchWarmer(int attempt) {
        try {
            executor.execute(() -> warmOne(attempt));
        } catch (RejectedExecutionException e) {
            giveUp(e, "the executor refused the warmer");
        }
    }

    private void warmOne(int attempt) {
        if (closed) {
            lock.lock();
            try {
                warming--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        Pod pod = null;
        try {
            pod = factory.apply(env);
            if (pod == null) {
                throw new PodException("the pod factory of pool '" + name + "' returned null");
            }
            settings.init().accept(pod);
        } catch (Throwable t) {
            if (pod != null) {
                destroyNow(pod);
            }
            attemptFailed(attempt, t);
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            return;
        }
        boolean discard;
        lock.lock();
        try {
            warming--;
            discard = closed;
            if (discard) {
                destroying++;
                retired++;
            } else {
                created++;
                warm.addLast(pod);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (discard) {
            dispatchDestroy(pod);
        }
    }

    private void attemptFailed(int attempt, Throwable t) {
        long delay = 0;
        lock.lock();
        try {
            failed++;
            if (closed) {
                warming--;
                changed.signalAll();
                return;
            }
            if (attempt >= settings.maxInitAttempts()) {
                warming--;
                lastFailure = t;
                failureSeq++;
                changed.signalAll();
                log.warn("pool '{}' gave up making a pod after {} attempt(s)", name, attempt, t);
                return;
            }
            delay = backoffNanos(attempt);
            retries.add(new Retry(ticker.getAsLong() + delay, attempt + 1));
            log.info("pool '{}': attempt {} to make a pod failed ({}); retrying in {} ms", name, attempt, t,
                    TimeUnit.NANOSECONDS.toMillis(delay));
            if (timerArmed) {
                return;
            }
            timerArmed = true;
        } finally {
            lock.unlock();
        }
        armTimer(delay);
    }

    private void giveUp(Throwable t, String why) {
        lock.lock();
        try {
            warming--;
            failed++;
            lastFailure = t;
            failureSeq++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.warn("pool '{}': {}", name, why, t);
    }

    long backoffNanos(int attempt) {
        long initial = nanos(settings.initialBackoff());
        long max = nanos(settings.maxBackoff());
        int shift = Math.min(attempt - 1, 62);
        long d = initial << shift;
        return (d >>> shift) != initial || d < 0 ? max : Math.min(d, max);
    }

    private void armTimer(long delayNanos) {
        // The JDK's shared delay scheduler only calls back; the retry itself runs on the executor.
        CompletableFuture.delayedExecutor(Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(1)),
                TimeUnit.NANOSECONDS).execute(this::timerFired);
    }

    private void timerFired() {
        lock.lock();
        try {
            timerArmed = false;
        } finally {
            lock.unlock();
        }
        runDueRetries();
        long next;
        lock.lock();
        try {
            if (closed || retries.isEmpty() || timerArmed) {
                return;
            }
            long now = ticker.getAsLong();
            next = Long.MAX_VALUE;
            for (Retry r : retries) {
                next = Math.min(next, r.dueNanos() - now);
            }
            next = Math.min(Math.max(next, 0), nanos(settings.maxBackoff()));
            timerArmed = true;
        } finally {
            lock.unlock();
        }
        armTimer(next);
    }

    /**
     * Hands the retries that are due by the ticker to the executor. The pool's timer calls it;
     * tests with a fake ticker call it after advancing the ticker. Returns how many it started.
     */
    int runDueRetries() {
        List<Retry> due = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            long now = ticker.getAsLong();
            for (Iterator<Retry> it = retries.iterator(); it.hasNext(); ) {
                Retry r = it.next();
                if (now - r.dueNanos() >= 0) {
                    due.add(r);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Retry r : due) {
            launchWarmer(r.attempt());
        }
        return due.size();
    }

    // ---- destroying -----------------------------------------------------------------------

    private void destroyAsync(Pod pod) {
        lock.lock();
        try {
            destroying++;
        } finally {
            lock.unlock();
        }
        dispatchDestroy(pod);
    }

    private void dispatchDestroy(Pod pod) {
        Runnable task = () -> {
            try {
                destroyNow(pod);
            } finally {
                lock.lock();
                try {
                    destroying--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            Thread t = new Thread(task, "pods-pool-" + name + "-destroy");
            t.setDaemon(true);
            t.start();
        }
    }

    private void destroyNow(Pod pod) {
        try {
            settings.destroy().accept(pod);
        } catch (RuntimeException | LinkageError e) {
            log.warn("pool '{}': the destroy hook failed on pod '{}'; closing it anyway", name, pod.name(), e);
        }
        try {
            pod.close();
        } catch (RuntimeException e) {
            log.warn("pool '{}': closing pod '{}' failed", name, pod.name(), e);
        }
    }

    private static long nanos(Duration d) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative()) {
            throw new IllegalArgumentException("a timeout must not be negative, was " + d);
        }
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
