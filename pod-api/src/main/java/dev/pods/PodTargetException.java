package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A call target that is not one: not {@code pkg.Class/method} nor {@code clojure:namespace/name}.
 * Raised by {@link CallTarget#parse} wherever a target is given (a call, a reload loop's start
 * and stop, the command line), before anything is loaded. The message names the text, what is
 * wrong with it and the shape expected.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public class PodTargetException extends PodException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final String problem;

    public PodTargetException(String target, String problem, String message) {
        super(message);
        this.target = Objects.requireNonNull(target, "target");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The text given as a target. */
    public String target() {
        return target;
    }

    /** What is wrong with it, e.g. {@code has no '/' between the class and the method}. */
    public String problem() {
        return problem;
    }
}
