package dev.pods.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SimpleTimeZone;
import java.util.TimeZone;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other JDK values that Kryo copies with a loss, and the ones that cross faithfully, each
 * nested in a list so that it goes through the codec (at the top level many skip it).
 */
class BridgeValuesTest {
    @TempDir
    Path dir;
    private TwoSides s;

    @BeforeEach
    void sides() {
        s = TwoSides.same(dir, Map.of(
                "com.acme.Op", "package com.acme; public enum Op { ADD { public int apply(int a, int b) { return a + b; } },"
                        + " SUB { public int apply(int a, int b) { return a - b; } }; public abstract int apply(int a, int b); }",
                "com.acme.Pair", "package com.acme; public record Pair(Object left, Object right) { }",
                "com.acme.MyDate", "package com.acme; public class MyDate extends java.util.Date { public String zone = \"z\"; }"));
    }

    @AfterEach
    void close() {
        s.close();
    }

    private Object cross(Object v) {
        return ((List<?>) s.toPod(new ArrayList<>(List.of(v)))).get(0);
    }

    @Test
    void jdkValuesArriveWhole() {
        Timestamp ts = new Timestamp(1_700_000_000_123L);
        ts.setNanos(123_456_789);
        assertEquals(ts, cross(ts)); // before: the nanoseconds were lost

        Locale script = Locale.forLanguageTag("zh-Hant-TW-u-ca-chinese");
        assertEquals(script, cross(script)); // before: zh_TW, without script and extension
        Locale legacy = new Locale("ja", "JP", "JP");
        assertEquals(legacy, cross(legacy));

        // 01:30 on 2023-11-05 happens twice in New York; the second one is at offset -05:00.
        ZonedDateTime late = ZonedDateTime.of(LocalDateTime.of(2023, 11, 5, 1, 30), ZoneId.of("America/New_York"))
                .withLaterOffsetAtOverlap();
        assertEquals(late, cross(late)); // before: the earlier offset, an hour off

        Calendar japanese = new Calendar.Builder().setCalendarType("japanese").setInstant(1_700_000_000_000L)
                .setTimeZone(TimeZone.getTimeZone("Asia/Tokyo")).build();
        Calendar back = (Calendar) cross(japanese);
        assertEquals(japanese.getClass(), back.getClass()); // before: whatever the default locale makes
        assertEquals(japanese.getTimeInMillis(), back.getTimeInMillis());
        assertEquals(japanese.get(Calendar.ERA), back.get(Calendar.ERA));
        GregorianCalendar g = new GregorianCalendar(TimeZone.getTimeZone("Europe/Paris"), Locale.FRANCE);
        g.setTimeInMillis(0);
        assertEquals(g, cross(g));

        for (Object v : List.of(new Date(5), new java.sql.Date(86_400_000L), new BitSet(), bits(), UUID.randomUUID(),
                java.net.URI.create("http://example.invalid/a?b"), Optional.of(List.of(1)), Optional.empty(),
                LocalDate.of(2024, 2, 29), TimeZone.getTimeZone("Europe/Paris"), new StringBuilder("sb"))) {
            Object b = cross(v);
            assertEquals(v.getClass(), b.getClass());
            assertEquals(v instanceof StringBuilder ? v.toString() : v, v instanceof StringBuilder ? b.toString() : b);
        }
        Pattern p = (Pattern) cross(Pattern.compile("a+b", Pattern.CASE_INSENSITIVE));
        assertTrue(p.matcher("AAB").matches());
    }

    @Test
    void valuesThatWouldArriveWrongAreRefused() {
        SimpleTimeZone custom = new SimpleTimeZone(3_600_000, "Custom/Zone");
        PodBridgeException tz = assertThrows(PodBridgeException.class, () -> cross(custom));
        assertTrue(tz.getMessage().contains("Custom/Zone"), tz.getMessage()); // before: arrived as GMT

        Object myDate = s.host("com.acme.MyDate");
        PodBridgeException sub = assertThrows(PodBridgeException.class, () -> cross(myDate));
        assertEquals("com.acme.MyDate", sub.typeName()); // before: arrived as a MyDate without its zone
        assertTrue(sub.getMessage().contains("it extends java.util.Date"), sub.getMessage());

        // A record inside a list inside the same record: the record can only be made after the list.
        List<Object> inner = new ArrayList<>();
        Object pair = s.host("com.acme.Pair", "a", inner);
        inner.add(pair);
        PodBridgeException cycle = assertThrows(PodBridgeException.class, () -> s.toPod(pair));
        assertTrue(cycle.getMessage().contains("refers back to it"), cycle.getMessage()); // before: a null inside
    }

    @Test
    void enumsWithConstantBodiesArraysAndSharedReferencesCross() throws Exception {
        Class<?> op = Class.forName("com.acme.Op", true, s.hostLoader);
        Object add = op.getEnumConstants()[0];
        Object podAdd = cross(add);
        assertSame(s.podLoader, ((Enum<?>) podAdd).getDeclaringClass().getClassLoader());
        assertEquals(5, ((Enum<?>) podAdd).getDeclaringClass().getMethod("apply", int.class, int.class).invoke(podAdd, 2, 3));

        Object pair = s.host("com.acme.Pair", "l", "r");
        Object array = java.lang.reflect.Array.newInstance(pair.getClass(), 2);
        java.lang.reflect.Array.set(array, 0, pair);
        java.lang.reflect.Array.set(array, 1, pair);
        Object[] back = (Object[]) s.toPod(array);
        assertEquals("com.acme.Pair", back.getClass().getComponentType().getName());
        assertSame(back[0], back[1]);
        assertNotSame(pair, back[0]);
        assertEquals(pair.toString(), back[0].toString());
        assertFalse(Bridge.isImmutable(new LocalDate[] {LocalDate.MIN})); // an array is never shared
    }

    private static BitSet bits() {
        BitSet b = new BitSet();
        b.set(3);
        b.set(130);
        return b;
    }
}
