package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The child JVM of a {@linkplain Isolation#PROCESS process pod} is gone: pod code called
 * {@code System.exit}, the JVM ran out of memory or crashed, someone killed it, or the runtime
 * killed it because a timed call passed its deadline. Raised by the calls in flight when it
 * died and by every later one; the pod counts as closed ({@link Pod#isClosed()}) and a pool
 * replaces it. The host is unaffected.
 *
 * <pre>{@code
 * try {
 *     pod.call("com.acme.Tool/run");
 * } catch (PodProcessException e) {
 *     log.warn("pod died with exit code {}: {}", e.exitCode(), e.stderrTail());
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodProcessException extends PodException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitCode;
    private final String stderrTail;

    /**
     * @param message    what was asked and what happened to the process
     * @param pid        the child's process id
     * @param exitCode   its exit code (on Unix, 128 + the signal number when a signal ended it)
     * @param stderrTail the last lines the child wrote to its standard error ({@code ""} when none)
     */
    public PodProcessException(String message, long pid, int exitCode, String stderrTail) {
        super(message);
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    /** The process id the pod's JVM had. */
    public long pid() {
        return pid;
    }

    /**
     * The exit code of the pod's JVM: what {@code System.exit} was given, {@code 3} after an
     * {@code OutOfMemoryError} (the runtime's default {@code -XX:+ExitOnOutOfMemoryError}), and on
     * Unix {@code 128 + n} when signal {@code n} ended it ({@code 137} for {@code kill -9}).
     */
    public int exitCode() {
        return exitCode;
    }

    /** The last lines the pod's JVM wrote to its standard error, oldest first; empty when none. */
    public String stderrTail() {
        return stderrTail;
    }
}
