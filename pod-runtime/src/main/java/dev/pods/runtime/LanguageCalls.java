package dev.pods.runtime;

import dev.pods.CallTarget;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.runtime.bridge.RemoteExceptions;
import dev.pods.runtime.eval.Evaluator;
import dev.pods.runtime.eval.FunctionCalls;

/**
 * Call targets of the form {@code lang:name}: a function of a language runtime in the pod (a
 * Clojure var, {@code clojure:clojure.string/upper-case}). Part of the pod side ({@link PodSide}),
 * so it runs wherever the pod does. Failures are host types, as for {@code pkg.Class/method} calls.
 */
final class LanguageCalls {
    private LanguageCalls() {
    }

    static Object call(Evaluators evaluators, CallTarget target, Object[] podArgs) {
        String language = target.language();
        String function = target.unprefixed();
        Evaluator ev;
        try {
            ev = evaluators.get(language);
        } catch (PodEvalException e) {
            throw new PodException("call " + target + ": " + e.getMessage(), e);
        }
        if (!(ev instanceof FunctionCalls)) {
            throw new PodException("call " + target + ": the " + language + " runtime has no functions a call can"
                    + " name; call clojure:namespace/name or pkg.Class/method, or use eval");
        }
        try {
            return ((FunctionCalls) ev).call(function, podArgs);
        } catch (PodException e) {
            throw PodSide.hostOnly(e, "call " + target);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw RemoteExceptions.toCallException("call " + target, e);
        }
    }
}
