package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Queue;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Vector;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Every collection and map crosses here, element by element, and is rebuilt on the reading side
 * as the same kind of container: the same class where the JDK lets us make it, the same
 * ordering, access order, capacity, key type or immutability, or else a typed refusal.
 *
 * <p>JDK classes are looked up in an explicit table, probed once from the JDK itself (the class
 * of {@code List.of(1)}, of {@code Collections.unmodifiableSortedSet(...)} and so on): no
 * decision is taken from a class name. A JDK class the table does not know is made with its
 * public no-argument constructor when it has one, or else copied by what it presents (a view
 * such as {@code map.keySet()} arrives as a modifiable copy: a List as an ArrayList, a Set or
 * Map with the membership rule of what backs it). A Set or Map whose backing decides membership
 * by a comparator or by identity is found through its spliterator (which every JDK wrapper and
 * view hands through from the backing container), so that a case-insensitive set inside
 * {@code Collections.unmodifiableSet} still answers {@code contains} the same way.
 *
 * <p>A class of the application that is a collection or map is made with its own constructor
 * (one taking a Comparator when it is sorted, else its no-argument one), filled through its own
 * {@code add}/{@code put}, checked (empty when made, same ordering, nothing collapsed), and then
 * its own fields are copied too, so that a subclass's extra state is not lost.
 *
 * <p>After reading, a set or map must hold as many elements as were written: elements that are
 * distinct on the writing side but equal on the reading side (an {@code equals} that differs
 * between versions) are an error, never a silently smaller container.
 *
 * <p>This class decides the plan for each class; {@link ContainerCopy} writes and reads by it.
 */
final class Containers {
    private Containers() {
    }

    /** How a container class is rebuilt. */
    enum How {
        /** Made empty (a known factory or the public no-argument constructor), then filled. */
        NEW,
        /** Made with the written ordering. */
        SORTED,
        /** A LinkedHashMap made with the written access order. */
        LINKED_MAP,
        /** A blocking queue made with the written capacity. */
        BOUNDED,
        /** A copy-on-write container, made empty and filled in one step. */
        COPY_ON_WRITE,
        ENUM_SET,
        ENUM_MAP,
        /** A Collections.unmodifiableX view over a copy of what it presents. */
        UNMODIFIABLE,
        /** A Collections.synchronizedX view over a copy of what it presents. */
        SYNCHRONIZED,
        /** Any other JDK view: a modifiable copy of what it presents. */
        VIEW,
        /** Made from all its elements at once (List.of, Collections.singleton, Arrays.asList...). */
        IMMUTABLE,
        /** A class of the application. */
        USER,
        REFUSED
    }

    /** What a container presents (its most specific collection interface). */
    enum Face {
        COLLECTION, LIST, RANDOM_ACCESS_LIST, SET, SORTED_SET, NAVIGABLE_SET, MAP, SORTED_MAP, NAVIGABLE_MAP;

        static Face of(Class<?> t) {
            if (Map.class.isAssignableFrom(t)) {
                return NavigableMap.class.isAssignableFrom(t) ? NAVIGABLE_MAP
                        : SortedMap.class.isAssignableFrom(t) ? SORTED_MAP : MAP;
            }
            if (NavigableSet.class.isAssignableFrom(t)) {
                return NAVIGABLE_SET;
            }
            if (SortedSet.class.isAssignableFrom(t)) {
                return SORTED_SET;
            }
            if (Set.class.isAssignableFrom(t)) {
                return SET;
            }
            if (List.class.isAssignableFrom(t)) {
                return RandomAccess.class.isAssignableFrom(t) ? RANDOM_ACCESS_LIST : LIST;
            }
            return COLLECTION;
        }

        boolean isMap() {
            return this == MAP || this == SORTED_MAP || this == NAVIGABLE_MAP;
        }

        boolean isSorted() {
            return this == SORTED_SET || this == NAVIGABLE_SET || this == SORTED_MAP || this == NAVIGABLE_MAP;
        }

        /** Whether membership (equals, comparator, identity) must be carried for this face. */
        boolean hasMembership() {
            return this == COLLECTION || this == SET || this == MAP;
        }
    }

    /** How an immutable container is made from its items (elements, or keys and values interleaved). */
    @FunctionalInterface
    interface Maker {
        Object make(Object[] items, int size);
    }

    /** One table row: how a JDK class is rebuilt. */
    static final class Plan {
        final How how;
        final Face face;
        final IntFunction<Object> empty;
        final BiFunction<Integer, Comparator<Object>, Object> sorted;
        final Maker maker;
        final String refusal;

        private Plan(How how, Face face, IntFunction<Object> empty, BiFunction<Integer, Comparator<Object>, Object> sorted,
                     Maker maker, String refusal) {
            this.how = how;
            this.face = face;
            this.empty = empty;
            this.sorted = sorted;
            this.maker = maker;
            this.refusal = refusal;
        }
    }

    private static final Map<Class<?>, Plan> JDK = table();
    static final Class<?> N_COPIES = Collections.nCopies(2, 1).getClass();
    /** Spliterators of containers whose keys are compared by identity. */
    static final Set<Class<?>> IDENTITY_SPLITERATORS = Set.of(
            new IdentityHashMap<>().keySet().spliterator().getClass(),
            new IdentityHashMap<>().entrySet().spliterator().getClass());
    /** Spliterators of containers whose keys are held weakly. */
    static final Set<Class<?>> WEAK_SPLITERATORS = Set.of(
            new WeakHashMap<>().keySet().spliterator().getClass(),
            new WeakHashMap<>().entrySet().spliterator().getClass());

    static int hashCapacity(int n) {
        return n < 3 ? n + 1 : (int) (n / 0.75f) + 1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Class<?>, Plan> table() {
        Map<Class<?>, Plan> t = new HashMap<>();
        // Made empty, then filled.
        newer(t, ArrayList.class, ArrayList::new);
        newer(t, LinkedList.class, n -> new LinkedList<>());
        newer(t, ArrayDeque.class, ArrayDeque::new);
        newer(t, Vector.class, Vector::new);
        newer(t, Stack.class, n -> new Stack<>());
        newer(t, HashSet.class, n -> new HashSet<>(hashCapacity(n)));
        newer(t, LinkedHashSet.class, n -> new LinkedHashSet<>(hashCapacity(n)));
        newer(t, ConcurrentLinkedQueue.class, n -> new ConcurrentLinkedQueue<>());
        newer(t, ConcurrentLinkedDeque.class, n -> new ConcurrentLinkedDeque<>());
        newer(t, LinkedTransferQueue.class, n -> new LinkedTransferQueue<>());
        newer(t, DelayQueue.class, n -> new DelayQueue());
        newer(t, HashMap.class, n -> new HashMap<>(hashCapacity(n)));
        newer(t, Hashtable.class, n -> new Hashtable<>(hashCapacity(n)));
        newer(t, ConcurrentHashMap.class, ConcurrentHashMap::new);
        newer(t, IdentityHashMap.class, IdentityHashMap::new);
        newer(t, Properties.class, n -> new Properties());
        t.put(CopyOnWriteArrayList.class, plan(How.COPY_ON_WRITE, CopyOnWriteArrayList.class, n -> new CopyOnWriteArrayList<>()));
        t.put(CopyOnWriteArraySet.class, plan(How.COPY_ON_WRITE, CopyOnWriteArraySet.class, n -> new CopyOnWriteArraySet<>()));
        t.put(LinkedHashMap.class, plan(How.LINKED_MAP, LinkedHashMap.class, null));
        // Ordered: made with the ordering.
        sorted(t, TreeSet.class, (n, c) -> new TreeSet<>(c));
        sorted(t, ConcurrentSkipListSet.class, (n, c) -> new ConcurrentSkipListSet<>(c));
        sorted(t, PriorityQueue.class, (n, c) -> new PriorityQueue<>(Math.max(1, n), c));
        sorted(t, PriorityBlockingQueue.class, (n, c) -> new PriorityBlockingQueue<>(Math.max(1, n), c));
        sorted(t, TreeMap.class, (n, c) -> new TreeMap<>(c));
        sorted(t, ConcurrentSkipListMap.class, (n, c) -> new ConcurrentSkipListMap<>(c));
        // Bounded: made with the capacity.
        t.put(LinkedBlockingQueue.class, plan(How.BOUNDED, LinkedBlockingQueue.class, LinkedBlockingQueue::new));
        t.put(LinkedBlockingDeque.class, plan(How.BOUNDED, LinkedBlockingDeque.class, LinkedBlockingDeque::new));
        t.put(ArrayBlockingQueue.class, plan(How.BOUNDED, ArrayBlockingQueue.class, ArrayBlockingQueue::new));
        // Immutable: made from all items at once.
        Maker listOf = (items, size) -> Arrays.asList(items).contains(null)
                ? Arrays.stream(items).toList() // Stream.toList allows nulls, List.of does not
                : List.of(items);
        for (List<?> l : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 2))) {
            immutable(t, l.getClass(), listOf);
        }
        Maker setOf = (items, size) -> Set.of(items);
        for (Set<?> s : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
            immutable(t, s.getClass(), setOf);
        }
        Maker mapOf = (items, size) -> {
            Map.Entry<?, ?>[] es = new Map.Entry<?, ?>[items.length / 2];
            for (int i = 0; i < es.length; i++) {
                es[i] = Map.entry(items[2 * i], items[2 * i + 1]);
            }
            return Map.ofEntries(es);
        };
        for (Map<?, ?> m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
            immutable(t, m.getClass(), mapOf);
        }
        immutable(t, Collections.emptyList().getClass(), (items, size) -> Collections.emptyList());
        immutable(t, Collections.emptySet().getClass(), (items, size) -> Collections.emptySet());
        immutable(t, Collections.emptyMap().getClass(), (items, size) -> Collections.emptyMap());
        immutable(t, Collections.emptyNavigableSet().getClass(), (items, size) -> Collections.emptyNavigableSet());
        immutable(t, Collections.emptyNavigableMap().getClass(), (items, size) -> Collections.emptyNavigableMap());
        immutable(t, Collections.singletonList(1).getClass(), (items, size) -> Collections.singletonList(items[0]));
        immutable(t, Collections.singleton(1).getClass(), (items, size) -> Collections.singleton(items[0]));
        immutable(t, Collections.singletonMap(1, 1).getClass(), (items, size) -> Collections.singletonMap(items[0], items[1]));
        immutable(t, Arrays.asList(1).getClass(), (items, size) -> Arrays.asList(items));
        immutable(t, Collections.nCopies(2, 1).getClass(),
                (items, size) -> Collections.nCopies(size, items.length == 0 ? null : items[0]));
        // Views over a copy of what they present.
        List<Object> list = new ArrayList<>();
        List<Object> linked = new LinkedList<>();
        Set<Object> set = new HashSet<>();
        TreeSet<Object> sortedSet = new TreeSet<>();
        Map<Object, Object> map = new HashMap<>();
        TreeMap<Object, Object> sortedMap = new TreeMap<>();
        for (Object v : List.of(Collections.unmodifiableCollection(list), Collections.unmodifiableList(list),
                Collections.unmodifiableList(linked), Collections.unmodifiableSet(set),
                Collections.unmodifiableSortedSet(sortedSet), Collections.unmodifiableNavigableSet(sortedSet),
                Collections.unmodifiableMap(map), Collections.unmodifiableSortedMap(sortedMap),
                Collections.unmodifiableNavigableMap(sortedMap))) {
            t.put(v.getClass(), plan(How.UNMODIFIABLE, v.getClass(), null));
        }
        for (String sequenced : List.of("unmodifiableSequencedCollection", "unmodifiableSequencedSet",
                "unmodifiableSequencedMap")) {
            sequencedView(t, sequenced, sequenced.endsWith("Map") ? map : sequenced.endsWith("Set") ? new LinkedHashSet<>() : list);
        }
        for (Object v : List.of(Collections.synchronizedCollection(list), Collections.synchronizedList(list),
                Collections.synchronizedList(linked), Collections.synchronizedSet(set),
                Collections.synchronizedSortedSet(sortedSet), Collections.synchronizedNavigableSet(sortedSet),
                Collections.synchronizedMap(map), Collections.synchronizedSortedMap(sortedMap),
                Collections.synchronizedNavigableMap(sortedMap))) {
            t.put(v.getClass(), plan(How.SYNCHRONIZED, v.getClass(), null));
        }
        // Refused.
        String checked = "a Collections.checkedX view cannot cross: the element type it checks is not visible, and"
                + " without the check it would be another container. Pass the collection it wraps, or a copy";
        for (Object v : List.of(Collections.checkedCollection(list, Object.class), Collections.checkedList(list, Object.class),
                Collections.checkedList(linked, Object.class), Collections.checkedSet(set, Object.class),
                Collections.checkedSortedSet(sortedSet, Object.class), Collections.checkedNavigableSet(sortedSet, Object.class),
                Collections.checkedQueue(new ArrayDeque<>(), Object.class),
                Collections.checkedMap(map, Object.class, Object.class),
                Collections.checkedSortedMap(sortedMap, Object.class, Object.class),
                Collections.checkedNavigableMap(sortedMap, Object.class, Object.class))) {
            t.put(v.getClass(), refused(v.getClass(), checked));
        }
        t.put(WeakHashMap.class, refused(WeakHashMap.class, WEAK));
        t.put(SynchronousQueue.class, refused(SynchronousQueue.class, "a SynchronousQueue is a hand-off point"
                + " between threads, never holding anything: it is not a value"));
        return Map.copyOf(t);
    }

    static final String WEAK = "its keys are held weakly (a WeakHashMap, or a view of one): a copy would"
            + " either keep them alive or lose them. Pass a HashMap copy";

    private static void newer(Map<Class<?>, Plan> t, Class<?> type, IntFunction<Object> empty) {
        t.put(type, plan(How.NEW, type, empty));
    }

    private static void sorted(Map<Class<?>, Plan> t, Class<?> type, BiFunction<Integer, Comparator<Object>, Object> make) {
        t.put(type, new Plan(How.SORTED, Face.of(type), null, make, null, null));
    }

    private static void immutable(Map<Class<?>, Plan> t, Class<?> type, Maker maker) {
        t.put(type, new Plan(How.IMMUTABLE, Face.of(type), null, null, maker, null));
    }

    private static Plan plan(How how, Class<?> type, IntFunction<Object> empty) {
        return new Plan(how, Face.of(type), empty, null, null, null);
    }

    private static Plan refused(Class<?> type, String why) {
        return new Plan(How.REFUSED, Face.of(type), null, null, null, why);
    }

    /** The JDK 21 sequenced unmodifiable views, where the running JDK has them; they arrive as unmodifiable views. */
    private static void sequencedView(Map<Class<?>, Plan> t, String method, Object sample) {
        for (Method m : Collections.class.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 1) {
                try {
                    Object v = m.invoke(null, sample);
                    t.put(v.getClass(), plan(How.UNMODIFIABLE, v.getClass(), null));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot probe Collections." + method, e);
                }
            }
        }
    }

    /** The serializer for a Collection or Map class. */
    static Serializer<?> serializer(Class<?> type) {
        if (!Types.isJdk(type)) {
            return user(type);
        }
        Plan p = JDK.get(type);
        if (p == null) {
            p = fallback(type);
        }
        if (p.how == How.REFUSED) {
            return new Failures.Refusing(type, p.refusal);
        }
        return new ContainerCopy(type, p, null);
    }

    private static Plan fallback(Class<?> type) {
        if (EnumSet.class.isAssignableFrom(type)) {
            return plan(How.ENUM_SET, type, null);
        }
        if (EnumMap.class.isAssignableFrom(type)) {
            return plan(How.ENUM_MAP, type, null);
        }
        Constructor<?> c = publicNoArg(type);
        if (c != null) {
            return plan(How.NEW, type, n -> construct(c, type));
        }
        if (Queue.class.isAssignableFrom(type) && !List.class.isAssignableFrom(type)) {
            return refused(type, "a JDK queue with no known copy form (its capacity, ordering or hand-off rules"
                    + " cannot be seen): pass its elements as a List");
        }
        return plan(How.VIEW, type, null);
    }

    private static Constructor<?> publicNoArg(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object construct(Constructor<?> c, Class<?> type) {
        try {
            return c.newInstance();
        } catch (InvocationTargetException e) {
            throw new KryoException("the constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    // ---- classes of the application -----------------------------------------------------

    private static Serializer<?> user(Class<?> type) {
        Class<?> base = Types.jdkAncestor(type);
        if (WeakHashMap.class.isAssignableFrom(base)) {
            return new Failures.Refusing(type, WEAK);
        }
        if (SynchronousQueue.class.isAssignableFrom(base)) {
            return new Failures.Refusing(type, "it is a SynchronousQueue: a hand-off point, not a value");
        }
        boolean ordered = SortedSet.class.isAssignableFrom(type) || SortedMap.class.isAssignableFrom(type)
                || PriorityQueue.class.isAssignableFrom(type) || PriorityBlockingQueue.class.isAssignableFrom(type);
        Constructor<?> byOrder = null;
        if (ordered) {
            byOrder = declared(type, Comparator.class);
            if (byOrder == null && (PriorityQueue.class.isAssignableFrom(type) || PriorityBlockingQueue.class.isAssignableFrom(type))) {
                byOrder = declared(type, int.class, Comparator.class);
            }
        }
        Constructor<?> noArg = declared(type);
        if (byOrder == null && noArg == null) {
            return new Failures.Refusing(type, "a " + (Map.class.isAssignableFrom(type) ? "map" : "collection")
                    + " class is rebuilt through its own constructor and add/put, and " + type.getName() + " has no"
                    + " constructor without arguments" + (ordered ? " nor one taking a Comparator" : "")
                    + ": add one, or pass a JDK collection");
        }
        List<Field> own = new ArrayList<>();
        for (Class<?> k = type; !Types.isJdk(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                    own.add(f);
                }
            }
        }
        own.sort(Comparator.comparing(Field::getName));
        for (Field f : own) {
            try {
                f.setAccessible(true);
            } catch (RuntimeException e) {
                return new Failures.Refusing(type, "its field " + f.getName() + " cannot be read (" + e.getMessage()
                        + "); open its package to dev.pods.runtime");
            }
        }
        return new ContainerCopy(type, new Plan(How.USER, Face.of(type), null, null, null, null),
                new UserParts(ordered, byOrder, noArg, own.toArray(new Field[0])));
    }

    private static Constructor<?> declared(Class<?> type, Class<?>... params) {
        try {
            Constructor<?> c = type.getDeclaredConstructor(params);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    /** What rebuilding a class of the application needs beyond its elements. */
    static final class UserParts {
        final boolean ordered;
        final Constructor<?> byOrder;
        final Constructor<?> noArg;
        final Field[] own;

        UserParts(boolean ordered, Constructor<?> byOrder, Constructor<?> noArg, Field[] own) {
            this.ordered = ordered;
            this.byOrder = byOrder;
            this.noArg = noArg;
            this.own = own;
        }
    }
}
