package dev.pods.runtime.eval;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import javax.script.ScriptEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every JSR-223 {@link ScriptEngineFactory} that the pod's own {@link ServiceLoader} finds,
 * under each of the factory's names (Groovy's: {@code groovy}, {@code Groovy}). The first factory
 * found wins a name. The names {@code java} and {@code clojure} belong to the built-in evaluators
 * listed before this one.
 */
final class ScriptEngineEvaluatorProvider implements EvaluatorProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptEngineEvaluatorProvider.class);

    @Override
    public Set<String> languages(EvalContext ctx) {
        return factories(ctx).keySet();
    }

    @Override
    public Evaluator create(String language, EvalContext ctx) {
        ScriptEngineFactory factory = factories(ctx).get(language);
        if (factory == null) {
            throw new IllegalArgumentException("pod " + ctx.podName() + " has no JSR-223 engine named " + language);
        }
        return new ScriptEngineEvaluator(language, factory, ctx);
    }

    private static Map<String, ScriptEngineFactory> factories(EvalContext ctx) {
        Map<String, ScriptEngineFactory> byName = new LinkedHashMap<>();
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(ctx.loader());
        try {
            var it = ServiceLoader.load(ScriptEngineFactory.class, ctx.loader()).iterator();
            while (true) {
                ScriptEngineFactory f;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    f = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.warn("pod {}: a JSR-223 engine could not be loaded: {}", ctx.podName(), e.toString());
                    continue;
                }
                Set<String> names = new LinkedHashSet<>(f.getNames());
                for (String name : names) {
                    byName.putIfAbsent(name, f);
                }
            }
        } finally {
            current.setContextClassLoader(before);
        }
        return byName;
    }

    @Override
    public String toString() {
        return "jsr223 (the pod's own script engines)";
    }
}
