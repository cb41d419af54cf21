package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodException;
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
 * {@code lang:name} call targets, without Clojure: a fabricated language whose evaluator has
 * functions shows the routing, the argument and result copies and the failures that the Clojure
 * evaluator relies on.
 */
@Timeout(30)
class LanguageCallsTest {
    @TempDir
    Path dir;

    /** Two languages: "fn" has functions (echo, throw, loop, names), "plain" has none. */
    static final class Provider implements EvaluatorProvider {
        final List<Object[]> received = new CopyOnWriteArrayList<>();

        @Override
        public Set<String> languages(EvalContext ctx) {
            return Set.of("fn", "plain");
        }

        @Override
        public Evaluator create(String language, EvalContext ctx) {
            if (language.equals("plain")) {
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
                        throw new PodException("call fn:not/there: no such function");
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
        Provider provider = new Provider();
        PodRuntime runtime = PodRuntime.builder().providers(List.of(provider)).build();
        try (Pod p = runtime.create(PodFixtures.env("calls", dir))) {
            assertEquals(true, (Object) p.call("fn:in/context"), "runs inside the pod's context");
            List<Object> arg = new ArrayList<>(List.of("a", 1));
            Object back = p.call("fn:echo/args", arg, Map.of("k", 2L), null);
            assertEquals(Arrays.asList(List.of("a", 1), Map.of("k", 2L), null), back);
            Object[] seen = provider.received.get(provider.received.size() - 1);
            assertTrue(seen[0] != arg, "the pod got a copy of the host's list");
            assertEquals(List.of(), p.call("fn:echo/args"));

            PodCallException thrown = assertThrows(PodCallException.class, () -> p.call("fn:io/fail"));
            assertEquals("java.io.IOException", thrown.remoteClassName());
            assertTrue(thrown.getMessage().contains("call fn:io/fail"), thrown.getMessage());
            PodException own = assertThrows(PodException.class, () -> p.call("fn:not/there"));
            assertEquals("call fn:not/there: no such function", own.getMessage(), "a host-typed failure passes as it is");
            assertInstanceOf(PodBridgeException.class, assertThrows(PodException.class, () -> p.call("fn:bad/thread")));

            PodException plain = assertThrows(PodException.class, () -> p.call("plain:x/y"));
            assertEquals("call plain:x/y: the plain runtime has no functions a call can name; call"
                    + " clojure:namespace/name or pkg.Class/method, or use eval", plain.getMessage());
            PodException none = assertThrows(PodException.class, () -> p.call("clojure:clojure.string/upper-case", "x"));
            assertTrue(none.getMessage().startsWith("call clojure:clojure.string/upper-case: pod 'calls' offers no"
                    + " evaluator for 'clojure'"), none.getMessage());
            assertTrue(none.getMessage().contains("clojure needs org.clojure:clojure among the pod's dependencies"),
                    none.getMessage());

            assertThrows(PodTimeoutException.class, () -> p.callWithTimeout(Duration.ofMillis(100), "fn:spin/forever"));
            assertEquals(true, (Object) p.call("fn:in/context"), "still usable after the deadline");
        }
    }

    @Test
    void requireOfANamespaceNeedsClojureAndANamespaceName() {
        PodRuntime runtime = PodRuntime.builder().providers(List.of(new Provider())).build();
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
