package dev.pods.runtime.eval;

import java.util.Set;

/** Java through JShell: available in every pod (the JDK brings {@code jdk.jshell} and a compiler). */
final class JavaEvaluatorProvider implements EvaluatorProvider {

    @Override
    public Set<String> languages(EvalContext ctx) {
        return Set.of(JavaEvaluator.LANGUAGE);
    }

    @Override
    public Evaluator create(String language, EvalContext ctx) {
        if (!JavaEvaluator.LANGUAGE.equals(language)) {
            throw new IllegalArgumentException("this provider evaluates java, not " + language);
        }
        return new JavaEvaluator(ctx);
    }

    @Override
    public String toString() {
        return "java (JShell in-process)";
    }
}
