/**
 * Not API: the evaluators behind {@code Pod.eval} and {@code clojure:} calls (Java through JShell,
 * Clojure, JSR-223 engines) and the interfaces between them and the runtime
 * ({@link dev.pods.runtime.eval.EvaluatorProvider}, {@link dev.pods.runtime.eval.Evaluator},
 * {@link dev.pods.runtime.eval.FunctionCalls}). Public only so that {@code dev.pods.runtime} can
 * reach them; a module descriptor does not export this package.
 */
package dev.pods.runtime.eval;
