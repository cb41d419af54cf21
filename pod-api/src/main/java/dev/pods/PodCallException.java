package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An exception thrown by code inside a pod, carried to the host as data. The pod's exception
 * classes are not the host's, so the remote exception is never handed over as an object: its
 * class name, message and stack trace are copied, and its cause chain becomes a chain of
 * {@code PodCallException}s ({@link #getCause()}).
 *
 * <pre>{@code
 * try {
 *     pod.call("com.acme.Parser/parse", "[1, 2");
 * } catch (PodCallException e) {
 *     if (e.remoteClassName().equals("com.acme.ParseException")) { ... }
 * }
 * }</pre>
 */
@API(status = STABLE, since = "1.0")
public final class PodCallException extends PodException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final List<StackTraceElement> remoteStackTrace;

    public PodCallException(String what, String remoteClassName, String remoteMessage,
                            List<StackTraceElement> remoteStackTrace, PodCallException remoteCause) {
        super(what + " threw " + remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage),
                remoteCause);
        this.remoteClassName = Objects.requireNonNull(remoteClassName, "remoteClassName");
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = List.copyOf(remoteStackTrace);
    }

    /** The binary name of the exception's class inside the pod, e.g. {@code java.lang.IllegalStateException}. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The remote exception's message, or null when it had none. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The remote exception's stack trace, innermost frame first. */
    public List<StackTraceElement> remoteStackTrace() {
        return remoteStackTrace;
    }

    /** The remote cause, carried as data too; null at the end of the chain. */
    public PodCallException remoteCause() {
        return (PodCallException) getCause();
    }
}
