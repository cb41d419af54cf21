package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Calls, overloads and their errors: the same behaviour in a pod in this JVM and in a pod of its own. */
@ParameterizedClass
@EnumSource(Isolation.class)
class CallTest {
    @TempDir
    static Path dir;
    static Pod pod;
    @Parameter
    Isolation isolation;

    private static final String OVER = "package com.acme; import java.util.*;"
            + " public class Over {"
            + " public static String f(int x) { return \"int\"; }"
            + " public static String f(long x) { return \"long\"; }"
            + " public static String f(Object x) { return \"Object\"; }"
            + " public static String f(String x) { return \"String\"; }"
            + " public static String g(Integer a, Object b) { return \"IO\"; }"
            + " public static String g(Object a, Integer b) { return \"OI\"; }"
            + " public static String h(Number n) { return \"Number\"; }"
            + " public static String h(Comparable<?> c) { return \"Comparable\"; }"
            + " public static String v(String s, int... rest) { return \"varargs:\" + rest.length; }"
            + " public static String list(List<?> l) { return \"List\"; }"
            + " public static String list(Collection<?> c) { return \"Collection\"; }"
            + " public static double d(double x) { return x * 2; }"
            + " public static void nothing() { }"
            + " public static String ctx() { return Thread.currentThread().getContextClassLoader().getName(); }"
            + " static String hidden() { return \"no\"; }"
            + "}";

    @BeforeAll
    static void jar() {
        PodFixtures.jar(dir, "over.jar", Map.of("com.acme.Over", OVER));
    }

    @BeforeParameterizedClassInvocation
    static void start(Isolation level) {
        pod = Pods.create(PodFixtures.env("calls", dir.resolve("over.jar")).withIsolation(level));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        pod.close();
    }

    @Test
    void overloadsFollowTheArgumentsRuntimeTypes() {
        assertEquals("int", pod.call("com.acme.Over/f", 1));
        assertEquals("long", pod.call("com.acme.Over/f", 1L));
        assertEquals("int", pod.call("com.acme.Over/f", (short) 1)); // widens; int is more specific than long
        assertEquals("String", pod.call("com.acme.Over/f", "s"));
        assertEquals("Object", pod.call("com.acme.Over/f", 1.5));
        assertEquals("String", pod.call("com.acme.Over/f", (Object) null));
        assertEquals("List", pod.call("com.acme.Over/list", List.of(1)));
        assertEquals("Collection", pod.call("com.acme.Over/list", java.util.Set.of(1)));
        assertEquals(3.0, pod.<Double>call("com.acme.Over/d", 1.5f));
        assertEquals(4.0, pod.<Double>call("com.acme.Over/d", 2));
        assertEquals((Object) null, pod.call("com.acme.Over/nothing"));
    }

    @Test
    void varargsApplyWhenNoFixedArityDoes() {
        assertEquals("varargs:3", pod.call("com.acme.Over/v", "a", 1, 2, 3));
        assertEquals("varargs:0", pod.call("com.acme.Over/v", "a"));
        assertEquals("varargs:2", pod.call("com.acme.Over/v", "a", new int[] {1, 2}));
    }

    @Test
    void ambiguityListsTheCandidates() {
        PodException g = assertThrows(PodException.class, () -> pod.call("com.acme.Over/g", 1, 2));
        assertTrue(g.getMessage().contains("ambiguous") && g.getMessage().contains("g(java.lang.Integer,java.lang.Object)")
                && g.getMessage().contains("g(java.lang.Object,java.lang.Integer)"), g.getMessage());
        PodException h = assertThrows(PodException.class, () -> pod.call("com.acme.Over/h", 5));
        assertTrue(h.getMessage().contains("Number") && h.getMessage().contains("Comparable"), h.getMessage());
        assertEquals("IO", pod.call("com.acme.Over/g", 1, "x"));
    }

    @Test
    void badTargetsSayWhatIsWrong() {
        PodException none = assertThrows(PodException.class, () -> pod.call("com.acme.Over/f", 1, 2, 3));
        assertTrue(none.getMessage().contains("no overload"), none.getMessage());
        PodException missing = assertThrows(PodException.class, () -> pod.call("com.acme.Over/nope"));
        assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains("ctx"), missing.getMessage());
        assertThrows(PodException.class, () -> pod.call("com.acme.Over/hidden"));
        PodException form = assertThrows(PodException.class, () -> pod.call("com.acme.Over.f", 1));
        assertTrue(form.getMessage().contains("pkg.Class/method"), form.getMessage());
        PodException cls = assertThrows(PodException.class, () -> pod.call("com.acme.Nope/f"));
        assertTrue(cls.getMessage().contains("com.acme.Nope") && cls.getMessage().contains("over.jar"), cls.getMessage());
    }

    @Test
    void contextClassLoaderIsThePodsDuringTheCallAndRestoredAfter() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        assertEquals("pod:calls", pod.call("com.acme.Over/ctx"));
        assertEquals(before, Thread.currentThread().getContextClassLoader());
        assertThrows(PodException.class, () -> pod.call("com.acme.Over/g", 1, 2));
        assertEquals(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void staticJdkMethodsCanBeCalled() {
        assertEquals(7, pod.<Integer>call("java.lang.Math/max", 3, 7));
        assertEquals("ab", pod.call("java.lang.String/join", "", List.of("a", "b")));
    }

    @Test
    void anUnknownLanguageIsRefusedNamingWhatThePodOffers() {
        // Java (JShell) is always there; a language no evaluator offers is refused naming both.
        assertTrue(pod.languages().contains("java"), pod.languages()::toString);
        PodEvalException e = assertThrows(PodEvalException.class, () -> pod.eval("cobol", "x"));
        assertEquals("cobol", e.language());
        assertTrue(e.getMessage().contains("no evaluator for 'cobol'"), e.getMessage());
        assertTrue(e.getMessage().contains("java"), "the message names what the pod offers: " + e.getMessage());
    }

    @Test
    void callsAfterCloseAreRefused() {
        Pod p = Pods.create(PodFixtures.env("short-lived", dir.resolve("over.jar")).withIsolation(isolation));
        assertEquals("int", p.call("com.acme.Over/f", 1));
        p.close();
        p.close(); // harmless
        assertTrue(p.isClosed());
        PodClosedException e = assertThrows(PodClosedException.class, () -> p.call("com.acme.Over/f", 1));
        assertEquals("short-lived", e.podName());
        assertThrows(PodClosedException.class, () -> p.require("com.acme.Over"));
        assertThrows(PodClosedException.class, () -> p.eval("1"));
        assertThrows(PodClosedException.class, () -> p.proxy(Runnable.class, "com.acme.Over"));
        assertThrows(PodClosedException.class, () -> p.callWithTimeout(java.time.Duration.ofSeconds(1), "com.acme.Over/f", 1));
        assertThrows(PodClosedException.class, () -> p.onClose(x -> { }));
    }
}
