package dev.pods.testing;

import java.util.List;

/**
 * Texts that are not call targets, one per rule of {@code dev.pods.CallTarget}'s grammar: every
 * place that takes a target (the pod, {@code pods call}, {@code pods watch}, the reload loop)
 * must refuse each with {@code CallTarget.parse}'s own message.
 */
public final class BadCallTargets {
    /** Empty, no slash, nothing before or after it, two of them, bad names, unknown prefixes, bad Clojure symbols. */
    public static final List<String> ALL = List.of(
            "", "com.acme.Main", "com.acme.Main/", "/run", "com.acme.Main/run/x", "com..acme.Main/run",
            "com.acme.Main./run", "com.1acme.Main/run", "com.acme.Main/run-it", "com.acme.Main/ run",
            "com.acme.Main/run()", "groovy:com.acme/run", ":com.acme.Main/run", "java:com.acme.Main/run",
            "clojure:dev", "clojure:/go", "clojure:dev/", "clojure:my dev/go", "clojure:dev/go/x",
            "clojure:1dev/go");

    private BadCallTargets() {
    }
}
