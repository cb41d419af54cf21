package dev.pods.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import dev.pods.PodBridgeException.Side;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One class name, two shapes: each side has its own version of a class. A value arrives intact
 * when the shapes agree, and otherwise fails naming the class and each difference, in both
 * directions and wherever the class sits (top level, in a list, an array, an Optional, a field).
 */
class BridgeShapeTest {
    @TempDir
    Path dir;

    private static final String ITEM_LONG = "package com.acme; public record Item(String label, long count) {}";
    private static final String ITEM_INT = "package com.acme; public record Item(String label, int count) {}";

    private static void assertMessage(PodBridgeException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void aRecordComponentOfAnotherTypeFailsBothWaysInsteadOfArrivingGarbled() {
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Item", ITEM_LONG), Map.of("com.acme.Item", ITEM_INT))) {
            Object item = s.host("com.acme.Item", "from-host", 5_000_000_000L);
            // Before: arrived as Item[label=null, count=705032704] without an error.
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(item));
            assertEquals("com.acme.Item", e.typeName());
            assertEquals(Side.POD, e.side());
            assertMessage(e, "component count is long on the host and int in the pod", "withSharedPackages");

            Object podItem = s.pod("com.acme.Item", "from-pod", 7);
            PodBridgeException back = assertThrows(PodBridgeException.class, () -> s.toHost(podItem));
            assertEquals(Side.HOST, back.side());
            assertMessage(back, "component count is int in the pod and long on the host");
        }
    }

    @Test
    void fieldsAddedRemovedRenamedOrRetypedAreEachNamed() {
        String host = "package com.acme; public class Box { public String label = \"l\"; public long count = 5L;"
                + " public int kept = 1; public String gone = \"g\"; }";
        String pod = "package com.acme; public class Box { public String name; public int count;"
                + " public int kept; public java.util.List<String> extra; }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Box", host), Map.of("com.acme.Box", pod))) {
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(s.host("com.acme.Box")));
            assertEquals("com.acme.Box", e.typeName());
            assertMessage(e, "field count is long on the host and int in the pod",
                    "field label exists on the host only", "field gone exists on the host only",
                    "field name exists in the pod only", "field extra exists in the pod only");
            assertTrue(!e.getMessage().contains("field kept"), e.getMessage());
        }
    }

    @Test
    void aSuperclassFieldOfAnotherTypeIsFound() {
        Map<String, String> host = Map.of("com.acme.Base", "package com.acme; public class Base { public int a = 1; }",
                "com.acme.Sub", "package com.acme; public class Sub extends Base { public int b = 2; }");
        Map<String, String> pod = Map.of("com.acme.Base", "package com.acme; public class Base { public long a; }",
                "com.acme.Sub", "package com.acme; public class Sub extends Base { public int b; }");
        try (TwoSides s = TwoSides.of(dir, host, pod)) {
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(s.host("com.acme.Sub")));
            assertEquals("com.acme.Sub", e.typeName());
            assertMessage(e, "field a is int on the host and long in the pod");
        }
    }

    @Test
    void aRecordOnOneSideAndAClassOnTheOtherIsNamed() {
        String pod = "package com.acme; public class Item { public String label; public long count; }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Item", ITEM_LONG), Map.of("com.acme.Item", pod))) {
            PodBridgeException e = assertThrows(PodBridgeException.class,
                    () -> s.toPod(s.host("com.acme.Item", "x", 1L)));
            assertMessage(e, "it is a record on the host and an object copied field by field in the pod");
        }
    }

    @Test
    void theClassIsCheckedWhereverItSits() {
        String holder = "package com.acme; public class Holder { public final Price price;"
                + " public Holder(Price p) { price = p; } }";
        Map<String, String> host = Map.of("com.acme.Item", ITEM_LONG, "com.acme.Holder", holder,
                "com.acme.Price", "package com.acme; public final class Price { public long cents;"
                        + " public Price(long c) { cents = c; } }");
        Map<String, String> pod = Map.of("com.acme.Item", ITEM_INT, "com.acme.Holder", holder,
                "com.acme.Price", "package com.acme; public final class Price { public int cents;"
                        + " public Price(int c) { cents = c; } }");
        try (TwoSides s = TwoSides.of(dir, host, pod)) {
            Object item = s.host("com.acme.Item", "x", 1L);
            Object array = Array.newInstance(item.getClass(), 1);
            Array.set(array, 0, item);
            for (Object v : List.of(new ArrayList<>(List.of(item)), List.of(item), Optional.of(item), array,
                    Map.of("k", item), new Object[] {"a", item})) {
                PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(v),
                        "inside " + v.getClass().getName());
                assertEquals("com.acme.Item", e.typeName(), e.getMessage());
            }
            // A final class in a field of a class whose own shape agrees is still checked.
            Object h = s.host("com.acme.Holder", s.host("com.acme.Price", 10L));
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(h));
            assertEquals("com.acme.Price", e.typeName());
            assertMessage(e, "field cents is long on the host and int in the pod");
        }
    }

    @Test
    void equalShapesArriveIntactAsTheOtherSidesClass() {
        Map<String, String> src = Map.of("com.acme.Item", ITEM_LONG,
                "com.acme.Inner", "package com.acme; public class Inner { public String s = \"in\";"
                        + " public class Nested { public int n = 4; public String outer() { return s; } }"
                        + " public Nested nested() { return new Nested(); } }");
        try (TwoSides s = TwoSides.same(dir, src)) {
            Object item = s.host("com.acme.Item", "from-host", 5_000_000_000L);
            Object arrived = s.toPod(item);
            assertEquals("Item[label=from-host, count=5000000000]", arrived.toString());
            assertSame(s.podLoader, arrived.getClass().getClassLoader());
            Object back = s.toHost(arrived);
            assertEquals(item, back);
            assertNotSame(item, back);
            // An inner class keeps its outer instance (a synthetic field Kryo skips by default).
            Object nested = s.toPod(invoke(s.host("com.acme.Inner"), "nested"));
            assertEquals("in", invoke(nested, "outer"));
        }
    }

    @Test
    void enumsMapConstantsByNameAndRefuseOneTheReaderLacks() {
        String host = "package com.acme; public enum Color { RED, GREEN, BLUE, MAUVE }";
        String pod = "package com.acme; public enum Color { BLUE, GREEN, RED }";
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Color", host), Map.of("com.acme.Color", pod))) {
            Class<?> hostColor = load(s.hostLoader, "com.acme.Color");
            Object red = hostColor.getEnumConstants()[0];
            Object blue = hostColor.getEnumConstants()[2];
            // Ordinals differ (RED is 0 on the host, 2 in the pod): the constant arrives by name.
            assertEquals("RED", ((Enum<?>) s.toPod(red)).name());
            assertEquals(List.of("RED", "BLUE"), names(s.toPod(new ArrayList<>(List.of(red, blue)))));
            @SuppressWarnings({"unchecked", "rawtypes"})
            EnumSet<?> set = EnumSet.of((Enum) red, (Enum) blue);
            Object podSet = s.toPod(set);
            assertEquals(List.of("BLUE", "RED"), names(new ArrayList<>((EnumSet<?>) podSet)));
            // MAUVE exists on the host only: an error, never another constant or null.
            Object mauve = hostColor.getEnumConstants()[3];
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(List.of(red, mauve)));
            assertEquals("com.acme.Color", e.typeName());
            assertMessage(e, "constant MAUVE exists on the host only");
        }
    }

    @Test
    void aForeignShapeIsJudgedOncePerClass() {
        try (TwoSides s = TwoSides.of(dir, Map.of("com.acme.Item", ITEM_LONG), Map.of("com.acme.Item", ITEM_INT))) {
            Object item = s.host("com.acme.Item", "x", 1L);
            for (int i = 0; i < 3; i++) {
                assertThrows(PodBridgeException.class, () -> s.toPod(item));
            }
            assertEquals(1, s.pod.shapes().cachedVerdicts());
        }
    }

    private static Class<?> load(ClassLoader l, String name) {
        try {
            return Class.forName(name, true, l);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Object o, String method) {
        try {
            return o.getClass().getMethod(method).invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(((Enum<?>) o).name());
        }
        return out;
    }
}
