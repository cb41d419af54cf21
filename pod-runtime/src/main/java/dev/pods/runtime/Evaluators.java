package dev.pods.runtime;

import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.eval.Evaluator;
import dev.pods.runtime.eval.EvaluatorProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language runtimes of one pod: which languages its classpath offers (asked of the
 * providers once), and one evaluator per language, made on first use and closed with the pod.
 * Thread-safe: evaluators are made under this object's lock, read without it.
 */
final class Evaluators {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluators.class);

    private final String pod;
    /** Asked when the languages are first needed: finding the providers scans for services. */
    private final Supplier<List<EvaluatorProvider>> providers;
    private final EvalContext context;
    private final Map<String, Evaluator> made = new ConcurrentHashMap<>();
    private volatile Map<String, EvaluatorProvider> languages;
    private boolean closed;

    Evaluators(String pod, Supplier<List<EvaluatorProvider>> providers, EvalContext context) {
        this.pod = pod;
        this.providers = providers;
        this.context = context;
    }

    /** The languages the pod offers, in provider order. */
    Set<String> languages() {
        return languageMap().keySet();
    }

    private Map<String, EvaluatorProvider> languageMap() {
        Map<String, EvaluatorProvider> m = languages;
        if (m == null) {
            Map<String, EvaluatorProvider> built = new LinkedHashMap<>();
            for (EvaluatorProvider p : providers.get()) {
                try {
                    for (String l : p.languages(context)) {
                        built.putIfAbsent(l, p);
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("pod '{}': evaluator provider {} failed to list its languages", pod,
                            p.getClass().getName(), e);
                }
            }
            m = Collections.unmodifiableMap(built);
            languages = m;
        }
        return m;
    }

    /** The evaluator for {@code language}, made on first use. */
    Evaluator get(String language) {
        Evaluator ev = made.get(language);
        if (ev != null) {
            return ev;
        }
        synchronized (this) {
            ev = made.get(language);
            if (ev == null) {
                if (closed) {
                    throw new PodClosedException(pod, "eval " + language);
                }
                EvaluatorProvider p = languageMap().get(language);
                if (p == null) {
                    Set<String> offered = languageMap().keySet();
                    throw new PodEvalException(language, "pod '" + pod + "' offers no evaluator for '" + language
                            + "'; it offers " + (offered.isEmpty() ? "none yet" : new LinkedHashSet<>(offered))
                            + (language.equals("clojure") ? " (clojure needs org.clojure:clojure among the pod's"
                            + " dependencies)" : ""), null);
                }
                ev = p.create(language, context);
                made.put(language, ev);
            }
            return ev;
        }
    }

    /** Asks the evaluator of {@code language} (every evaluator when null) to stop what {@code thread} runs. */
    void cancel(String language, Thread thread) {
        for (Evaluator ev : made.values()) {
            if (language == null || ev.language().equals(language)) {
                try {
                    ev.cancel(thread);
                } catch (RuntimeException e) {
                    LOG.warn("pod '{}': cancelling {} evaluation failed", pod, ev.language(), e);
                }
            }
        }
    }

    /** Closes every evaluator; none is made afterwards. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        for (Evaluator ev : made.values()) {
            try {
                ev.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pod '{}': closing the {} evaluator failed", pod, ev.language(), e);
            }
        }
        made.clear();
        languages = null;
    }
}
