package dev.pods.runtime.eval;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Properties;
import java.util.Set;

/** Clojure, in pods whose classpath holds {@code clojure.lang.RT} (see {@link ClojureEvaluator}). */
final class ClojureEvaluatorProvider implements EvaluatorProvider {

    @Override
    public Set<String> languages(EvalContext ctx) {
        return ctx.loader().getResource("clojure/lang/RT.class") != null ? Set.of(ClojureEvaluator.LANGUAGE) : Set.of();
    }

    @Override
    public Evaluator create(String language, EvalContext ctx) {
        if (!ClojureEvaluator.LANGUAGE.equals(language)) {
            throw new IllegalArgumentException("this provider evaluates clojure, not " + language);
        }
        if (languages(ctx).isEmpty()) {
            throw new IllegalArgumentException("pod " + ctx.podName() + " has no Clojure (org.clojure:clojure) on its classpath");
        }
        return new ClojureEvaluator(ctx);
    }

    /** The version in the Clojure jar's Maven metadata, or null when it cannot be told. */
    static String version(ClassLoader loader) {
        URL url = loader.getResource("META-INF/maven/org.clojure/clojure/pom.properties");
        if (url == null) {
            return null;
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false); // a cached JarFile would outlive the pod's loader
            try (InputStream in = c.getInputStream()) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            }
        } catch (IOException e) {
            return null;
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "clojure (the pod's own runtime)";
    }
}
