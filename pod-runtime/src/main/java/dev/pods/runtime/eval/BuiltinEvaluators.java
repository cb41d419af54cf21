package dev.pods.runtime.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The evaluators every pod offers, in priority order: Java (JShell, always), Clojure (when the
 * pod has {@code org.clojure:clojure}), then each JSR-223 engine the pod's own
 * {@code ServiceLoader} finds. For a language name, the pod uses the first provider whose
 * {@link EvaluatorProvider#languages} lists it. Providers are stateless; each
 * {@link EvaluatorProvider#create} makes a lazy evaluator that starts its runtime on the first eval.
 */
@API(status = INTERNAL, since = "1.0")
public final class BuiltinEvaluators {
    private static final List<EvaluatorProvider> PROVIDERS = List.of(
            new JavaEvaluatorProvider(), new ClojureEvaluatorProvider(), new ScriptEngineEvaluatorProvider());

    private BuiltinEvaluators() {
    }

    /** The built-in providers: java, clojure, jsr223, in that order. */
    public static List<EvaluatorProvider> providers() {
        return PROVIDERS;
    }
}
