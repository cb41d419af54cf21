package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.runtime.bridge.Bridge;
import dev.pods.testing.Jars;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeTest {
    /** A host record the pod has its own copy of (same name, not shared). */
    public record Money(String currency, BigDecimal amount, List<String> tags) {
    }

    /** A host enum the pod has its own copy of. */
    public enum Color { RED, GREEN }

    /** A type only the host has. */
    public record HostOnly(int n) {
    }

    /** A host record whose pod copy has another shape ({@code int count}): see {@link #start()}. */
    public record Item(String label, long count) {
    }

    @TempDir
    static Path dir;
    static Pod pod;

    private static final String ECHO = "package com.acme; import java.util.*;"
            + " public class Echo {"
            + " public static Object echo(Object o) { return o; }"
            + " public static String where(Object o) { ClassLoader l = o.getClass().getClassLoader();"
            + "   return o.getClass().getName() + \"@\" + (l == null ? \"boot\" : l.getName()); }"
            + " public static Object secret() { return new Secret(); }"
            + " public static Object thread() { return Thread.currentThread(); }"
            + " public static int length(byte[] b) { return b.length; }"
            + " public static byte[] big(int n) { return new byte[n]; }"
            + " public static boolean same(Object a, Object b) { return a == b; }"
            + " public static Object cyclic() { List<Object> l = new ArrayList<>(); l.add(l); return l; }"
            + " public static void boom() { try { throw new java.io.IOException(\"inner\"); }"
            + "   catch (java.io.IOException e) { throw new IllegalStateException(\"outer\", e); } }"
            + " public static void custom() throws Exception { throw new BoomException(\"mine\"); }"
            + " public static void cce() { Object o = \"s\"; Integer i = (Integer) o; }"
            + " public static void podException() { throw new MyPodException(); }"
            + "}";

    @BeforeAll
    static void start() {
        Path echo = PodFixtures.jar(dir, "echo.jar", Map.of("com.acme.Echo", ECHO,
                "com.acme.Secret", "package com.acme; public class Secret { int x = 1; }",
                "com.acme.BoomException", "package com.acme; public class BoomException extends Exception {"
                        + " public BoomException(String m) { super(m); } }",
                "com.acme.MyPodException", "package com.acme; public class MyPodException extends dev.pods.PodException {"
                        + " public MyPodException() { super(\"pod-made\"); } }"));
        Path copies = PodFixtures.copyOfHostClasses(dir, "copies.jar", Money.class, Color.class);
        Map<String, byte[]> otherItem = Jars.compile(Map.of(BridgeTest.class.getName(), "package dev.pods.runtime;"
                + " public class BridgeTest { public record Item(String label, int count) { } }"));
        String itemEntry = Item.class.getName().replace('.', '/') + ".class";
        Path items = Jars.writeJar(dir.resolve("item.jar"), Map.of(itemEntry, otherItem.get(itemEntry)), Map.of());
        pod = Pods.create(PodFixtures.env("bridge", echo, copies, items).withMaxPayloadBytes(64 * 1024));
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void stringArraysCrossAsCopiesAndOneArrayPassedTwiceStaysOne() {
        String[] args = {"a", null, "c"};
        String[] back = (String[]) roundTrip(args);
        assertArrayEquals(args, back);
        assertNotSame(args, back);
        assertEquals(false, (boolean) pod.call("com.acme.Echo/same", args, new String[] {"a", null, "c"}));
        assertEquals(true, (boolean) pod.call("com.acme.Echo/same", args, args));
    }

    private static Object roundTrip(Object v) {
        return pod.call("com.acme.Echo/echo", v);
    }

    @Test
    void immutableJdkValuesSkipTheCopy() {
        String s = new String("abc");
        assertSame(s, roundTrip(s));
        Long l = 1234567L;
        assertSame(l, roundTrip(l));
        LocalDate d = LocalDate.of(2024, 2, 29);
        assertSame(d, roundTrip(d));
        assertSame(DayOfWeek.MONDAY, roundTrip(DayOfWeek.MONDAY));
        assertNull(roundTrip(null));
        assertTrue(Bridge.isImmutable(BigDecimal.ONE));
        assertTrue(!Bridge.isImmutable(new ArrayList<>()));
    }

    @Test
    void eachValueKindCrossesBothWays() {
        List<Object> values = List.of(
                new ArrayList<>(List.of(1, "two", 3.0)),
                List.of("a", "b"),
                Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
                new HashMap<>(Map.of("k", 1, "l", 2)),
                Map.of("x", List.of(1)),
                new TreeMap<>(Map.of("b", 2, "a", 1)),
                new LinkedHashSet<>(List.of(3, 1, 2)),
                Set.of("s"),
                Optional.of("opt"),
                Optional.empty(),
                Instant.parse("2024-01-02T03:04:05Z"),
                Duration.ofMillis(1500),
                new BigDecimal("12.50"),
                Color.GREEN,
                new Money("EUR", new BigDecimal("9.99"), List.of("gift")));
        for (Object v : values) {
            Object back = roundTrip(v);
            assertEquals(v, back, "round trip of " + v.getClass().getName());
        }
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundTrip(new int[] {1, 2, 3}));
        assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(new String[] {"a", null}));
        Object[] nested = (Object[]) roundTrip(new Object[] {List.of(1), new long[] {7L}, "z"});
        assertEquals(List.of(1), nested[0]);
        assertArrayEquals(new long[] {7L}, (long[]) nested[1]);
        assertEquals(3, pod.<Integer>call("com.acme.Echo/length", (Object) new byte[3]));
    }

    @Test
    void aTypeOnBothSidesBecomesEachSidesOwnClass() {
        Money m = new Money("USD", BigDecimal.TEN, List.of());
        assertEquals(Money.class.getName() + "@pod:bridge", pod.call("com.acme.Echo/where", m));
        Object back = roundTrip(m);
        assertSame(Money.class, back.getClass());
        assertNotSame(m, back);
        assertEquals(Color.class.getName() + "@pod:bridge", pod.call("com.acme.Echo/where", Color.RED));
    }

    @Test
    void aClassOfAnotherShapeInThePodFailsInsteadOfArrivingGarbled() {
        // Before: arrived in the pod as Item[label=null, count=705032704].
        PodBridgeException e = assertThrows(PodBridgeException.class,
                () -> roundTrip(new Item("from-host", 5_000_000_000L)));
        assertEquals(Item.class.getName(), e.typeName());
        assertEquals(PodBridgeException.Side.POD, e.side());
        assertTrue(e.getMessage().contains("component count is long on the host and int in the pod"), e.getMessage());
        assertEquals("ok", pod.call("com.acme.Echo/echo", "ok")); // the pod is still usable
    }

    @Test
    void sharedReferencesAndCyclesSurvive() {
        List<String> shared = new ArrayList<>(List.of("x"));
        assertEquals(true, pod.call("com.acme.Echo/same", shared, shared));
        List<?> cyclic = pod.call("com.acme.Echo/cyclic");
        assertSame(cyclic, cyclic.get(0));
    }

    @Test
    void aPodOnlyTypeIsRefusedOnTheHostSide() {
        PodBridgeException e = assertThrows(PodBridgeException.class, () -> pod.call("com.acme.Echo/secret"));
        assertEquals("com.acme.Secret", e.typeName());
        assertEquals(PodBridgeException.Side.HOST, e.side());
    }

    @Test
    void aHostOnlyTypeIsRefusedOnThePodSide() {
        PodBridgeException e = assertThrows(PodBridgeException.class, () -> roundTrip(new HostOnly(1)));
        assertEquals(HostOnly.class.getName(), e.typeName());
        assertEquals(PodBridgeException.Side.POD, e.side());
        assertTrue(e.getMessage().contains("classpath"), e.getMessage());
    }

    @Test
    void liveObjectsAreRefusedWithTheReason() {
        PodBridgeException thread = assertThrows(PodBridgeException.class, () -> roundTrip(Thread.currentThread()));
        assertEquals(PodBridgeException.Side.HOST, thread.side());
        assertTrue(thread.getMessage().contains("thread"), thread.getMessage());
        PodBridgeException podThread = assertThrows(PodBridgeException.class, () -> pod.call("com.acme.Echo/thread"));
        assertEquals(PodBridgeException.Side.POD, podThread.side());
        Runnable lambda = () -> { };
        PodBridgeException l = assertThrows(PodBridgeException.class, () -> roundTrip(lambda));
        assertTrue(l.getMessage().contains("lambda"), l.getMessage());
        PodBridgeException stream = assertThrows(PodBridgeException.class,
                () -> roundTrip(new ByteArrayInputStream(new byte[1])));
        assertEquals(ByteArrayInputStream.class.getName(), stream.typeName());
        PodBridgeException nested = assertThrows(PodBridgeException.class,
                () -> roundTrip(new ArrayList<>(List.of("ok", new Object[] {Thread.currentThread()}))));
        assertTrue(nested.getMessage().contains("thread"), nested.getMessage());
        PodBridgeException ex = assertThrows(PodBridgeException.class, () -> roundTrip(new RuntimeException("x")));
        assertTrue(ex.getMessage().contains("PodCallException"), ex.getMessage());
    }

    @Test
    void payloadsAboveTheLimitAreRefusedBothWays() {
        PodBridgeException out = assertThrows(PodBridgeException.class, () -> roundTrip(new byte[100_000]));
        assertEquals(PodBridgeException.Side.HOST, out.side());
        assertTrue(out.getMessage().contains("withMaxPayloadBytes"), out.getMessage());
        PodBridgeException back = assertThrows(PodBridgeException.class, () -> pod.call("com.acme.Echo/big", 100_000));
        assertEquals(PodBridgeException.Side.POD, back.side());
        assertEquals(10, pod.<byte[]>call("com.acme.Echo/big", 10).length);
    }

    @Test
    void remoteExceptionsArriveAsDataWithTheirCauseChain() {
        PodCallException e = assertThrows(PodCallException.class, () -> pod.call("com.acme.Echo/boom"));
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertEquals("outer", e.remoteMessage());
        assertTrue(e.remoteStackTrace().stream().anyMatch(f -> f.getClassName().equals("com.acme.Echo")
                && f.getMethodName().equals("boom")), e.remoteStackTrace().toString());
        PodCallException cause = e.remoteCause();
        assertEquals("java.io.IOException", cause.remoteClassName());
        assertEquals("inner", cause.remoteMessage());
        assertNull(cause.remoteCause());
        assertTrue(e.getMessage().contains("com.acme.Echo/boom"), e.getMessage());

        PodCallException custom = assertThrows(PodCallException.class, () -> pod.call("com.acme.Echo/custom"));
        assertEquals("com.acme.BoomException", custom.remoteClassName());
        assertEquals("mine", custom.remoteMessage());

        PodCallException own = assertThrows(PodCallException.class, () -> pod.call("com.acme.Echo/podException"));
        assertEquals("com.acme.MyPodException", own.remoteClassName());

        PodCallException cce = assertThrows(PodCallException.class, () -> pod.call("com.acme.Echo/cce"));
        assertEquals("java.lang.ClassCastException", cce.remoteClassName());
    }

    @Test
    void castBetweenTwoCopiesOfOneClassExplainsItself() {
        ClassCastException cce = new ClassCastException("class a.B cannot be cast to class a.B (a.B is in unnamed"
                + " module of loader 'pod:x' @1; a.B is in unnamed module of loader 'app')");
        PodCallException e = dev.pods.runtime.bridge.RemoteExceptions.toCallException("call a.C/m", cce);
        assertTrue(e.getMessage().contains("two different class loaders")
                && e.getMessage().contains("withSharedPackages"), e.getMessage());
        assertEquals(Arrays.asList(cce.getStackTrace()), e.remoteStackTrace());
    }
}
