package dev.pods.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Keyword;
import dev.pods.Opaque;
import dev.pods.PodEvalException;
import dev.pods.Ratio;
import dev.pods.Symbol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Clojure in pods, over real Clojure jars from Maven Central (two versions side by side). */
@Tag("integration")
@Tag("central")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClojureEvaluatorIntegrationTest {
    static final String OLD = "1.11.4";
    static final String NEW = "1.12.3";

    private EvalContext oldPod;
    private EvalContext newPod;
    private Evaluator oldClj;
    private Evaluator newClj;

    @BeforeAll
    void pods() {
        oldPod = TestContexts.over("clj-old", CentralJars.resolve("org.clojure:clojure:" + OLD));
        newPod = TestContexts.over("clj-new", CentralJars.resolve("org.clojure:clojure:" + NEW));
        oldClj = BuiltinEvaluators.providers().get(1).create("clojure", oldPod);
        newClj = BuiltinEvaluators.providers().get(1).create("clojure", newPod);
    }

    @AfterAll
    void close() {
        oldClj.close();
        newClj.close();
        TestContexts.close(oldPod);
        TestContexts.close(newPod);
    }

    @Test
    void offeredOnlyWhereClojureIsOnTheClasspath() {
        ClojureEvaluatorProvider p = new ClojureEvaluatorProvider();
        assertEquals(Set.of("clojure"), p.languages(oldPod));
        EvalContext none = TestContexts.empty("no-clojure");
        assertEquals(Set.of(), p.languages(none));
        assertThrows(IllegalArgumentException.class, () -> p.create("clojure", none));
    }

    @Test
    void clojureWithoutItsSpecLibrariesSaysWhatIsMissing() {
        List<java.nio.file.Path> onlyClojure = CentralJars.resolve("org.clojure:clojure:" + NEW).stream()
                .filter(p -> p.getFileName().toString().startsWith("clojure-"))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(1, onlyClojure.size(), onlyClojure.toString());
        EvalContext bare = TestContexts.over("clj-bare", onlyClojure);
        try (Evaluator clj = new ClojureEvaluatorProvider().create("clojure", bare)) {
            PodEvalException e = assertThrows(PodEvalException.class, () -> clj.eval("(+ 1 2)"));
            assertTrue(e.getMessage().contains("spec.alpha"), e.getMessage());
        } finally {
            TestContexts.close(bare);
        }
    }

    @Test
    void twoVersionsRunSideBySide() throws Exception {
        assertEquals(3L, oldClj.eval("(+ 1 2)"));
        assertEquals(3L, newClj.eval("(+ 1 2)"));
        assertEquals(OLD, oldClj.eval("(clojure-version)"));
        assertEquals(NEW, newClj.eval("(clojure-version)"));
        // 1.12 has clojure.core/partitionv; 1.11 does not.
        assertEquals(List.of(List.of(1L, 2L), List.of(3L)), newClj.eval("(partitionv-all 2 [1 2 3])"));
        PodEvalException e = assertThrows(PodEvalException.class, () -> oldClj.eval("(partitionv-all 2 [1 2 3])"));
        assertTrue(e.getMessage().contains("partitionv-all"), e.getMessage());
    }

    @Test
    void dataComesBackInTheNeutralForm() throws Exception {
        Object v = newClj.eval("{:name \"pod\" :tags #{:a :b} :nums [1 2N 3/4] :nested {'sym (list 1.5M nil)}"
                + " :lazy (map inc (range 3)) :ns/kw true :ch \\x}");
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals("pod", m.get(Keyword.of("name")));
        assertEquals(new LinkedHashSet<>(List.of(Keyword.of("a"), Keyword.of("b"))), m.get(Keyword.of("tags")));
        List<?> nums = assertInstanceOf(ArrayList.class, m.get(Keyword.of("nums")));
        assertEquals(1L, nums.get(0));
        assertEquals(BigInteger.valueOf(2), nums.get(1));
        assertEquals(Ratio.of(3, 4), nums.get(2));
        Map<?, ?> nested = assertInstanceOf(Map.class, m.get(Keyword.of("nested")));
        assertEquals(java.util.Arrays.asList(new BigDecimal("1.5"), null),
                assertInstanceOf(java.util.LinkedList.class, nested.get(Symbol.of("sym"))));
        assertEquals(List.of(1L, 2L, 3L), m.get(Keyword.of("lazy")));
        assertEquals(true, m.get(Keyword.of("ns", "kw")));
        assertEquals('x', m.get(Keyword.of("ch")));
        assertEquals(Ratio.of(1, 3), newClj.eval("1/3"));
        assertNull(newClj.eval("nil"));
        assertEquals(Keyword.of("k"), newClj.eval(":k"));
    }

    @Test
    void statePersistsAndNamespacesCanBeRequired() throws Exception {
        assertEquals(new Opaque("clojure.lang.Var", "#'user/x"), newClj.eval("(def x 41)"));
        assertEquals(42L, newClj.eval("(inc x)"));
        assertEquals("A-B", newClj.eval("(require '[clojure.string :as str]) (str/upper-case \"a-b\")"));
        assertEquals("b", newClj.eval("(str/lower-case \"B\")"));
        assertEquals("other", newClj.eval("(ns other) (str *ns*)"));
        assertEquals("other", newClj.eval("(str *ns*)"), "the namespace carries over, as in a REPL");
        assertEquals(42L, newClj.eval("(in-ns 'user) (inc x)"));
    }

    @Test
    void outputFollowsSystemOutAtEvalTime() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertNull(newClj.eval("(println \"hello from clojure\")"));
        } finally {
            System.setOut(before);
        }
        assertEquals("hello from clojure" + System.lineSeparator(), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void errorsInsideClojureArriveAsTheirOwnExceptions() throws Exception {
        Exception e = assertThrows(Exception.class, () -> newClj.eval("(throw (ex-info \"bad input\" {:field :age}))"));
        assertEquals("clojure.lang.ExceptionInfo", e.getClass().getName());
        assertEquals("bad input", e.getMessage());
        assertEquals("{:field :age}", e.getClass().getMethod("getData").invoke(e).toString());
        assertThrows(ArithmeticException.class, () -> newClj.eval("(/ 1 0)"));
        assertThrows(ArithmeticException.class, () -> oldClj.eval("(defn f [] (/ 1 0))\n(f)"));
        assertEquals(2L, newClj.eval("(+ 1 1)"), "still usable");
    }

    @Test
    void readAndCompileErrorsCarryPositions() throws Exception {
        PodEvalException read = assertThrows(PodEvalException.class, () -> newClj.eval("(+ 1 2)\n  (+ 1 ]"));
        assertEquals("clojure", read.language());
        assertFalse(read.diagnostics().isEmpty());
        assertEquals(2, read.diagnostics().get(0).line(), read.diagnostics().toString());
        assertTrue(read.diagnostics().get(0).message().contains("]"), read.diagnostics().toString());
        PodEvalException eof = assertThrows(PodEvalException.class, () -> newClj.eval("(+ 1"));
        assertTrue(eof.diagnostics().get(0).message().contains("EOF"), eof.diagnostics().toString());
        PodEvalException compile = assertThrows(PodEvalException.class, () -> newClj.eval("\n\n  (undefined-fn 1)"));
        PodEvalException.Diagnostic d = compile.diagnostics().get(0);
        assertEquals(3, d.line(), compile.diagnostics().toString());
        assertEquals(3, d.column(), compile.diagnostics().toString());
        assertTrue(d.message().contains("undefined-fn"), d.message());
    }

    @Test
    void cancelStopsALoopThatIgnoresInterrupts() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                oldClj.eval("(loop [i 0] (recur (inc i)))");
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        while (!thrown.isDone()) {
            Thread.sleep(50);
            t.interrupt();
            oldClj.cancel(t);
        }
        assertInstanceOf(CancellationException.class, thrown.get());
        assertEquals(4L, oldClj.eval("(* 2 2)"));
    }
}
