package dev.pods.pool;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodPoolStats;
import dev.pods.PodTimeoutException;
import dev.pods.internal.PoolSettings;
import dev.pods.runtime.Pods;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * warm queue, pods out on lease, retired pods in their grace, attempts in flight, scheduled
 * retries, waiting acquirers and the counters) is guarded by one {@link ReentrantLock}, held
 * only for bookkeeping: pods are never made, initialised or closed under it. Work that takes
 * time (making and warming pods, the destroy hook and {@link Pod#close()}) runs on the
 * executor, so {@link #refresh()} and the return of a lease never wait for it.
 *
 * <p><b>Retiring without breaking callers.</b> {@code current()} hands out the pod itself (no
 * wrapper: calls go straight to the pod), so the pool cannot see a caller entering a call, nor
 * know how long a caller keeps the reference. A refresh therefore swaps the active pod at once
 * but destroys the old one only after the retire grace, measured on the ticker from the swap.
 * Every caller that read the old pod did so before the swap, so it has at least the grace to
 * enter the calls it makes right after; calls still running when the grace ends get the pod's
 * own close grace. Without the grace, a pod handed out a moment before a refresh could be
 * closed before its caller's first call (about once in 100,000 calls under a refresh loop). A
 * caller that keeps the reference longer than the grace gets {@link PodClosedException},
 * whose message says to take {@code current()} per piece of work or to borrow a lease. Due
 * retirements reach the executor through the same timer as retries; {@link #close()} destroys
 * pods still in their grace at once.
 *
 * <p><b>How many pods.</b> Without reuse the pool keeps {@code size} warm pods plus one for
 * every acquirer that is waiting; each pod taken (promoted by {@code current()}/{@code refresh()}
 * or lent) starts a replacement, and a returned lease's pod is destroyed. With reuse the pool
 * owns at most {@code max(size, 1)} lendable pods (warm or on lease) besides the current one;
 * borrowers beyond that wait for a return.
 *
 * <p><b>Failures: one round at a time.</b> Until an attempt to make and init a pod has
 * succeeded (at the start, and again after any failure), at most one attempt of the current
 * round runs: the first probes, a failed one is retried after the backoff (initial, doubled,
 * capped) on the ticker. Every acquirer that waits meanwhile joins that round instead of
 * starting its own, so an env that cannot resolve costs exactly {@code maxInitAttempts}
 * attempts however many wait. When the round's last attempt fails, each waiter gets a
 * {@link PodException} whose cause is the last failure, the earlier ones suppressed; the next
 * acquire starts a new round, so a transient failure does not poison the pool. Once an attempt
 * succeeds the pool warms in parallel again. Attempts already running in parallel when the
 * first one failed count towards the round; one still running when its round gives up counts
 * towards none (its pod is kept if it succeeds).
 *
 * <p><b>Time.</b> The ticker drives backoff, the retire grace and the latency statistics;
 * blocking waits ({@code current(timeout)}, {@code borrow(timeout)}, {@code close()}) are
 * measured in real time. A timer on the JDK's shared delay scheduler
 * ({@code CompletableFuture.delayedExecutor}) wakes the pool when a retry or a retirement
 * falls due; the work itself runs on the executor. Tests with a fake ticker call
 * {@link #runDue()} after advancing it.
 *
 * <p><b>Close.</b> Stops warming (pods that finish warming afterwards are destroyed), destroys
 * the current pod, the warm pods, the retired pods still in their grace and the pods out on
 * lease (a pod's own close lets calls in flight finish within its grace period), and waits up
 * to the close timeout for that work. A lease returned after close is a no-op. {@code current},
 * {@code refresh}, {@code borrow} and a lease's pod then raise {@link PodClosedException};
 * {@code stats()}, {@code env()} and {@code isClosed()} keep answering.
 *
 * <p>Thread-safe. No static state.
 */
final class WarmPool implements PodPool {
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    private static final long NO_LIMIT = -1;
    private static final long NO_TIMER = Long.MAX_VALUE;
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private enum Kind { CURRENT, REFRESH, BORROW }

    private final PoolSettings settings;
    private final PodEnv env;
    private final String name;
    private final Function<PodEnv, Pod> factory;
    private final LongSupplier ticker;
    private final Executor executor;
    private final ThreadPoolExecutor ownExecutor;
    private final long graceNanos;

    /** The current pod: the hot path reads only this (and {@link #fastAcquires}). */
    private volatile Pod active;
    private volatile boolean closed;
    private final LongAdder fastAcquires = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // ---- guarded by lock ----
    private final ArrayDeque<Pod> warm = new ArrayDeque<>();
    private final Set<Pod> leased = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Retired pods in their grace, oldest first (one grace for all, so also in due order). */
    private final ArrayDeque<Retiring> retiring = new ArrayDeque<>();
    private final List<Retry> retries = new ArrayList<>();
    /** The ticker time the earliest armed timer is for, or {@link #NO_TIMER}. */
    private long timerDue = NO_TIMER;
    /** Attempts running or scheduled, of any round. */
    private int warming;
    private int waiters;
    private int borrowWaiters;
    private int otherWaiters;
    private int destroying;
    /** The last attempt to finish succeeded: warm in parallel. Until then, one attempt at a time. */
    private boolean proven;
    private long round;
    /** Attempts of the current round running or scheduled. */
    private int roundInFlight;
    private final List<Throwable> roundFailures = new ArrayList<>();
    /** Rounds given up so far: a waiter that sees it change gets {@link #lastRoundFailures}. */
    private long failureSeq;
    private List<Throwable> lastRoundFailures = List.of();
    private long created;
    private long failed;
    private long retired;
    private final AcquireStats latency = new AcquireStats();

    private record Retry(long dueNanos, long round) {
    }

    private record Retiring(Pod pod, long dueNanos) {
    }

    /** Attempts to start, all of one round; decided under the lock, started outside it. */
    private record Launch(int count, long round) {
        static final Launch NONE = new Launch(0, 0);
    }

    private WarmPool(PoolSettings settings) {
        this.settings = settings;
        this.env = settings.env();
        this.name = env.name();
        this.factory = settings.podFactory() != null ? settings.podFactory() : Pods::create;
        this.ticker = settings.ticker();
        this.graceNanos = nanos(settings.retireGrace(), "retireGrace");
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

    static WarmPool start(PoolSettings settings) {
        WarmPool pool = new WarmPool(Objects.requireNonNull(settings, "settings"));
        Launch first;
        pool.lock.lock();
        try {
            first = pool.deficitLocked();
        } finally {
            pool.lock.unlock();
        }
        pool.launch(first);
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
        long nanos = nanos(timeout, "timeout");
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
        Pod pod = acquire(Kind.BORROW, nanos(timeout, "timeout"), timeout);
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
            long fast = fastAcquires.sum();
            return new PodPoolStats(created, failed, warm.size(), leased.size(), retired,
                    latency.count() + fast, fast, latency.median(), latency.max());
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
            retired += doomed.size(); // pods in their grace were counted when retired
            for (Retiring r : retiring) {
                doomed.add(r.pod());
            }
            retiring.clear();
            warming -= retries.size();
            retries.clear();
            roundInFlight = 0;
            destroying += doomed.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.debug("closing pool '{}': destroying {} pods", name, doomed.size());
        for (Pod p : doomed) {
            dispatchDestroy(p);
        }
        long deadline = System.nanoTime() + nanos(settings.closeTimeout(), "closeTimeout");
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
        Pod[] staleOut = new Pod[1];
        Launch more;
        lock.lock();
        try {
            long seq = failureSeq;
            boolean counted = false;
            try {
                while (true) {
                    if (closed) {
                        throw closedException(kind);
                    }
                    got = takeLocked(kind, staleOut);
                    if (got != null) {
                        break;
                    }
                    if (!counted) {
                        counted = true;
                        countWaiter(kind, 1);
                    }
                    if (failureSeq != seq) {
                        throw failure(kind); // the round this acquirer waited on gave up
                    }
                    Launch n = deficitLocked();
                    if (n.count() > 0) {
                        lock.unlock();
                        try {
                            launch(n);
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
            more = deficitLocked();
            latency.record(ticker.getAsLong() - t0);
            if (staleOut[0] != null) {
                destroying++;
            }
        } finally {
            lock.unlock();
        }
        launch(more);
        if (staleOut[0] != null) {
            dispatchDestroy(staleOut[0]);
        }
        return got;
    }

    /**
     * Takes a pod for {@code kind}, or null when none is warm. A current pod that was closed
     * behind the pool's back goes to {@code staleOut}, to be destroyed at once; a current pod
     * replaced by a refresh starts its grace.
     */
    private Pod takeLocked(Kind kind, Pod[] staleOut) {
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
                    staleOut[0] = stale;
                }
                break;
            case REFRESH:
                Pod old = active;
                active = p;
                if (old != null) {
                    retireLocked(old);
                }
                break;
            default:
                leased.add(p);
                break;
        }
        return p;
    }

    /** Starts a retired pod's grace: it is destroyed once the grace has passed on the ticker. */
    private void retireLocked(Pod old) {
        retired++;
        if (old.isClosed()) {
            retiring.addLast(new Retiring(old, ticker.getAsLong())); // nothing to wait for
        } else {
            retiring.addLast(new Retiring(old, ticker.getAsLong() + graceNanos));
        }
        wakeAtLocked(retiring.peekLast().dueNanos());
    }

    private void countWaiter(Kind kind, int delta) {
        waiters += delta;
        if (kind == Kind.BORROW) {
            borrowWaiters += delta;
        } else {
            otherWaiters += delta;
        }
    }

    /**
     * Attempts to start now to reach the target, counted as warming: all that are missing once
     * the env has proven itself, else at most one of the current round at a time.
     */
    private Launch deficitLocked() {
        if (closed) {
            return Launch.NONE;
        }
        int have = warm.size();
        int want;
        if (settings.reuse()) {
            have += leased.size();
            want = Math.max(settings.size(), borrowWaiters > 0 ? 1 : 0) + otherWaiters;
        } else {
            want = settings.size() + waiters;
        }
        int n;
        if (proven) {
            n = Math.max(0, want - have - warming);
        } else {
            // One attempt of the current round at a time; attempts of rounds that gave up do not
            // hold the new round back (they may still fail).
            n = roundInFlight == 0 && want > have ? 1 : 0;
        }
        if (n == 0) {
            return Launch.NONE;
        }
        warming += n;
        roundInFlight += n;
        return new Launch(n, round);
    }

    private PodClosedException closedException(Kind kind) {
        return new PodClosedException(name, "pool '" + name + "'", what(kind),
                "a closed pool hands out no pods; build a new pool with PodPool.builder(env)");
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

    /** The failure of the last round given up: the cause is its last failure, the earlier ones suppressed. */
    private PodException failure(Kind kind) {
        List<Throwable> fs = lastRoundFailures;
        Throwable cause = fs.get(fs.size() - 1);
        PodException e = new PodException("pool '" + name + "' could not make a warm pod for " + what(kind) + ": "
                + fs.size() + " attempt(s) to create and init a pod failed (backoff from " + settings.initialBackoff()
                + " up to " + settings.maxBackoff() + " between them), the last with " + cause
                + "; check the env's dependencies and the init hook (the cause is the last failure, earlier ones"
                + " are suppressed); the next acquire tries again", cause);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(cause);
        for (Throwable t : fs) {
            if (seen.add(t)) {
                e.addSuppressed(t);
            }
        }
        return e;
    }

    // ---- leases ---------------------------------------------------------------------------

    /** A lease's pod comes back: reused, or destroyed at once (its borrower is done with it). */
    void release(Pod pod) {
        boolean destroy;
        Launch more;
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
                destroying++;
                destroy = true;
            }
            more = deficitLocked();
        } finally {
            lock.unlock();
        }
        if (destroy) {
            dispatchDestroy(pod);
        }
        launch(more);
    }

    // ---- warming --------------------------------------------------------------------------

    private void launch(Launch l) {
        for (int i = 0; i < l.count(); i++) {
            launchAttempt(l.round());
        }
    }

    private void launchAttempt(long ofRound) {
        try {
            executor.execute(() -> attempt(ofRound));
        } catch (RejectedExecutionException e) {
            attemptFailed(ofRound, e);
        }
    }

    private void attempt(long ofRound) {
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
            attemptFailed(ofRound, t);
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            return;
        }
        attemptSucceeded(ofRound, pod);
    }

    private void attemptSucceeded(long ofRound, Pod pod) {
        boolean discard;
        Launch more = Launch.NONE;
        lock.lock();
        try {
            warming--;
            discard = closed;
            if (!discard && ofRound == round) {
                roundInFlight--;
            }
            if (discard) {
                destroying++;
                retired++;
            } else {
                created++;
                warm.addLast(pod);
                // The env works: the round is over, and pending retries would only overshoot.
                proven = true;
                roundFailures.clear();
                warming -= retries.size();
                roundInFlight -= retries.size();
                retries.clear();
                more = deficitLocked();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (discard) {
            dispatchDestroy(pod);
        } else {
            // A warm pod that ends while idle (a process pod's JVM killed or crashed, any pod
            // closed behind the pool's back) is replaced now, not at the next acquire.
            pod.onClose(this::closedWhileWarm);
        }
        launch(more);
    }

    /** A pod's close hook: if it was waiting warm, it leaves the pool and another is started. */
    private void closedWhileWarm(Pod pod) {
        Launch more;
        lock.lock();
        try {
            if (closed || !warm.remove(pod)) {
                return; // lent, current, retired or destroyed by the pool: handled where that happens
            }
            retired++;
            more = deficitLocked();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        launch(more);
    }

    private void attemptFailed(long ofRound, Throwable t) {
        lock.lock();
        try {
            failed++;
            warming--;
            proven = false;
            if (closed) {
                changed.signalAll();
                return;
            }
            if (ofRound != round) {
                log.debug("pool '{}': an attempt of a round that already gave up failed too", name, t);
                changed.signalAll();
                return;
            }
            roundInFlight--;
            roundFailures.add(t);
            int n = roundFailures.size();
            if (n >= settings.maxInitAttempts()) {
                lastRoundFailures = List.copyOf(roundFailures);
                roundFailures.clear();
                warming -= retries.size();
                retries.clear();
                round++;
                roundInFlight = 0; // attempts of this round still running now count towards none
                failureSeq++;
                changed.signalAll();
                log.warn("pool '{}' gave up making a pod after {} attempt(s); waiting acquirers get the failure",
                        name, n, t);
                return;
            }
            if (roundInFlight > 0) {
                changed.signalAll();
                log.info("pool '{}': attempt {} to make a pod failed ({}); another attempt is under way", name, n,
                        t.toString());
                return;
            }
            long delay = backoffNanos(n);
            long due = ticker.getAsLong() + delay;
            retries.add(new Retry(due, round));
            warming++;
            roundInFlight++;
            wakeAtLocked(due);
            log.info("pool '{}': attempt {} to make a pod failed ({}); retrying in {} ms", name, n, t.toString(),
                    TimeUnit.NANOSECONDS.toMillis(delay));
        } finally {
            lock.unlock();
        }
    }

    long backoffNanos(int attempt) {
        long initial = nanos(settings.initialBackoff(), "initialBackoff");
        long max = nanos(settings.maxBackoff(), "maxBackoff");
        int shift = Math.min(attempt - 1, 62);
        long d = initial << shift;
        return (d >>> shift) != initial || d < 0 ? max : Math.min(d, max);
    }

    // ---- the timer: retries and retirements fall due on the ticker -------------------------

    /** Makes sure a timer fires by ticker time {@code due}; a timer already due earlier covers it. */
    private void wakeAtLocked(long due) {
        if (closed || due >= timerDue) {
            return;
        }
        timerDue = due;
        long delay = Math.max(0, due - ticker.getAsLong());
        // The JDK's shared delay scheduler only calls back; the work itself runs on the executor.
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> timerFired(due));
    }

    private void timerFired(long due) {
        lock.lock();
        try {
            if (timerDue == due) {
                timerDue = NO_TIMER;
            }
        } finally {
            lock.unlock();
        }
        runDue();
        lock.lock();
        try {
            long next = NO_TIMER;
            for (Retry r : retries) {
                next = Math.min(next, r.dueNanos());
            }
            if (!retiring.isEmpty()) {
                next = Math.min(next, retiring.peekFirst().dueNanos());
            }
            if (next != NO_TIMER) {
                // Not before a short batching delay (a refresh loop retires a pod every few
                // microseconds; grace and backoff are minimums, so a little late is fine), and
                // not after the backoff cap (a fake ticker may not have moved: look again then).
                long now = ticker.getAsLong();
                long cap = now + nanos(settings.maxBackoff(), "maxBackoff");
                wakeAtLocked(Math.max(now + BATCH_NANOS, Math.min(next, cap)));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands what is due by the ticker to the executor: retries, and retired pods whose grace has
     * passed. The timer calls it; tests with a fake ticker call it after advancing the ticker.
     * Returns how many it started.
     */
    int runDue() {
        List<Retry> dueRetries = new ArrayList<>();
        List<Pod> dueRetirements = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            long now = ticker.getAsLong();
            for (Iterator<Retry> it = retries.iterator(); it.hasNext(); ) {
                Retry r = it.next();
                if (now - r.dueNanos() >= 0) {
                    dueRetries.add(r);
                    it.remove();
                }
            }
            while (!retiring.isEmpty() && now - retiring.peekFirst().dueNanos() >= 0) {
                dueRetirements.add(retiring.pollFirst().pod());
            }
            destroying += dueRetirements.size();
        } finally {
            lock.unlock();
        }
        for (Retry r : dueRetries) {
            launchAttempt(r.round());
        }
        for (Pod p : dueRetirements) {
            dispatchDestroy(p);
        }
        return dueRetries.size() + dueRetirements.size();
    }

    // ---- destroying -----------------------------------------------------------------------

    /** Destroys a pod on the executor; the caller has counted it in {@link #destroying}. */
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

    // ---- test hooks -----------------------------------------------------------------------

    /** Acquirers waiting now (tests wait for them to queue up before letting attempts finish). */
    int waiting() {
        lock.lock();
        try {
            return waiters;
        } finally {
            lock.unlock();
        }
    }

    /** Retired pods still in their grace. */
    int retiring() {
        lock.lock();
        try {
            return retiring.size();
        } finally {
            lock.unlock();
        }
    }

    /** A duration as nanoseconds; zero and negative ones are refused, naming the value, as everywhere in the pool API. */
    private static long nanos(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
