package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A deadline passed before the work finished. When the work ran inside a pod, its thread was
 * interrupted (and stopped, where the JVM still allows that); the pod stays usable.
 */
@API(status = STABLE, since = "1.0")
public final class PodTimeoutException extends PodException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public PodTimeoutException(String what, Duration timeout) {
        super(what + " did not finish within " + format(timeout)
                + "; raise the timeout or check the code for a loop or a blocking wait");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The deadline that passed. */
    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() >= 1 ? d.toMillis() + " ms" : d.toNanos() + " ns";
    }
}
