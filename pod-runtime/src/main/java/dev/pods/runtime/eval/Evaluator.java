package dev.pods.runtime.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * One language runtime inside one pod. Made lazily by an {@link EvaluatorProvider} on the
 * pod's first eval in that language, closed with the pod.
 *
 * <p>{@link #eval} runs on the caller's thread, inside the pod's context: the context class
 * loader is the pod's loader and the pod's output routing is active. It returns the pod-side
 * value; the pod copies it to the host through the bridge. Implementations are thread-safe
 * (they may serialise evals).
 */
@API(status = INTERNAL, since = "1.0")
public interface Evaluator extends AutoCloseable {

    /** The language name this evaluator was made for, e.g. {@code java}. */
    String language();

    /**
     * Evaluates {@code code} and returns its value as a pod-side object (null for no value).
     *
     * @throws dev.pods.PodEvalException for compile or read errors (with diagnostics)
     * @throws Exception                  the code's own exception, which the pod carries to the host as data
     */
    Object eval(String code) throws Exception;

    /**
     * Asks the evaluation running on {@code thread} to stop: called when a deadline passes, after
     * the thread was interrupted. Default: nothing beyond the interrupt.
     */
    default void cancel(Thread thread) {
    }

    /** Releases the runtime (JShell state, Clojure agent pools). Called once, when the pod closes. */
    @Override
    void close();
}
