package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Raised by any operation on a pod, lease, pool or other closeable part of Pods that has been
 * closed. What is closed never does work again; the message says what was closed, what was
 * refused, and what to use instead.
 */
@API(status = STABLE, since = "1.0")
public final class PodClosedException extends PodException {
    private static final long serialVersionUID = 1L;

    /**
     * What to do about a closed pod wherever it came from: the pod cannot tell whether its owner,
     * its pool or the user closed it, so the advice names each way out.
     */
    private static final String POD_ADVICE = "a closed pod does no more work. Make a new one (Pods.create); if it"
            + " came from a pool, the pool closed it (after refresh() and its grace, the return of its lease, or"
            + " the pool's close()): take pool.current() again for each piece of work, or hold one pod for as"
            + " long as you need it with pool.borrow(timeout)";

    private final String podName;

    /** A closed pod refused {@code operation} (e.g. {@code "call com.acme.Main/run"}). */
    public PodClosedException(String podName, String operation) {
        this(podName, "pod '" + podName + "'", operation, POD_ADVICE);
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

    /**
     * Something that knows why it is closed refused {@code operation}: a pool, a lease, a
     * resolver, a reload loop, or a pod whose closer knows the circumstances.
     *
     * @param name      the name of the pod or env concerned ({@link #podName()})
     * @param subject   what is closed, as the message names it, e.g. {@code "pool 'web'"}
     * @param operation what was refused, e.g. {@code "borrow()"}
     * @param advice    what to do instead, e.g. {@code "build a new pool"}
     */
    public PodClosedException(String name, String subject, String operation, String advice) {
        super(subject + " is closed: cannot " + operation + "; " + advice);
        this.podName = name;
    }

    /** The name of the closed pod, or of the env of the closed pool, lease or resolver request. */
    public String podName() {
        return podName;
    }
}
