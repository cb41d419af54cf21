package dev.pods.runtime.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * An {@link Evaluator} whose language has named functions that a call can target:
 * {@code Pod.call("clojure:clojure.string/upper-case", "pods")} reaches the Clojure evaluator's
 * {@link #call} with {@code "clojure.string/upper-case"}. Runs like {@link Evaluator#eval}: on the
 * caller's thread, inside the pod's context, with pod-side values.
 */
@API(status = INTERNAL, since = "1.0")
public interface FunctionCalls {

    /**
     * Calls {@code function} (the call target without its language prefix) with pod-side
     * arguments and returns the pod-side result, ready for the bridge.
     *
     * @throws dev.pods.PodException       the function does not exist or cannot be called (what to do is said)
     * @throws dev.pods.PodBridgeException the result is not data the bridge can copy
     * @throws Exception                   the function's own exception, carried to the host as data
     */
    Object call(String function, Object[] args) throws Exception;
}
