package dev.pods;

/**
 * Raised by any operation on a pod, lease or pool that has been closed. A closed pod never
 * does work again; take a new one (from {@code Pods.create} or a pool).
 */
public final class PodClosedException extends PodException {
    private static final long serialVersionUID = 1L;

    private final String podName;

    public PodClosedException(String podName, String operation) {
        super("pod '" + podName + "' is closed: cannot " + operation
                + "; create a new pod or take one from a pool");
        this.podName = podName;
    }

    /**
     * A call that was running when its pod closed and did not end within close's grace period:
     * close interrupted it, and {@code cause} is how it ended (null when it returned anyway).
     */
    public PodClosedException(String podName, String operation, Throwable cause) {
        super("pod '" + podName + "' was closed while it ran: " + operation + " was cut short after close's"
                + " grace period (the pod's work was interrupted)", cause);
        this.podName = podName;
    }

    /** The name of the closed pod or pool. */
    public String podName() {
        return podName;
    }
}
