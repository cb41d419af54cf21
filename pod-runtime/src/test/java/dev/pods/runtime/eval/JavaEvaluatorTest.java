package dev.pods.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JavaEvaluatorTest {
    @TempDir
    Path dir;

    private EvalContext ctx = TestContexts.empty("java-test");
    private final Evaluator jsh = new JavaEvaluatorProvider().create("java", ctx);

    @AfterEach
    void closeAll() {
        jsh.close();
        TestContexts.close(ctx);
    }

    @Test
    void arithmeticReturnsTheBoxedValue() throws Exception {
        assertEquals(3, jsh.eval("1 + 2"));
        assertEquals(2.5, jsh.eval("5 / 2.0"));
        assertEquals("ab", jsh.eval("\"a\" + \"b\""));
    }

    @Test
    void replStatePersistsAcrossEvals() throws Exception {
        assertEquals(5, jsh.eval("int x = 5;"));
        assertNull(jsh.eval("int twice(int a) { return 2 * a; }"));
        assertNull(jsh.eval("import java.util.concurrent.atomic.AtomicInteger;"));
        assertNull(jsh.eval("class Counter { AtomicInteger n = new AtomicInteger(); int next() { return n.incrementAndGet(); } }"));
        assertTrue(jsh.eval("var c = new Counter();").getClass().getName().endsWith("Counter"));
        assertEquals(10, jsh.eval("twice(x)"));
        assertEquals(1, jsh.eval("c.next()"));
        assertEquals(2, jsh.eval("c.next()"));
        // Redefining a method replaces it, as in jshell.
        assertNull(jsh.eval("int twice(int a) { return 20 * a; }"));
        assertEquals(100, jsh.eval("twice(x)"));
    }

    @Test
    void severalSnippetsInOneStringRunInOrderAndTheLastValueWins() throws Exception {
        assertEquals(42, jsh.eval("int a = 40;\nint b = 2;\na + b"));
        assertEquals(List.of(1, 2), jsh.eval("var l = new java.util.ArrayList<Integer>(); l.add(1); l.add(2); l"));
        assertNull(jsh.eval("System.out.println(a);"), "a statement has no value");
        assertNull(jsh.eval("   \n  "), "blank code has no value");
    }

    @Test
    void valuesAreTheRealObjectsNotStrings() throws Exception {
        Object list = jsh.eval("java.util.List.of(1, 2, 3)");
        assertEquals(List.of(1, 2, 3), list);
        Object map = jsh.eval("java.util.Map.of(\"k\", java.util.List.of(1L))");
        assertEquals(Map.of("k", List.of(1L)), map);
        assertNull(jsh.eval("record Point(int x, int y) { int sum() { return x + y; } }"));
        Object point = jsh.eval("new Point(3, 4)");
        assertTrue(point.getClass().isRecord(), point.getClass() + " is a record");
        Method sum = point.getClass().getDeclaredMethod("sum");
        sum.setAccessible(true);
        assertEquals(7, sum.invoke(point));
        // Snippet classes are defined below the pod's loader.
        assertSame(ctx.loader(), point.getClass().getClassLoader().getParent());
        assertNull(jsh.eval("(Object) null"), "a null value is null");
    }

    @Test
    void snippetsSeeThePodsClassesAndNotTheHosts() throws Exception {
        Path lib = TestContexts.jar(dir, "lib.jar", Map.of("com.acme.Lib",
                "package com.acme; public class Lib { public static String hello(String n) { return \"hello \" + n; } }"));
        EvalContext pod = TestContexts.over("with-lib", List.of(lib));
        try (Evaluator ev = new JavaEvaluatorProvider().create("java", pod)) {
            assertNull(ev.eval("import com.acme.Lib;"));
            assertEquals("hello pod", ev.eval("Lib.hello(\"pod\")"));
            assertSame(pod.loader(), ev.eval("Lib.class").getClass() == Class.class
                    ? ((Class<?>) ev.eval("Lib.class")).getClassLoader() : null);
            // The host's test classpath (JUnit) is not the pod's.
            PodEvalException e = assertThrows(PodEvalException.class,
                    () -> ev.eval("org.junit.jupiter.api.Assertions.class"));
            assertTrue(e.getMessage().contains("org.junit.jupiter.api"), e.getMessage());
        } finally {
            TestContexts.close(pod);
        }
    }

    @Test
    void twoPodsSeeTheirOwnVersionOfTheSameClass() throws Exception {
        Path v1 = TestContexts.jar(dir, "api-1.jar", Map.of("com.acme.Api",
                "package com.acme; public class Api { public static String version() { return \"1\"; } }"));
        Path v2 = TestContexts.jar(dir, "api-2.jar", Map.of("com.acme.Api",
                "package com.acme; public class Api { public static String version() { return \"2\"; }"
                        + " public static int onlyInTwo() { return 22; } }"));
        EvalContext p1 = TestContexts.over("api-1", List.of(v1));
        EvalContext p2 = TestContexts.over("api-2", List.of(v2));
        try (Evaluator e1 = new JavaEvaluatorProvider().create("java", p1);
             Evaluator e2 = new JavaEvaluatorProvider().create("java", p2)) {
            assertEquals("1", e1.eval("com.acme.Api.version()"));
            assertEquals("2", e2.eval("com.acme.Api.version()"));
            assertEquals(22, e2.eval("com.acme.Api.onlyInTwo()"));
            PodEvalException e = assertThrows(PodEvalException.class, () -> e1.eval("com.acme.Api.onlyInTwo()"));
            assertTrue(e.getMessage().contains("onlyInTwo"), e.getMessage());
        } finally {
            TestContexts.close(p1);
            TestContexts.close(p2);
        }
    }

    @Test
    void compileErrorsCarryLineColumnAndMessageRelativeToTheCode() throws Exception {
        PodEvalException e = assertThrows(PodEvalException.class, () -> jsh.eval("int ok = 1;\n\n  String s = 3;"));
        assertEquals("java", e.language());
        assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
        PodEvalException.Diagnostic d = e.diagnostics().get(0);
        assertEquals(3, d.line());
        assertEquals(14, d.column());
        assertTrue(d.message().contains("int cannot be converted to java.lang.String"), d.message());
        // The snippet before the broken one stayed applied, as in a REPL.
        assertEquals(1, jsh.eval("ok"));

        PodEvalException missing = assertThrows(PodEvalException.class, () -> jsh.eval("nope(1)"));
        assertEquals(1, missing.diagnostics().get(0).line());
        assertEquals(1, missing.diagnostics().get(0).column());
        assertTrue(missing.diagnostics().get(0).message().contains("cannot find symbol"));

        PodEvalException syntax = assertThrows(PodEvalException.class, () -> jsh.eval("int y = (1 + ;"));
        assertFalse(syntax.diagnostics().isEmpty());
        assertEquals(1, syntax.diagnostics().get(0).line());
    }

    @Test
    void aSnippetThatThrowsRethrowsItsOwnException() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> jsh.eval("throw new IllegalStateException(\"boom\");"));
        assertEquals("boom", e.getMessage());
        NumberFormatException nfe = assertThrows(NumberFormatException.class, () -> jsh.eval("Integer.parseInt(\"x\")"));
        assertTrue(nfe.getMessage().contains("\"x\""));
        Exception checked = assertThrows(Exception.class,
                () -> jsh.eval("void f() throws Exception { throw new java.io.IOException(\"io\"); }\nf();"));
        assertInstanceOf(java.io.IOException.class, checked);
        StackOverflowError soe = assertThrows(StackOverflowError.class, () -> jsh.eval("int r(int n) { return r(n + 1) + 1; }\nr(0)"));
        assertTrue(soe.getStackTrace().length > 0);
        assertEquals(2, jsh.eval("1 + 1"), "still usable");
    }

    @Test
    @Timeout(60)
    void cancelStopsAnInfiniteLoopAndTheEvaluatorStaysUsable() throws Exception {
        assertEquals(1, jsh.eval("int before = 1;"));
        AtomicReference<Thread> runner = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            runner.set(Thread.currentThread());
            started.countDown();
            try {
                result.complete(jsh.eval("long spins = 0; while (true) { spins++; }"));
            } catch (Throwable e) {
                thrown.set(e);
                result.completeExceptionally(e);
            }
        }, "looping-eval");
        t.start();
        started.await();
        // Keep cancelling until the loop has been entered and stopped (the first cancel may come
        // before the snippet runs; it must then be a harmless no-op).
        while (!result.isDone()) {
            Thread.sleep(50);
            t.interrupt();
            jsh.cancel(t);
        }
        assertInstanceOf(CancellationException.class, thrown.get());
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive());
        assertEquals(1, jsh.eval("before"));
        assertEquals(3, jsh.eval("before + 2"));
    }

    @Test
    void aRepeatedExpressionRunsAgainAndSeesNewState() throws Exception {
        assertEquals(0, jsh.eval("int n = 0;"));
        assertEquals(1, jsh.eval("++n"));
        assertEquals(2, jsh.eval("++n"), "the same string runs again, it does not replay a value");
        assertEquals(2, jsh.eval("n"));
        assertEquals(3, jsh.eval("++n"));
        assertEquals(3, jsh.eval("n"));
        // A redeclaration changes what the same source means.
        assertEquals("s", jsh.eval("String n = \"s\";"));
        assertEquals("s", jsh.eval("n"));
        assertNull(jsh.eval("int f() { return 1; }"));
        assertEquals(1, jsh.eval("f()"));
        assertNull(jsh.eval("int f() { return 2; }"));
        assertEquals(2, jsh.eval("f()"));
        IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> jsh.eval("throw new IllegalStateException(\"x\")"));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> jsh.eval("throw new IllegalStateException(\"x\")"));
        assertFalse(e1 == e2);
    }

    @Test
    void cancelWithNothingRunningIsHarmless() throws Exception {
        jsh.cancel(Thread.currentThread());
        assertEquals(2, jsh.eval("1 + 1"));
        jsh.cancel(Thread.currentThread());
        assertEquals(3, jsh.eval("1 + 2"));
    }

    @Test
    @Timeout(30)
    void aSnippetStartingALongLivedThreadDoesNotBlock() throws Exception {
        Object thread = jsh.eval("var t = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } },"
                + " \"snippet-sleeper\"); t.setDaemon(true); t.start(); t");
        Thread started = assertInstanceOf(Thread.class, thread);
        assertTrue(started.isAlive());
        started.interrupt();
        started.join(10_000);
        assertFalse(started.isAlive());
    }

    @Test
    void jshellLeavesTheDefaultUncaughtExceptionHandlerAlone() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        assertEquals(2, jsh.eval("1 + 1"));
        assertThrows(IllegalStateException.class, () -> jsh.eval("throw new IllegalStateException()"));
        assertSame(before, Thread.getDefaultUncaughtExceptionHandler());
    }

    @Test
    void noThreadKeepsThePodLoaderAfterClose() throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        EvalContext pod = TestContexts.empty("tccl-pod");
        Evaluator ev = new JavaEvaluatorProvider().create("java", pod);
        current.setContextClassLoader(pod.loader()); // as the pod does during an eval
        try {
            assertEquals(2, ev.eval("1 + 1"));
            assertEquals(3, ev.eval("var t = new Thread(() -> {}); t.start(); t.join(); 3"));
        } finally {
            current.setContextClassLoader(before);
        }
        ev.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader l = t.getContextClassLoader();
            while (l != null) {
                assertFalse(l == pod.loader(), t + " holds the pod's loader");
                l = l.getParent();
            }
        }
        TestContexts.close(pod);
    }

    @Test
    void closedEvaluatorRefusesLoudly() throws Exception {
        assertEquals(2, jsh.eval("1 + 1"));
        jsh.close();
        jsh.close();
        assertThrows(PodClosedException.class, () -> jsh.eval("1 + 1"));
    }

    @Test
    void nothingStartsBeforeTheFirstEval() {
        // Lazy: making the evaluator costs nothing; closing an unused one is fine.
        Evaluator unused = new JavaEvaluatorProvider().create("java", ctx);
        unused.close();
        assertThrows(PodClosedException.class, () -> unused.eval("1"));
    }

    @Test
    void theProviderRefusesOtherLanguages() {
        JavaEvaluatorProvider p = new JavaEvaluatorProvider();
        assertEquals(jsh.language(), "java");
        assertEquals(java.util.Set.of("java"), p.languages(ctx));
        assertThrows(IllegalArgumentException.class, () -> p.create("clojure", ctx));
    }
}
