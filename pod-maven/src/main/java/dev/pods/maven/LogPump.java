package dev.pods.maven;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that hands pod output to Maven's loggers, in order.
 *
 * <p>Why a thread of its own: the runtime routes {@code System.out} per thread, and a pod's
 * threads are routed to the pod's sink. Maven's loggers print to {@code System.out}; called on a
 * pod's thread they would print into the same sink again, without end. This thread is made by
 * the build's thread outside any pod, so it carries no pod's route and its writes reach Maven's
 * console (or its {@code -l} log file) as Maven's own do.
 *
 * <p>Thread-safe. {@link #run} waits for its task, {@link #sync} for what was submitted before
 * it; {@link #close} runs what is queued and ends the thread. A bounded wait that runs out lets
 * the writer go on (a stuck logger must not hang the pod); the line is still logged later.
 */
final class LogPump implements AutoCloseable {
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Guards {@link #closed} against a task queued behind STOP, where it would never run. */
    private final Object lock = new Object();
    private boolean closed;

    LogPump(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(LogPump.class.getClassLoader());
        thread.start();
    }

    private void run() {
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                // Only close ends this thread; an interrupt from elsewhere is ignored.
                continue;
            }
            if (r == STOP) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                // A logger failing must not end the pump: the next line may well succeed.
            }
        }
    }

    /**
     * Runs {@code r} on the pump and waits (up to {@code millis}) until it has: a line a pod
     * prints is in the log before the print returns, so it keeps its place among the lines the
     * mojo logs itself.
     */
    void run(Runnable r, long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued;
        synchronized (lock) {
            queued = !closed && thread.isAlive() && Thread.currentThread() != thread;
            if (queued) {
                queue.add(() -> {
                    try {
                        r.run();
                    } finally {
                        done.complete(null);
                    }
                });
            }
        }
        if (!queued) {
            r.run(); // closed: the caller logs the line itself
            return;
        }
        await(done, millis);
    }

    /** Waits up to {@code millis} for everything submitted before this call to have run. */
    void sync(long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closed || !thread.isAlive() || Thread.currentThread() == thread) {
                return;
            }
            queue.add(() -> done.complete(null));
        }
        await(done, millis);
    }

    private static void await(CompletableFuture<Void> done, long millis) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (true) {
                try {
                    done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException | ExecutionException e) {
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        sync(5_000);
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP); // nothing is queued after it: later lines are logged by their writers
        }
    }
}
