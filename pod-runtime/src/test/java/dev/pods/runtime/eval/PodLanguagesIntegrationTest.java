package dev.pods.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Keyword;
import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodEnv;
import dev.pods.PodEvalException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clojure and Groovy through the real Pod API, resolved from Maven Central by the runtime's own
 * resolver into a throwaway local repository under the build's temp directory.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PodLanguagesIntegrationTest {
    private static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");

    private static PodEnv env(String name, String... deps) {
        return PodEnv.empty().withName(name).withLocalRepository(LOCAL).withUserSettings(false).withDependencies(deps);
    }

    @Test
    void twoClojureVersionsSideBySideWithDataAndErrorsAsData() {
        try (Pod old = Pods.create(env("clj-1.11", "org.clojure:clojure:" + ClojureEvaluatorIntegrationTest.OLD));
             Pod neu = Pods.create(env("clj-1.12", "org.clojure:clojure:" + ClojureEvaluatorIntegrationTest.NEW))) {
            assertTrue(neu.languages().containsAll(Set.of("java", "clojure")), neu.languages().toString());
            assertEquals(ClojureEvaluatorIntegrationTest.OLD, old.eval("clojure", "(clojure-version)"));
            assertEquals(ClojureEvaluatorIntegrationTest.NEW, neu.eval("clojure", "(clojure-version)"));
            assertEquals(3L, old.eval("clojure", "(+ 1 2)"));

            Object data = neu.eval("clojure", "{:a [1 2 {:b #{:c}}] :s \"x\"}");
            assertEquals(Map.of(Keyword.of("a"), List.of(1L, 2L, Map.of(Keyword.of("b"), Set.of(Keyword.of("c")))),
                    Keyword.of("s"), "x"), data);

            PodEvalException e = assertThrows(PodEvalException.class,
                    () -> neu.eval("clojure", "(throw (ex-info \"bad\" {:why :test}))"));
            PodCallException remote = assertInstanceOf(PodCallException.class, e.getCause());
            assertEquals("clojure.lang.ExceptionInfo", remote.remoteClassName());
            assertEquals("bad", remote.remoteMessage());

            neu.require("clojure:clojure.set");
            assertEquals(Set.of(1L, 2L, 3L), neu.eval("clojure", "(clojure.set/union #{1 2} #{3})"));

            assertThrows(PodTimeoutException.class,
                    () -> neu.evalWithTimeout(Duration.ofMillis(300), "clojure", "(loop [] (recur))"));
            assertEquals(4L, neu.eval("clojure", "(* 2 2)"));
        }
    }

    @Test
    void groovyIsAvailableByItsNames() {
        try (Pod pod = Pods.create(env("groovy", GroovyEvaluatorIntegrationTest.GROOVY))) {
            assertTrue(pod.languages().contains("groovy"), pod.languages().toString());
            assertEquals(List.of(2, 4), pod.eval("groovy", "[1, 2].collect { it * 2 }"));
        }
    }

    @Test
    void clojureAndAScriptEngineRunInAProcessPodToo() {
        PodEnv env = env("langs-process", "org.clojure:clojure:" + ClojureEvaluatorIntegrationTest.NEW,
                GroovyEvaluatorIntegrationTest.GROOVY).withIsolation(dev.pods.Isolation.PROCESS);
        try (Pod pod = Pods.create(env)) {
            assertTrue(pod.languages().containsAll(Set.of("java", "clojure", "groovy")), pod.languages().toString());
            assertEquals(Map.of(Keyword.of("a"), List.of(1L, 2L)), pod.eval("clojure", "{:a [1 2]}"));
            PodEvalException e = assertThrows(PodEvalException.class,
                    () -> pod.eval("clojure", "(throw (ex-info \"bad\" {:why :test}))"));
            assertEquals("clojure.lang.ExceptionInfo", ((PodCallException) e.getCause()).remoteClassName());
            pod.require("clojure:clojure.set");
            assertEquals(Set.of(1L, 2L, 3L), pod.eval("clojure", "(clojure.set/union #{1 2} #{3})"));
            assertEquals(List.of(2, 4), pod.eval("groovy", "[1, 2].collect { it * 2 }"));
            assertEquals(ProcessHandle.current().pid() != (long) pod.eval("clojure",
                    "(.pid (java.lang.ProcessHandle/current))"), true, "evaluated in the child");
        }
    }
}
