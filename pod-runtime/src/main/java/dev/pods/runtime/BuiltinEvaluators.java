package dev.pods.runtime;

import dev.pods.runtime.eval.EvaluatorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator providers every pod offers: the built-in ones named in {@link #PROVIDER_CLASSES}
 * (loaded by reflection when present, so this class compiles before they exist), then any
 * {@link EvaluatorProvider} registered as a service beside the runtime. The eval work adds its
 * providers' class names to the list. Order matters: the first provider that offers a language
 * wins it.
 */
final class BuiltinEvaluators {
    /** Built-in provider classes, each with a public no-argument constructor. */
    static final List<String> PROVIDER_CLASSES = List.of(
            // e.g. "dev.pods.runtime.eval.JShellEvaluatorProvider": added by the eval work
    );

    private static final Logger LOG = LoggerFactory.getLogger(BuiltinEvaluators.class);

    private BuiltinEvaluators() {
    }

    /** Instantiates the providers (called once per runtime, lazily). */
    static List<EvaluatorProvider> providers() {
        // java (JShell), clojure, jsr223: the eval package's own list, in priority order.
        List<EvaluatorProvider> ps = new ArrayList<>(dev.pods.runtime.eval.BuiltinEvaluators.providers());
        ClassLoader l = BuiltinEvaluators.class.getClassLoader();
        for (String name : PROVIDER_CLASSES) {
            Class<?> c;
            try {
                c = Class.forName(name, true, l);
            } catch (ClassNotFoundException absent) {
                continue;
            }
            try {
                ps.add((EvaluatorProvider) c.getConstructor().newInstance());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.warn("evaluator provider {} could not be made; its languages are not offered", name, e);
            }
        }
        for (EvaluatorProvider p : ServiceLoader.load(EvaluatorProvider.class, l)) {
            if (ps.stream().noneMatch(q -> q.getClass() == p.getClass())) {
                ps.add(p);
            }
        }
        return List.copyOf(ps);
    }
}
