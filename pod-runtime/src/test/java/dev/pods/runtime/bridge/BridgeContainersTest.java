package dev.pods.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collections and maps arrive as the same kind of container: same ordering (or a typed refusal),
 * same membership rule, same immutability, access order, capacity and key type, and never with
 * fewer elements than were written.
 */
class BridgeContainersTest {
    @TempDir
    Path dir;
    private TwoSides s;

    /** A comparator and collection classes of the application, the same source on both sides. */
    private static final Map<String, String> APP = Map.of(
            "com.acme.ByLength", "package com.acme; public final class ByLength implements java.util.Comparator<String> {"
                    + " public int compare(String a, String b) { return Integer.compare(a.length(), b.length()); } }",
            "com.acme.Tagged", "package com.acme; public class Tagged extends java.util.ArrayList<String> {"
                    + " public String tag; public Tagged() { } public Tagged(String t) { tag = t; } }",
            "com.acme.CiSet", "package com.acme; public class CiSet extends java.util.TreeSet<String> {"
                    + " public CiSet() { super(String.CASE_INSENSITIVE_ORDER); } }",
            "com.acme.SortedBag", "package com.acme; public class SortedBag extends java.util.TreeSet<String> {"
                    + " public SortedBag() { } }",
            "com.acme.Prefilled", "package com.acme; public class Prefilled extends java.util.ArrayList<String> {"
                    + " public Prefilled() { add(\"default\"); } }");

    @BeforeEach
    void sides() {
        s = TwoSides.same(dir, APP);
    }

    @AfterEach
    void close() {
        s.close();
    }

    @SuppressWarnings("unchecked")
    private <T> T cross(T v) {
        return (T) s.toPod(v);
    }

    @Test
    void sortedContainersKeepTheirComparator() {
        TreeSet<String> reverse = new TreeSet<>(Collections.reverseOrder());
        reverse.addAll(List.of("a", "c", "b"));
        TreeSet<String> back = cross(reverse);
        assertEquals(List.of("c", "b", "a"), new ArrayList<>(back)); // before: [a, b, c]
        back.add("d");
        assertEquals("d", back.first());

        TreeSet<String> ci = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        ci.add("Hello");
        assertTrue(cross(ci).contains("HELLO")); // before: false

        TreeMap<String, Integer> rci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER.reversed());
        rci.putAll(Map.of("a", 1, "B", 2, "c", 3));
        TreeMap<String, Integer> m = cross(rci);
        assertEquals(List.of("c", "B", "a"), new ArrayList<>(m.keySet()));
        assertEquals(2, m.get("b"));

        ConcurrentSkipListSet<String> skip = new ConcurrentSkipListSet<>(Comparator.reverseOrder());
        skip.addAll(List.of("x", "y"));
        assertEquals(List.of("y", "x"), new ArrayList<>(cross(skip)));
        ConcurrentSkipListMap<String, Integer> skipMap = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);
        skipMap.put("K", 1);
        assertEquals(1, cross(skipMap).get("k"));

        PriorityQueue<Integer> pq = new PriorityQueue<>(Comparator.reverseOrder());
        pq.addAll(List.of(1, 5, 3));
        PriorityQueue<Integer> pqBack = cross(pq);
        assertEquals(5, pqBack.poll());
        assertEquals(3, pqBack.poll());
        PriorityBlockingQueue<String> pbq = new PriorityBlockingQueue<>(4, Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER));
        pbq.addAll(List.of("a", "C", "b"));
        assertEquals("C", cross(pbq).poll());

        TreeSet<String> natural = new TreeSet<>(List.of("b", "a"));
        assertNull(cross(natural).comparator());
        assertSame(Comparator.naturalOrder(), cross(new TreeSet<>(Comparator.<String>naturalOrder())).comparator());
    }

    @Test
    void sortedViewsAndWrappersKeepTheOrderingToo() {
        TreeSet<String> ci = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        ci.addAll(List.of("b", "A"));
        SortedSet<String> unmod = cross(Collections.unmodifiableSortedSet(ci));
        assertTrue(unmod.contains("a"));
        assertThrows(UnsupportedOperationException.class, () -> unmod.add("z"));
        NavigableSet<String> desc = cross(ci.descendingSet());
        assertEquals(List.of("b", "A"), new ArrayList<>(desc));
        // A plain Set wrapper over a sorted set: its membership rule is the comparator's.
        Set<String> asSet = cross(Collections.unmodifiableSet(ci));
        assertTrue(asSet.contains("B"));
        assertThrows(UnsupportedOperationException.class, () -> asSet.add("z"));

        TreeMap<String, Integer> tm = new TreeMap<>(Collections.reverseOrder());
        tm.putAll(Map.of("a", 1, "b", 2));
        SortedMap<String, Integer> sync = cross(Collections.synchronizedSortedMap(tm));
        assertEquals("b", sync.firstKey());
        sync.put("c", 3);
        assertEquals("c", sync.firstKey());
        Map<String, Integer> unmodMap = cross(Collections.unmodifiableMap(new TreeMap<>(Map.of("K", 1))));
        assertEquals(1, unmodMap.get("K"));
        Map<String, Integer> ciMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ciMap.put("K", 1);
        assertEquals(1, cross(Collections.unmodifiableMap(ciMap)).get("k"));
        assertEquals(List.of("b", "a"), new ArrayList<>(cross(tm.keySet())));
        assertEquals(List.of("b", "a"), new ArrayList<>(cross(tm.descendingMap().descendingMap().keySet())));
    }

    @Test
    void aComparatorOfTheApplicationCrossesAsItsOwnClass() {
        @SuppressWarnings("unchecked")
        Comparator<String> byLength = (Comparator<String>) s.host("com.acme.ByLength");
        TreeSet<String> set = new TreeSet<>(byLength);
        set.addAll(List.of("ccc", "a", "bb"));
        TreeSet<String> back = cross(set);
        assertEquals(List.of("a", "bb", "ccc"), new ArrayList<>(back));
        assertSame(s.podLoader, back.comparator().getClass().getClassLoader());
        assertTrue(back.contains("zz")); // same length as "bb": the comparator decides
    }

    @Test
    void anOrderingThatCannotCrossIsRefusedWithTheReason() {
        TreeSet<String> byLambda = new TreeSet<>((a, b) -> b.compareTo(a));
        byLambda.add("x");
        PodBridgeException e = assertThrows(PodBridgeException.class, () -> cross(byLambda));
        assertEquals(TreeSet.class.getName(), e.typeName());
        assertEquals(PodBridgeException.Side.HOST, e.side());
        assertTrue(e.getMessage().contains("a TreeSet ordered by a lambda comparator cannot cross"), e.getMessage());

        TreeMap<String, Integer> nulls = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        PodBridgeException n = assertThrows(PodBridgeException.class, () -> cross(nulls));
        assertTrue(n.getMessage().contains("the JDK comparator java.util.Comparators$NullComparator"), n.getMessage());

        PriorityQueue<String> pq = new PriorityQueue<>(Comparator.comparing(String::length));
        assertThrows(PodBridgeException.class, () -> cross(pq));
        Set<String> wrapped = Collections.unmodifiableSet(new TreeSet<>(byLambda));
        assertThrows(PodBridgeException.class, () -> cross(wrapped));
    }

    @Test
    void sortedClassesOfTheApplicationKeepTheirOrderingOrAreRefused() {
        @SuppressWarnings("unchecked")
        Set<String> ciSet = (Set<String>) s.host("com.acme.CiSet");
        ciSet.add("Hello");
        Set<String> back = cross(ciSet);
        assertEquals("com.acme.CiSet", back.getClass().getName());
        assertTrue(back.contains("HELLO")); // its no-argument constructor gives the same ordering

        // The host's version can be made in any order; the pod's version only in natural order.
        String hostBag = "package com.acme; public class Bag extends java.util.TreeSet<String> {"
                + " public Bag() { } public Bag(java.util.Comparator<String> c) { super(c); } }";
        String podBag = "package com.acme; public class Bag extends java.util.TreeSet<String> { public Bag() { } }";
        try (TwoSides t = TwoSides.of(dir.resolve("bag"), Map.of("com.acme.Bag", hostBag), Map.of("com.acme.Bag", podBag))) {
            @SuppressWarnings("unchecked")
            Set<String> natural = (Set<String>) t.host("com.acme.Bag");
            natural.addAll(List.of("b", "a"));
            assertEquals(List.of("a", "b"), new ArrayList<>((Set<?>) t.toPod(natural)));
            @SuppressWarnings("unchecked")
            Set<String> reversed = (Set<String>) t.host("com.acme.Bag", Collections.reverseOrder());
            reversed.addAll(List.of("a", "b"));
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> t.toPod(reversed));
            assertEquals("com.acme.Bag", e.typeName());
            assertTrue(e.getMessage().contains("ordered by Collections.reverseOrder() where it was written"), e.getMessage());
        }
    }

    @Test
    void aSubclassKeepsItsOwnFieldsAndAConstructorThatAddsIsRefused() {
        @SuppressWarnings("unchecked")
        List<String> tagged = (List<String>) s.host("com.acme.Tagged", "t1");
        tagged.add("x");
        Object back = cross(tagged);
        assertEquals(List.of("x"), back);
        assertEquals("t1", field(back, "tag")); // before: null

        @SuppressWarnings("unchecked")
        List<String> prefilled = (List<String>) s.host("com.acme.Prefilled");
        PodBridgeException e = assertThrows(PodBridgeException.class, () -> cross(prefilled));
        assertTrue(e.getMessage().contains("its constructor already adds elements"), e.getMessage());
    }

    @Test
    void immutableAndUnmodifiableContainersStayThatWay() {
        List<Object> values = List.of(List.of(1, 2, 3), List.of(1), List.of(), Set.of("a", "b"), Map.of("k", 1),
                Collections.unmodifiableList(new ArrayList<>(List.of(1))), Collections.unmodifiableSet(new HashSet<>(Set.of(1))),
                Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))), Collections.emptyList(), Collections.emptySet(),
                Collections.emptyMap(), Collections.singletonList(1), Collections.singleton(1), Collections.singletonMap(1, 2),
                Collections.unmodifiableCollection(new ArrayList<>(List.of(1))), List.of(1, 2, 3).subList(0, 2),
                Collections.emptySortedSet(), Collections.emptyNavigableMap());
        for (Object v : values) {
            Object back = cross(v);
            assertEquals(contents(v), contents(back), v.getClass().getName());
            if (back instanceof Collection) {
                @SuppressWarnings("unchecked")
                Collection<Object> c = (Collection<Object>) back;
                assertThrows(UnsupportedOperationException.class, () -> c.add(9), v.getClass().getName() + " arrived modifiable");
            } else {
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) back;
                assertThrows(UnsupportedOperationException.class, () -> m.put(9, 9), v.getClass().getName() + " arrived modifiable");
            }
        }
        // The same immutable family: List.of rejects null queries, Stream.toList allows nulls.
        assertThrows(NullPointerException.class, () -> ((List<?>) cross(List.of(1, 2, 3))).contains(null));
        List<Object> withNull = Stream.<Object>of(1, null, 3).toList();
        assertEquals(withNull, cross(withNull));
        // Arrays.asList stays fixed-size but settable.
        List<String> asList = cross(Arrays.asList("a", "b"));
        asList.set(0, "z");
        assertThrows(UnsupportedOperationException.class, () -> asList.add("c"));
        // nCopies crosses as one element and a count.
        List<String> copies = cross(Collections.nCopies(1_000_000_000, "x"));
        assertEquals(1_000_000_000, copies.size());
        assertEquals("x", copies.get(999_999_999));
    }

    @Test
    void checkedViewsWeakMapsAndHandOffQueuesAreRefused() {
        for (Object v : List.of(Collections.checkedList(new ArrayList<>(), String.class), new WeakHashMap<>(Map.of("k", 1)),
                Collections.synchronizedMap(new WeakHashMap<>(Map.of("k", 1))), new WeakHashMap<>().keySet(),
                new java.util.concurrent.SynchronousQueue<>())) {
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> cross(v), v.getClass().getName());
            assertEquals(PodBridgeException.Side.HOST, e.side());
        }
    }

    @Test
    void identityAccessOrderCapacityAndCopyOnWriteSurvive() {
        String a1 = new String("a");
        String a2 = new String("a");
        IdentityHashMap<String, Integer> id = new IdentityHashMap<>();
        id.put(a1, 1);
        id.put(a2, 2);
        assertEquals(2, cross(id).size()); // two keys that are equal but not the same
        Set<String> idSet = Collections.newSetFromMap(new IdentityHashMap<>());
        idSet.add(a1);
        idSet.add(a2);
        assertEquals(2, cross(Collections.unmodifiableSet(idSet)).size());

        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
        lru.put("a", 1);
        lru.put("b", 2);
        LinkedHashMap<String, Integer> lruBack = cross(lru);
        lruBack.get("a");
        assertEquals(List.of("b", "a"), new ArrayList<>(lruBack.keySet())); // before: insertion order, [a, b]
        LinkedHashMap<String, Integer> insertion = cross(new LinkedHashMap<>(Map.of("a", 1)));
        insertion.put("b", 2);
        insertion.get("a");
        assertEquals(List.of("a", "b"), new ArrayList<>(insertion.keySet()));

        LinkedBlockingQueue<Integer> bounded = new LinkedBlockingQueue<>(3);
        bounded.add(1);
        assertEquals(2, cross(bounded).remainingCapacity());
        CopyOnWriteArrayList<Integer> cow = cross(new CopyOnWriteArrayList<>(List.of(1, 2)));
        assertEquals(List.of(1, 2), cow);

        Properties p = new Properties();
        p.setProperty("k", "v");
        assertEquals("v", cross(p).getProperty("k"));
        Properties withDefaults = new Properties(p);
        PodBridgeException e = assertThrows(PodBridgeException.class, () -> cross(withDefaults));
        assertTrue(e.getMessage().contains("defaults"), e.getMessage());
    }

    @Test
    void enumSetsAndEnumMapsStayEnumContainers() {
        EnumSet<TimeUnit> set = EnumSet.of(TimeUnit.SECONDS, TimeUnit.DAYS);
        Object back = cross(set);
        assertTrue(back instanceof EnumSet, back.getClass().getName()); // before: a LinkedHashSet
        assertEquals(set, back);
        assertEquals(EnumSet.noneOf(TimeUnit.class), cross(EnumSet.noneOf(TimeUnit.class)));
        EnumMap<TimeUnit, String> map = new EnumMap<>(TimeUnit.class);
        map.put(TimeUnit.HOURS, "h");
        Object mapBack = cross(map);
        assertTrue(mapBack instanceof EnumMap, mapBack.getClass().getName()); // before: a LinkedHashMap
        assertEquals(map, mapBack);
        EnumMap<TimeUnit, String> empty = cross(new EnumMap<TimeUnit, String>(TimeUnit.class));
        empty.put(TimeUnit.DAYS, "d"); // its key type came across too
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<Object, Object> raw = (Map) empty;
        assertThrows(ClassCastException.class, () -> raw.put("x", "y"));
    }

    @Test
    void elementsThatCollapseOnTheReadingSideAreAnError() {
        String host = "package com.acme; public final class Key { public int id; public Key(int id) { this.id = id; }"
                + " public boolean equals(Object o) { return o instanceof Key && ((Key) o).id == id; }"
                + " public int hashCode() { return id; } }";
        String pod = "package com.acme; public final class Key { public int id; public Key(int id) { this.id = id; }"
                + " public boolean equals(Object o) { return o instanceof Key; } public int hashCode() { return 0; } }";
        try (TwoSides t = TwoSides.of(dir.resolve("collapse"), Map.of("com.acme.Key", host), Map.of("com.acme.Key", pod))) {
            Set<Object> keys = new HashSet<>(List.of(t.host("com.acme.Key", 1), t.host("com.acme.Key", 2)));
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> t.toPod(keys));
            assertTrue(e.getMessage().contains("2 elements were written but only 1 remain"), e.getMessage());
            Map<Object, Object> map = new HashMap<>(Map.of(t.host("com.acme.Key", 1), "a", t.host("com.acme.Key", 2), "b"));
            assertThrows(PodBridgeException.class, () -> t.toPod(map));
            assertThrows(PodBridgeException.class, () -> t.toPod(Set.of(t.host("com.acme.Key", 1), t.host("com.acme.Key", 2))));
        }
    }

    @Test
    void ordinaryContainersStillCrossAsTheirOwnClass() {
        List<Object> values = List.of(new ArrayList<>(List.of(1, "a")), new java.util.LinkedList<>(List.of(1)),
                new HashSet<>(Set.of(1, 2)), new LinkedHashSet<>(List.of(3, 1, 2)), new java.util.ArrayDeque<>(List.of(1)),
                new HashMap<>(Map.of("k", List.of(1))), new java.util.Hashtable<>(Map.of("k", 1)),
                new java.util.concurrent.ConcurrentHashMap<>(Map.of("k", 1)), new java.util.Vector<>(List.of(1)));
        for (Object v : values) {
            Object back = cross(v);
            assertSame(v.getClass(), back.getClass());
            assertNotSame(v, back);
            if (v instanceof Queue) {
                assertEquals(new ArrayList<>((Collection<?>) v), new ArrayList<>((Collection<?>) back));
            } else {
                assertEquals(v, back);
            }
        }
        assertEquals(List.of(3, 1, 2), new ArrayList<>(cross(new LinkedHashSet<>(List.of(3, 1, 2)))));
        // A view arrives as a modifiable copy of what it presents.
        Map<String, Integer> m = new HashMap<>(Map.of("a", 1));
        Set<String> keys = cross(m.keySet());
        assertEquals(Set.of("a"), keys);
        keys.add("b");
        assertFalse(m.containsKey("b"));
    }

    /** What a container holds, comparable across container classes (a plain Collection has no equals). */
    private static Object contents(Object c) {
        return c instanceof Collection && !(c instanceof List) && !(c instanceof Set) ? new ArrayList<>((Collection<?>) c) : c;
    }

    private static Object field(Object o, String name) {
        try {
            return o.getClass().getField(name).get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
