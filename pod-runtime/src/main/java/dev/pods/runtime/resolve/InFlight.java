package dev.pods.runtime.resolve;

/**
 * One in-flight resolution that other threads wait for: completed once, with a result or a
 * failure. A minimal future (monitor wait/notify) instead of {@code CompletableFuture}, whose
 * first use loads the common fork-join pool's machinery on the disk-cache fast path.
 */
final class InFlight {
    private Resolution result;
    private Throwable failure;
    private boolean done;

    synchronized void complete(Resolution r) {
        result = r;
        done = true;
        notifyAll();
    }

    synchronized void fail(Throwable t) {
        failure = t;
        done = true;
        notifyAll();
    }

    /** The result, or the owner's failure rethrown (same instance: it is already one of ours). */
    synchronized Resolution await() throws InterruptedException {
        while (!done) {
            wait();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("resolution failed", failure);
        }
        return result;
    }
}
