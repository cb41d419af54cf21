package dev.pods.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * An assertion that failed inside a pod, replayed on the host. The pod's assertion classes are
 * not the host's, so the remote error is carried as data: its class name (also at the head of
 * the message), message, stack trace, causes and suppressed errors, and expected and actual
 * values when it had them (so that IDEs can show the difference).
 *
 * <p>Assertions whose class the host shares by definition keep their own type instead:
 * {@code java.lang.AssertionError} and opentest4j's {@code AssertionFailedError}.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodAssertionError extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    PodAssertionError(String remoteClassName, String remoteMessage, boolean withValues, String expected,
                      String actual) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage),
                withValues ? expected : null, withValues ? actual : null);
        this.remoteClassName = remoteClassName;
    }

    /** The binary name of the assertion's class inside the pod. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
