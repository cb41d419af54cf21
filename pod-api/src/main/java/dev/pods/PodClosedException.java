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

    /** The name of the closed pod or pool. */
    public String podName() {
        return podName;
    }
}
