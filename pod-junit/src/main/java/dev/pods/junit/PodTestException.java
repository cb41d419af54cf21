package dev.pods.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodException;
import org.apiguardian.api.API;

/**
 * An exception that a test threw inside a pod, replayed on the host. The pod's exception classes
 * are not the host's, so the remote exception is carried as data: its class name (also at the
 * head of the message), message, stack trace, causes and suppressed exceptions.
 *
 * <p>Exceptions of the JDK's own classes ({@code java.lang.NoSuchMethodError},
 * {@code java.io.IOException}, ...) are the same classes in the pod and on the host, and are
 * replayed as themselves; this type stands for the others.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodTestException extends PodException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    PodTestException(String remoteClassName, String remoteMessage) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.remoteClassName = remoteClassName;
    }

    /** The binary name of the exception's class inside the pod. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
