package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodException;
import dev.pods.PodTargetException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.eval.Evaluator;
import dev.pods.runtime.eval.EvaluatorProvider;
import dev.pods.runtime.eval.FunctionCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clojure:ns/name} call targets, without Clojure: a fabricated evaluator offering the
 * language "clojure" with functions shows the routing, the argument and result copies and the
 * failures that the real Clojure evaluator relies on. No other prefix is a call target.
 */
@Timeout(30)
class LanguageCallsTest {
    @TempDir
    Path dir;

    /** Its languages: "clojure" has functions (echo, throw, loop, names), any other has none. */
    static final class Provider implements EvaluatorProvider {
        final List<Object[]> received = new CopyOnWriteArrayList<>();
        private final Set<String> languages;

        Provider(String... languages) {
            this.languages = Set.of(languages);
        }

        @Override
        public Set<String> languages(EvalContext ctx) {
            return languages;
        }

        @Override
        public Evaluator create(String language, EvalContext ctx) {
            if (!language.equals("clojure")) {
                return new Plain(language);
            }
            return new Functions(language, ctx);
        }

        private static class Plain implements Evaluator {
            private final String language;

            Plain(String language) {
                this.language = language;
            }

            @Override
            public String language() {
                return language;
            }

            @Override
            public Object eval(String code) {
                return code;
            }

            @Override
            public void close() {
            }
        }

        private final class Functions extends Plain implements FunctionCalls {
            private final EvalContext ctx;

            Functions(String language, EvalContext ctx) {
                super(language);
                this.ctx = ctx;
            }

            @Override
            public Object call(String function, Object[] args) throws Exception {
                received.add(args);
                switch (function) {
                    case "in/context":
                        return Thread.currentThread().getContextClassLoader() == ctx.loader();
                    case "echo/args":
                        return new ArrayList<>(Arrays.asList(args));
                    case "bad/thread":
                        return new Thread();
                    case "io/fail":
                        throw new java.io.IOException("disk on fire");
                    case "not/there":
                        throw new PodException("call clojure:not/there: no such function");
                    case "spin/forever":
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.onSpinWait();
                        }
                        throw new InterruptedException("stopped");
                    default:
                        throw new AssertionError(function);
                }
            }
        }
    }

    @Test
    void aLanguageTargetReachesItsEvaluatorWithCopiedValues() {
        Provider provider = new Provider("clojure", "plain");
        PodRuntime runtime = PodRuntime.builder().providers(List.of(provider)).build();
        try (Pod p = runtime.create(PodFixtures.env("calls", dir))) {
            assertEquals(true, (Object) p.call("clojure:in/context"), "runs inside the pod's context");
            List<Object> arg = new ArrayList<>(List.of("a", 1));
            Object back = p.call("clojure:echo/args", arg, Map.of("k", 2L), null);
            assertEquals(Arrays.asList(List.of("a", 1), Map.of("k", 2L), null), back);
            Object[] seen = provider.received.get(provider.received.size() - 1);
            assertTrue(seen[0] != arg, "the pod got a copy of the host's list");
            assertEquals(List.of(), p.call("clojure:echo/args"));

            PodCallException thrown = assertThrows(PodCallException.class, () -> p.call("clojure:io/fail"));
            assertEquals("java.io.IOException", thrown.remoteClassName());
            assertTrue(thrown.getMessage().contains("call clojure:io/fail"), thrown.getMessage());
            PodException own = assertThrows(PodException.class, () -> p.call("clojure:not/there"));
            assertEquals("call clojure:not/there: no such function", own.getMessage(),
                    "a host-typed failure passes as it is");
            assertInstanceOf(PodBridgeException.class, assertThrows(PodException.class, () -> p.call("clojure:bad/thread")));

            PodTargetException plain = assertThrows(PodTargetException.class, () -> p.call("plain:x/y"));
            assertEquals("names the language 'plain', which has no functions a call can name (the only prefix is"
                    + " 'clojure:'; reach other languages with eval)", plain.problem(),
                    "a language the pod offers is still no call target");

            assertThrows(PodTimeoutException.class, () -> p.callWithTimeout(Duration.ofMillis(100), "clojure:spin/forever"));
            assertEquals(true, (Object) p.call("clojure:in/context"), "still usable after the deadline");
        }
    }

    @Test
    void aClojureTargetNeedsClojureInThePod() {
        PodRuntime runtime = PodRuntime.builder().providers(List.of(new Provider("plain"))).build();
        try (Pod p = runtime.create(PodFixtures.env("calls", dir))) {
            PodException none = assertThrows(PodException.class, () -> p.call("clojure:clojure.string/upper-case", "x"));
            assertTrue(none.getMessage().startsWith("call clojure:clojure.string/upper-case: pod 'calls' offers no"
                    + " evaluator for 'clojure'"), none.getMessage());
            assertTrue(none.getMessage().contains("clojure needs org.clojure:clojure among the pod's dependencies"),
                    none.getMessage());
        }
    }

    @Test
    void requireOfANamespaceNeedsClojureAndANamespaceName() {
        PodRuntime runtime = PodRuntime.builder().providers(List.of(new Provider("fn", "plain"))).build();
        try (Pod p = runtime.create(PodFixtures.env("ns", dir))) {
            PodException empty = assertThrows(PodException.class, () -> p.require("clojure:"));
            assertEquals("require clojure:: '' is not a symbol: it is empty", empty.getMessage());
            PodException noClojure = assertThrows(PodException.class, () -> p.require("clojure:a.b"));
            assertTrue(noClojure.getMessage().contains("offers no evaluator for 'clojure'"), noClojure.getMessage());
            PodException other = assertThrows(PodException.class, () -> p.require("fn:a.b"));
            assertTrue(other.getMessage().contains("only classes and clojure:namespace are understood"), other.getMessage());
        }
    }
}
