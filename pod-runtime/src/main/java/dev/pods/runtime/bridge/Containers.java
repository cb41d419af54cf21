package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
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
import java.util.Spliterator;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Vector;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    private static final Class<?> N_COPIES = Collections.nCopies(2, 1).getClass();
    /** Spliterators of containers whose keys are compared by identity. */
    private static final Set<Class<?>> IDENTITY_SPLITERATORS = Set.of(
            new IdentityHashMap<>().keySet().spliterator().getClass(),
            new IdentityHashMap<>().entrySet().spliterator().getClass());
    /** Spliterators of containers whose keys are held weakly. */
    private static final Set<Class<?>> WEAK_SPLITERATORS = Set.of(
            new WeakHashMap<>().keySet().spliterator().getClass(),
            new WeakHashMap<>().entrySet().spliterator().getClass());

    private static int hashCapacity(int n) {
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

    private static final String WEAK = "its keys are held weakly (a WeakHashMap, or a view of one): a copy would"
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

    // ---- the serializer -----------------------------------------------------------------

    /**
     * Writes: the facts its plan needs (ordering, access order, capacity, key type, membership),
     * the number of items, the items (elements, or keys and values), then a class of the
     * application's own fields. Reads them back into the container the plan makes.
     */
    static final class ContainerCopy extends Serializer<Object> implements Failures.Shaped {
        private static final int EQUALS = 0;
        private static final int SORTED = 1;
        private static final int IDENTITY = 2;

        private final Class<?> type;
        private final Plan plan;
        private final UserParts user;
        private final boolean map;

        ContainerCopy(Class<?> type, Plan plan, UserParts user) {
            setAcceptsNull(false);
            this.type = type;
            this.plan = plan;
            this.user = user;
            this.map = Map.class.isAssignableFrom(type);
        }

        @Override
        public String shape() {
            return (map ? Shapes.MAP : Shapes.COLLECTION) + (user == null ? "" : Shapes.fields(Arrays.asList(user.own)));
        }

        // -- write

        @Override
        public void write(Kryo kryo, Output out, Object c) {
            Object[] items;
            if (type == N_COPIES) {
                List<?> l = (List<?>) c; // one element and the count: toArray would make all n of them
                items = l.isEmpty() ? new Object[0] : new Object[] {l.get(0)};
            } else {
                items = map ? entries((Map<?, ?>) c) : ((Collection<?>) c).toArray();
            }
            int size = map ? items.length / 2 : items.length;
            switch (plan.how) {
                case NEW:
                    if (c instanceof Properties) {
                        checkNoDefaults((Properties) c);
                    }
                    break;
                case SORTED:
                    Orderings.write(kryo, out, (Comparator<?>) Orderings.comparatorOf(c), type);
                    break;
                case LINKED_MAP:
                    out.writeBoolean(accessOrdered((LinkedHashMap<?, ?>) c));
                    break;
                case BOUNDED:
                    out.writeVarInt(((BlockingQueue<?>) c).remainingCapacity() + size, true);
                    break;
                case ENUM_SET:
                    kryo.writeClass(out, enumSetType((EnumSet<?>) c));
                    break;
                case ENUM_MAP:
                    kryo.writeClass(out, enumMapType((EnumMap<?, ?>) c));
                    break;
                case UNMODIFIABLE:
                case SYNCHRONIZED:
                case VIEW:
                    writeMembership(kryo, out, c);
                    break;
                case IMMUTABLE:
                    out.writeVarInt(type == N_COPIES ? ((List<?>) c).size() : size, true);
                    break;
                case USER:
                    if (user.ordered) {
                        Orderings.write(kryo, out, (Comparator<?>) Orderings.comparatorOf(c), type);
                    }
                    if (c instanceof LinkedHashMap) {
                        out.writeBoolean(accessOrdered((LinkedHashMap<?, ?>) c));
                    }
                    break;
                default:
                    break;
            }
            out.writeVarInt(map ? items.length / 2 : items.length, true);
            for (Object o : items) {
                kryo.writeClassAndObject(out, o);
            }
            if (user != null) {
                for (Field f : user.own) {
                    kryo.writeClassAndObject(out, get(f, c));
                }
            }
        }

        private void writeMembership(Kryo kryo, Output out, Object c) {
            Face f = plan.face;
            if (f.isSorted()) {
                Orderings.write(kryo, out, (Comparator<?>) Orderings.comparatorOf(c), type);
            } else if (f.hasMembership()) {
                Spliterator<?> s = f.isMap() ? ((Map<?, ?>) c).keySet().spliterator() : ((Collection<?>) c).spliterator();
                if (s.hasCharacteristics(Spliterator.SORTED)) {
                    out.writeByte(SORTED);
                    Orderings.write(kryo, out, s.getComparator(), type);
                } else if (IDENTITY_SPLITERATORS.contains(s.getClass())) {
                    out.writeByte(IDENTITY);
                } else if (WEAK_SPLITERATORS.contains(s.getClass())) {
                    throw new Failures.Refusal(type.getName(), WEAK);
                } else {
                    out.writeByte(EQUALS);
                }
            }
        }

        private static Object[] entries(Map<?, ?> m) {
            Object[] es = m.entrySet().toArray();
            Object[] items = new Object[es.length * 2];
            for (int i = 0; i < es.length; i++) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) es[i];
                items[2 * i] = e.getKey();
                items[2 * i + 1] = e.getValue();
            }
            return items;
        }

        private void checkNoDefaults(Properties p) {
            for (String name : p.stringPropertyNames()) {
                if (!p.containsKey(name)) {
                    throw new Failures.Refusal(type.getName(), "it has defaults (another Properties behind it, key "
                            + name + "), which are not visible to copy: pass a Properties without defaults");
                }
            }
        }

        // -- read

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(Kryo kryo, Input in, Class<?> t) {
            Object result;
            Object fill = null;
            int size = -1;
            switch (plan.how) {
                case NEW:
                    result = plan.empty.apply(capacity(in));
                    break;
                case SORTED:
                    Comparator<Object> order = Orderings.read(kryo, in);
                    result = plan.sorted.apply(capacity(in), order);
                    break;
                case LINKED_MAP:
                    boolean access = in.readBoolean();
                    result = new LinkedHashMap<>(hashCapacity(capacity(in)), 0.75f, access);
                    break;
                case BOUNDED:
                    int cap = in.readVarInt(true);
                    if (cap < 1) {
                        throw new KryoException("corrupt capacity " + cap);
                    }
                    result = plan.empty.apply(cap);
                    break;
                case COPY_ON_WRITE:
                    result = plan.empty.apply(0);
                    fill = new ArrayList<>();
                    break;
                case ENUM_SET:
                    result = EnumSet.noneOf((Class) enumType(kryo.readClass(in)));
                    break;
                case ENUM_MAP:
                    result = new EnumMap<>((Class) enumType(kryo.readClass(in)));
                    break;
                case UNMODIFIABLE:
                case SYNCHRONIZED:
                case VIEW:
                    fill = backing(kryo, in);
                    result = plan.how == How.VIEW ? fill : wrap(fill);
                    break;
                case IMMUTABLE:
                    size = in.readVarInt(true);
                    result = null;
                    break;
                case USER:
                    result = newUser(kryo, in);
                    break;
                default:
                    throw new KryoException("no plan to read " + type.getName());
            }
            int n = in.readVarInt(true);
            if (result == null) {
                return readImmutable(kryo, in, n, size);
            }
            kryo.reference(result);
            Object target = fill != null ? fill : result;
            if (map) {
                Map<Object, Object> entries = (Map<Object, Object>) target;
                for (int i = 0; i < n; i++) {
                    Object k = kryo.readClassAndObject(in);
                    entries.put(k, kryo.readClassAndObject(in));
                }
            } else {
                Collection<Object> elements = (Collection<Object>) target;
                for (int i = 0; i < n; i++) {
                    elements.add(kryo.readClassAndObject(in));
                }
            }
            if (plan.how == How.COPY_ON_WRITE) {
                ((Collection<Object>) result).addAll((Collection<Object>) fill);
            }
            int got = map ? ((Map<?, ?>) result).size() : ((Collection<?>) result).size();
            if (got != n) {
                throw collapsed(n, got);
            }
            if (user != null) {
                for (Field f : user.own) {
                    set(f, result, kryo.readClassAndObject(in));
                }
            }
            return result;
        }

        private Object readImmutable(Kryo kryo, Input in, int n, int size) {
            List<Object> read = new ArrayList<>();
            for (int i = 0, count = map ? 2 * n : n; i < count; i++) {
                read.add(kryo.readClassAndObject(in));
            }
            Object[] items = read.toArray();
            Object result;
            try {
                result = plan.maker.make(items, size);
            } catch (IllegalArgumentException e) {
                throw collapsed(size, -1); // Set.of / Map.of refuse duplicates
            } catch (IndexOutOfBoundsException e) {
                throw new KryoException("corrupt payload: " + n + " items for a " + type.getName(), e);
            }
            int got = map ? ((Map<?, ?>) result).size() : ((Collection<?>) result).size();
            if (got != size) {
                throw collapsed(size, got);
            }
            return result;
        }

        private Failures.Refusal collapsed(int expected, int got) {
            return new Failures.Refusal(type.getName(), expected + " " + (map ? "entries" : "elements") + " were written but"
                    + (got < 0 ? " some" : " only " + got) + " remain on the reading side: elements that are distinct"
                    + " where they were written are equal where they are read (their class's equals/hashCode or"
                    + " compareTo differs between the host's and the pod's version, or the ordering treats them as"
                    + " equal). Use the same version of the element class on both sides");
        }

        private int capacity(Input in) {
            // The count comes after the facts; peeking it bounds a hostile count by the bytes left.
            int pos = in.position();
            int n = in.readVarInt(true);
            in.setPosition(pos);
            return Math.min(n, Math.max(0, in.limit() - pos));
        }

        private Object backing(Kryo kryo, Input in) {
            Face f = plan.face;
            if (f.isSorted()) {
                Comparator<Object> c = Orderings.read(kryo, in);
                return f.isMap() ? new TreeMap<>(c) : new TreeSet<>(c);
            }
            if (f == Face.LIST) {
                return new LinkedList<>();
            }
            if (f == Face.RANDOM_ACCESS_LIST) {
                return new ArrayList<>(capacity(in));
            }
            int membership = in.readByte();
            switch (membership) {
                case SORTED:
                    Comparator<Object> c = Orderings.read(kryo, in);
                    return f.isMap() ? new TreeMap<>(c) : new TreeSet<>(c);
                case IDENTITY:
                    return f.isMap() ? new IdentityHashMap<>() : Collections.newSetFromMap(new IdentityHashMap<>());
                case EQUALS:
                    return f.isMap() ? new LinkedHashMap<>() : f == Face.SET ? new LinkedHashSet<>() : new ArrayList<>();
                default:
                    throw new KryoException("corrupt membership " + membership);
            }
        }

        @SuppressWarnings("unchecked")
        private Object wrap(Object b) {
            boolean sync = plan.how == How.SYNCHRONIZED;
            switch (plan.face) {
                case LIST:
                case RANDOM_ACCESS_LIST:
                    return sync ? Collections.synchronizedList((List<Object>) b) : Collections.unmodifiableList((List<Object>) b);
                case SET:
                    return sync ? Collections.synchronizedSet((Set<Object>) b) : Collections.unmodifiableSet((Set<Object>) b);
                case SORTED_SET:
                    return sync ? Collections.synchronizedSortedSet((SortedSet<Object>) b)
                            : Collections.unmodifiableSortedSet((SortedSet<Object>) b);
                case NAVIGABLE_SET:
                    return sync ? Collections.synchronizedNavigableSet((NavigableSet<Object>) b)
                            : Collections.unmodifiableNavigableSet((NavigableSet<Object>) b);
                case MAP:
                    return sync ? Collections.synchronizedMap((Map<Object, Object>) b)
                            : Collections.unmodifiableMap((Map<Object, Object>) b);
                case SORTED_MAP:
                    return sync ? Collections.synchronizedSortedMap((SortedMap<Object, Object>) b)
                            : Collections.unmodifiableSortedMap((SortedMap<Object, Object>) b);
                case NAVIGABLE_MAP:
                    return sync ? Collections.synchronizedNavigableMap((NavigableMap<Object, Object>) b)
                            : Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) b);
                default:
                    return sync ? Collections.synchronizedCollection((Collection<Object>) b)
                            : Collections.unmodifiableCollection((Collection<Object>) b);
            }
        }

        private Object newUser(Kryo kryo, Input in) {
            Comparator<Object> cmp = user.ordered ? Orderings.read(kryo, in) : null;
            boolean linked = LinkedHashMap.class.isAssignableFrom(type);
            boolean access = linked && in.readBoolean();
            Object c;
            try {
                if (user.byOrder != null) {
                    c = user.byOrder.getParameterCount() == 1 ? user.byOrder.newInstance(cmp)
                            : user.byOrder.newInstance(Math.max(1, capacity(in)), cmp);
                } else {
                    c = user.noArg.newInstance();
                }
            } catch (InvocationTargetException e) {
                throw new KryoException("the constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new KryoException("cannot construct " + type.getName() + ": " + e, e);
            }
            if (!(map ? ((Map<?, ?>) c).isEmpty() : ((Collection<?>) c).isEmpty())) {
                throw new Failures.Refusal(type.getName(), "its constructor already adds elements, so a copy would"
                        + " hold more than the original");
            }
            if (user.ordered && !Orderings.describe(Orderings.comparatorOf(c)).equals(Orderings.describe(cmp))) {
                throw new Failures.Refusal(type.getName(), "it was ordered by " + Orderings.describe(cmp) + " where it"
                        + " was written, and its constructor here orders it by "
                        + Orderings.describe(Orderings.comparatorOf(c)) + ": add a constructor taking a Comparator");
            }
            if (linked && accessOrdered((LinkedHashMap<?, ?>) c) != access) {
                throw new Failures.Refusal(type.getName(), "it is in " + (access ? "access" : "insertion") + " order where"
                        + " it was written, and its constructor here makes it in the other order");
            }
            return c;
        }

        private Object get(Field f, Object o) {
            try {
                return f.get(o);
            } catch (IllegalAccessException e) {
                throw new KryoException("cannot read " + f, e);
            }
        }

        private void set(Field f, Object o, Object v) {
            try {
                f.set(o, v);
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new KryoException("cannot set " + f + " to " + (v == null ? "null" : v.getClass().getName()), e);
            }
        }

        private Class<?> enumType(Registration r) {
            Class<?> k = r == null ? null : r.getType();
            if (k == null || !k.isEnum()) {
                throw new KryoException("corrupt payload: " + (k == null ? "null" : k.getName()) + " as the enum of "
                        + type.getName());
            }
            return k;
        }

        private Class<?> enumSetType(EnumSet<?> s) {
            if (!s.isEmpty()) {
                return s.iterator().next().getDeclaringClass();
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            EnumSet<?> all = EnumSet.complementOf((EnumSet) s);
            return all.isEmpty() ? enumTypeBySerialization(s) : all.iterator().next().getDeclaringClass();
        }

        private Class<?> enumMapType(EnumMap<?, ?> m) {
            return m.isEmpty() ? enumTypeBySerialization(m) : m.keySet().iterator().next().getDeclaringClass();
        }

        /**
         * The enum class of an empty EnumSet or EnumMap, which no public method reveals: their serial
         * form names it, so serialize the (empty) container to nowhere and watch the class descriptors.
         */
        private Class<?> enumTypeBySerialization(Object empty) {
            final class Probe extends ObjectOutputStream {
                private Class<?> found;

                Probe() throws IOException {
                    super(OutputStream.nullOutputStream());
                }

                @Override
                protected void writeClassDescriptor(ObjectStreamClass d) throws IOException {
                    Class<?> c = d.forClass();
                    if (found == null && c != null && c.isEnum()) {
                        found = c;
                    }
                    super.writeClassDescriptor(d);
                }
            }
            try (Probe p = new Probe()) {
                p.writeObject(empty);
                if (p.found != null) {
                    return p.found;
                }
            } catch (IOException e) {
                // fall through to the refusal
            }
            throw new Failures.Refusal(type.getName(), "its enum type could not be found (an empty one)");
        }
    }

    /**
     * Whether a LinkedHashMap is in access order, which no public method reveals: a clone keeps
     * the order mode, so empty the clone and see whether a lookup moves an entry.
     */
    static boolean accessOrdered(LinkedHashMap<?, ?> m) {
        @SuppressWarnings("unchecked")
        LinkedHashMap<Object, Object> probe = (LinkedHashMap<Object, Object>) m.clone();
        probe.clear();
        Object a = new Object();
        Object b = new Object();
        probe.put(a, a);
        probe.put(b, b);
        probe.get(a);
        return probe.keySet().iterator().next() == b;
    }
}
