package dev.pods.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodException;
import org.apiguardian.api.API;

/**
 * A {@link PodMatrix} or {@link PodTest} that cannot run as written: an artifact that is not on
 * the test classpath, a version that does not resolve, a range that holds no version, a test
 * classpath that cannot be found. It fails the class (or the one version) as the test's
 * failure; the message says what was asked, what was found and what to change.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class PodMatrixException extends PodException {
    private static final long serialVersionUID = 1L;

    public PodMatrixException(String message) {
        super(message);
    }

    public PodMatrixException(String message, Throwable cause) {
        super(message, cause);
    }
}
