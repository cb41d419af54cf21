package dev.pods.runtime.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * Offers evaluators for one or more language names. The runtime knows the built-in ones (Java
 * through JShell, Clojure, JSR-223 engines found in the pod).
 */
@API(status = INTERNAL, since = "1.0")
public interface EvaluatorProvider {

    /** The language names this provider answers to in {@code ctx}'s pod (empty when unavailable there). */
    Set<String> languages(EvalContext ctx);

    /** Makes an evaluator for {@code language} (one of {@link #languages}) in the pod. */
    Evaluator create(String language, EvalContext ctx);
}
