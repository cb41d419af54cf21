package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Overloads} invoking through spread method handles (in-process pods) and through
 * reflection (a process pod's child, where a handle's first use costs a fresh JVM some
 * milliseconds): the same overload chosen, the same conversions, the method's own exception
 * thrown as it is.
 */
class OverloadsTest {
    @TempDir
    static Path dir;

    private static final String OPS = "package com.acme; import java.util.*;"
            + " public class Ops {"
            + " public static String f(int a) { return \"int \" + a; }"
            + " public static String f(long a) { return \"long \" + a; }"
            + " public static String f(Object a) { return \"object \" + a; }"
            + " public static String join(String sep, String... parts) { return String.join(sep, parts); }"
            + " public static double half(double d) { return d / 2; }"
            + " public static void fail(String m) { throw new IllegalStateException(m); }"
            + " public static String hidden() { return Hidden.hi(); }"
            + "}"
            + " class Hidden { public static String hi() { return \"hi\"; } }";

    private static Class<?> load(String name) throws Exception {
        Path jar = dir.resolve("ops.jar");
        if (!jar.toFile().exists()) {
            PodFixtures.jar(dir, "ops.jar", Map.of("com.acme.Ops", OPS));
        }
        return Class.forName(name, true, new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overloadsVarargsAndWideningAreTheSameEitherWay(boolean reflective) throws Throwable {
        Class<?> ops = load("com.acme.Ops");
        assertEquals("int 3", Overloads.of("com.acme.Ops/f", ops, "f", reflective).invoke(new Object[] {3}));
        assertEquals("long 3", Overloads.of("com.acme.Ops/f", ops, "f", reflective).invoke(new Object[] {3L}));
        assertEquals("object x", Overloads.of("com.acme.Ops/f", ops, "f", reflective).invoke(new Object[] {"x"}));
        Overloads join = Overloads.of("com.acme.Ops/join", ops, "join", reflective);
        assertEquals("a-b-c", join.invoke(new Object[] {"-", "a", "b", "c"}));
        assertEquals("", join.invoke(new Object[] {"-"}));
        assertEquals(1.5, Overloads.of("com.acme.Ops/half", ops, "half", reflective).invoke(new Object[] {3}));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theMethodsOwnExceptionIsThrownAsItIs(boolean reflective) throws Exception {
        Class<?> ops = load("com.acme.Ops");
        Overloads fail = Overloads.of("com.acme.Ops/fail", ops, "fail", reflective);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fail.invoke(new Object[] {"boom"}));
        assertEquals("boom", e.getMessage());
        PodException wrong = assertThrows(PodException.class,
                () -> Overloads.of("com.acme.Ops/half", ops, "half", reflective).invoke(new Object[] {"x"}));
        assertTrue(wrong.getMessage().contains("no overload accepts arguments (java.lang.String)"), wrong.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPublicMethodOfAPackagePrivateClassIsCallable(boolean reflective) throws Throwable {
        Class<?> hidden = load("com.acme.Hidden");
        assertEquals("hi", Overloads.of("com.acme.Hidden/hi", hidden, "hi", reflective).invoke(new Object[0]));
    }

    @Test
    void bothWaysChooseTheSameCandidate() throws Exception {
        Class<?> ops = load("com.acme.Ops");
        for (Object arg : List.of(1, 2L, "s", (short) 4)) {
            Object[] args = {arg};
            assertEquals(Overloads.of("com.acme.Ops/f", ops, "f", false).select(args).method,
                    Overloads.of("com.acme.Ops/f", ops, "f", true).select(args).method, Arrays.toString(args));
        }
    }
}
