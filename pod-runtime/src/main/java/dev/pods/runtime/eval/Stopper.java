package dev.pods.runtime.eval;

import java.util.HashSet;
import java.util.Set;

/**
 * Knows which threads are running user code right now and stops one on request. On JDK 17 a loop
 * that ignores interrupts can only be ended with {@link Thread#stop()}; the stop is sent only
 * while the thread is inside user code, never into the evaluator's own bookkeeping. (The
 * asynchronous {@code ThreadDeath} may still land a moment later, just after the user code
 * returned: evaluators treat a {@code ThreadDeath} anywhere in an eval as a cancellation.)
 */
final class Stopper {
    private final Object lock = new Object();
    private final Set<Thread> running = new HashSet<>();

    void enter() {
        synchronized (lock) {
            running.add(Thread.currentThread());
        }
    }

    void leave() {
        synchronized (lock) {
            running.remove(Thread.currentThread());
        }
    }

    /** Stops {@code thread} if it is running user code now; returns whether a stop was sent. */
    @SuppressWarnings({"deprecation", "removal"})
    boolean stop(Thread thread) {
        synchronized (lock) {
            if (!running.contains(thread)) {
                return false;
            }
            try {
                thread.stop();
                return true;
            } catch (UnsupportedOperationException e) {
                // JDK 20+: Thread.stop is gone; the interrupt the pod sent is all there is.
                return false;
            }
        }
    }
}
