package dev.pods.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.testing.Jars;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No raw {@link Error} reaches a caller from the codec: a class that fails to initialize or to
 * link on the reading side, or code of the application that throws an Error while a value is
 * copied, all become {@link PodBridgeException}s with the cause; a pod throwable whose own
 * methods throw still becomes a {@link PodCallException}.
 */
class BridgeErrorsTest {
    @TempDir
    Path dir;

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void aClassWhoseStaticInitializerThrowsOnTheReadingSide() {
        String host = "package com.acme; public class Boom { public int x = 1; }";
        String pod = "package com.acme; public class Boom { public int x;"
                + " static { if (Boolean.TRUE) throw new IllegalStateException(\"no init here\"); } }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Boom", host), Map.of("com.acme.Boom", pod))) {
            Object boom = s.host("com.acme.Boom");
            PodBridgeException first = assertThrows(PodBridgeException.class, () -> s.toPod(boom));
            assertEquals("com.acme.Boom", first.typeName());
            assertEquals(PodBridgeException.Side.POD, first.side());
            assertMessage(first, "could not be initialized", "IllegalStateException: no init here");
            assertInstanceOf(ExceptionInInitializerError.class, first.getCause());
            // The second time the JVM reports NoClassDefFoundError ("Could not initialize class").
            PodBridgeException second = assertThrows(PodBridgeException.class, () -> s.toPod(List.of(boom)));
            assertEquals("com.acme.Boom", second.typeName());
            assertInstanceOf(NoClassDefFoundError.class, second.getCause());
        }
    }

    @Test
    void anEnumWhoseStaticInitializerThrowsOnTheReadingSide() {
        String host = "package com.acme; public enum Mode { A, B }";
        String pod = "package com.acme; public enum Mode { A, B;"
                + " static { if (Boolean.TRUE) throw new IllegalStateException(\"no enum here\"); } }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Mode", host), Map.of("com.acme.Mode", pod))) {
            Object a = enumConstant(s.hostLoader, "com.acme.Mode", 0);
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(a));
            assertEquals("com.acme.Mode", e.typeName());
            assertMessage(e, "no enum here");
        }
    }

    @Test
    void aClassThatCannotLinkOnTheReadingSide() {
        // Host: Item implements the interface Api. Pod: Api is a class, so Item cannot be defined there.
        Map<String, byte[]> hostClasses = Jars.compile(Map.of(
                "com.acme.Api", "package com.acme; public interface Api { }",
                "com.acme.Item", "package com.acme; public class Item implements Api { public int n = 3; }",
                "com.acme.Holder", "package com.acme; public class Holder { public int n = 1; public Dep dep; }",
                "com.acme.Dep", "package com.acme; public class Dep { }"));
        Map<String, byte[]> podClasses = new HashMap<>(Jars.compile(Map.of(
                "com.acme.Api", "package com.acme; public class Api { }")));
        podClasses.put("com/acme/Item.class", hostClasses.get("com/acme/Item.class"));
        podClasses.put("com/acme/Holder.class", hostClasses.get("com/acme/Holder.class")); // without Dep
        try (TwoSides s = TwoSides.ofClasses(dir, hostClasses, podClasses, PodKryo.MAX_DEPTH)) {
            PodBridgeException icce = assertThrows(PodBridgeException.class, () -> s.toPod(s.host("com.acme.Item")));
            assertEquals("com.acme.Item", icce.typeName());
            assertInstanceOf(IncompatibleClassChangeError.class, icce.getCause());
            assertMessage(icce, "cannot be loaded on the pod side");

            PodBridgeException missing = assertThrows(PodBridgeException.class, () -> s.toPod(s.host("com.acme.Holder")));
            assertEquals("com.acme.Holder", missing.typeName());
            assertInstanceOf(NoClassDefFoundError.class, missing.getCause());
            assertMessage(missing, "com/acme/Dep");
        }
    }

    @Test
    void anErrorThrownByCodeOfTheApplicationWhileCopyingIsTyped() {
        String host = "package com.acme; public final class Key { public int id; public Key(int id) { this.id = id; }"
                + " public int hashCode() { return id; } }";
        String pod = "package com.acme; public final class Key { public int id; public Key(int id) { this.id = id; }"
                + " public int hashCode() { throw new AssertionError(\"pod hashCode\"); } }";
        String bag = "package com.acme; public class Bag extends java.util.ArrayList<Object> {"
                + " public boolean fail; public Bag() { } public Bag(boolean f) { fail = f; }"
                + " public Object[] toArray() { if (fail) throw new StackOverflowError(\"host toArray\"); return super.toArray(); } }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Key", host, "com.acme.Bag", bag),
                Map.of("com.acme.Key", pod, "com.acme.Bag", bag))) {
            HashSet<Object> keys = new HashSet<>(List.of(s.host("com.acme.Key", 1)));
            PodBridgeException read = assertThrows(PodBridgeException.class, () -> s.toPod(keys));
            assertEquals(PodBridgeException.Side.POD, read.side());
            assertMessage(read, "AssertionError: pod hashCode");

            Object failing = s.host("com.acme.Bag", true);
            PodBridgeException write = assertThrows(PodBridgeException.class, () -> s.toPod(failing));
            assertEquals(PodBridgeException.Side.HOST, write.side());
        }
    }

    /** A throwable of the application whose every accessor fails. */
    static final class Hostile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new AssertionError("getMessage");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new StackOverflowError("getCause");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            return new StackTraceElement[] {null, new StackTraceElement("a.B", "m", "B.java", 1)};
        }
    }

    @Test
    void aRemoteThrowableWhoseMethodsThrowStillBecomesData() {
        PodCallException e = RemoteExceptions.toCallException("call a.B/m", new Hostile());
        assertEquals(Hostile.class.getName(), e.remoteClassName());
        assertTrue(e.remoteMessage().contains("getMessage() threw java.lang.AssertionError"), e.remoteMessage());
        assertEquals(1, e.remoteStackTrace().size());
        RuntimeException wrapper = new RuntimeException("outer", new Hostile());
        PodCallException w = RemoteExceptions.toCallException("call a.B/m", wrapper);
        assertEquals("outer", w.remoteMessage());
        assertEquals(Hostile.class.getName(), w.remoteCause().remoteClassName());
    }

    private static Object enumConstant(ClassLoader l, String name, int ordinal) {
        try {
            return Class.forName(name, true, l).getEnumConstants()[ordinal];
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
