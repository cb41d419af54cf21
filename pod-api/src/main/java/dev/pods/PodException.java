package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The root of every error a pod raises. Unchecked: a caller handles the subtypes it can act on
 * and lets the rest propagate.
 *
 * <ul>
 *   <li>{@link PodResolutionException}: a dependency could not be resolved;</li>
 *   <li>{@link PodEvalException}: code sent as a string did not compile or failed;</li>
 *   <li>{@link PodCallException}: a call threw inside the pod (the remote exception as data);</li>
 *   <li>{@link PodBridgeException}: a value cannot cross the pod boundary;</li>
 *   <li>{@link PodClosedException}: the pod or pool was closed;</li>
 *   <li>{@link PodTimeoutException}: a deadline passed;</li>
 *   <li>{@link PodTargetException}: a call target is not {@code pkg.Class/method} nor
 *       {@code clojure:namespace/name};</li>
 *   <li>{@link PodProcessException}: the child JVM of a process pod is gone (exit code and the
 *       end of its standard error).</li>
 * </ul>
 *
 * <p>Messages say what was asked, what failed and what to do next.
 */
@API(status = STABLE, since = "1.0")
public class PodException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PodException(String message) {
        super(message);
    }

    public PodException(String message, Throwable cause) {
        super(message, cause);
    }
}
