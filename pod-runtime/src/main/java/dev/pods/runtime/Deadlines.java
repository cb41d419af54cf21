package dev.pods.runtime;

import dev.pods.PodException;
import dev.pods.PodTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timed work of an in-process pod: runs it on a pod thread and waits at most the timeout. At the
 * deadline the caller is released at once with {@link PodTimeoutException}; ending the work
 * (interrupt, the evaluator's cancel, and below JDK 20 a stop after a grace) goes on in the
 * background, so code that swallows interrupts or {@code ThreadDeath} cannot hold the caller.
 */
final class Deadlines {
    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

    private final String pod;
    private final PodThreads threads;
    private final ClassLoader host;
    private final Duration stopGrace;

    Deadlines(String pod, PodThreads threads, ClassLoader host, Duration stopGrace) {
        this.pod = pod;
        this.threads = threads;
        this.host = host;
        this.stopGrace = stopGrace;
    }

    /** Refuses a timeout that is not positive, naming what it was for. */
    static void checkTimeout(Duration timeout, String what) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + ": the timeout must be positive, was " + timeout
                    + "; to call without a deadline use call/eval");
        }
    }

    /**
     * Runs {@code work} with a deadline; {@code cancel} asks the evaluators to stop the worker
     * (null for plain calls).
     */
    @SuppressWarnings("unchecked")
    <T> T run(Duration timeout, String what, Supplier<?> work, java.util.function.Consumer<Thread> cancel) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = threads.make(() -> {
            try {
                result[0] = work.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "timed", host);
        worker.start();
        long nanos = timeout.toNanos();
        try {
            worker.join(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endInBackground(worker, cancel);
            throw new PodException(what + " in pod '" + pod + "' was abandoned: the calling thread was interrupted", e);
        }
        if (worker.isAlive()) {
            endInBackground(worker, cancel);
            throw new PodTimeoutException(what + " in pod '" + pod + "'", timeout);
        }
        if (failure[0] instanceof RuntimeException) {
            throw (RuntimeException) failure[0];
        }
        if (failure[0] instanceof OutOfMemoryError) {
            throw (OutOfMemoryError) failure[0];
        }
        if (failure[0] != null) {
            throw new PodException(what + " in pod '" + pod + "' failed: " + failure[0], failure[0]);
        }
        return (T) result[0];
    }

    private void endInBackground(Thread worker, java.util.function.Consumer<Thread> cancel) {
        worker.interrupt();
        threads.make(() -> {
            if (cancel != null) {
                cancel.accept(worker);
            }
            join(worker);
            if (worker.isAlive() && Reaper.stop(worker)) {
                join(worker);
            }
            if (worker.isAlive()) {
                LOG.warn("pod '{}': thread {} ignored the interrupt at its deadline{}; it keeps running until the pod"
                        + " closes", pod, worker.getName(), Reaper.CAN_STOP ? " and Thread.stop" : "");
            }
        }, "deadline", host).start();
    }

    private void join(Thread t) {
        try {
            t.join(Math.max(1, stopGrace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
