package dev.pods.runtime.eval;

/**
 * Knows which thread is running user code right now and stops it on request. On JDK 17 a loop
 * that ignores interrupts can only be ended with {@link Thread#stop()}; the stop is sent only
 * while the thread is inside user code, never into the evaluator's own bookkeeping. (The
 * asynchronous {@code ThreadDeath} may still land a moment later, just after the user code
 * returned: evaluators treat a {@code ThreadDeath} anywhere in an eval as a cancellation.)
 */
final class Stopper {
    private final Object lock = new Object();
    private Thread running;

    void enter() {
        synchronized (lock) {
            running = Thread.currentThread();
        }
    }

    void leave() {
        synchronized (lock) {
            running = null;
        }
    }

    /** Stops {@code thread} if it is running user code now; returns whether a stop was sent. */
    @SuppressWarnings({"deprecation", "removal"})
    boolean stop(Thread thread) {
        synchronized (lock) {
            if (running == null || running != thread) {
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
