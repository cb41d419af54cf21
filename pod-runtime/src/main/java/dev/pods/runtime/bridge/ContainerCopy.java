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
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Spliterator;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;

/**
 * The serializer of every collection and map, following the {@linkplain Containers plan} of its
 * class. Writes: the facts the plan needs (ordering, access order, capacity, key type,
 * membership), the number of elements or entries, the items (elements, or keys and values), then
 * a class of the application's own fields. Reads them back into the container the plan makes,
 * and checks that nothing collapsed. One instance per class and Kryo (not thread-safe).
 */
final class ContainerCopy extends Serializer<Object> implements Failures.Shaped {
    private static final int EQUALS = 0;
    private static final int SORTED = 1;
    private static final int IDENTITY = 2;

    private final Class<?> type;
    private final Containers.Plan plan;
    private final Containers.UserParts user;
    private final boolean map;

    ContainerCopy(Class<?> type, Containers.Plan plan, Containers.UserParts user) {
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
        if (type == Containers.N_COPIES) {
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
                out.writeVarInt(type == Containers.N_COPIES ? ((List<?>) c).size() : size, true);
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
        Containers.Face f = plan.face;
        if (f.isSorted()) {
            Orderings.write(kryo, out, (Comparator<?>) Orderings.comparatorOf(c), type);
        } else if (f.hasMembership()) {
            Spliterator<?> s = f.isMap() ? ((Map<?, ?>) c).keySet().spliterator() : ((Collection<?>) c).spliterator();
            if (s.hasCharacteristics(Spliterator.SORTED)) {
                out.writeByte(SORTED);
                Orderings.write(kryo, out, s.getComparator(), type);
            } else if (Containers.IDENTITY_SPLITERATORS.contains(s.getClass())) {
                out.writeByte(IDENTITY);
            } else if (Containers.WEAK_SPLITERATORS.contains(s.getClass())) {
                throw new Failures.Refusal(type.getName(), Containers.WEAK);
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
                result = new LinkedHashMap<>(Containers.hashCapacity(capacity(in)), 0.75f, access);
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
                result = plan.how == Containers.How.VIEW ? fill : wrap(fill);
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
        if (plan.how == Containers.How.COPY_ON_WRITE) {
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
        Containers.Face f = plan.face;
        if (f.isSorted()) {
            Comparator<Object> c = Orderings.read(kryo, in);
            return f.isMap() ? new TreeMap<>(c) : new TreeSet<>(c);
        }
        if (f == Containers.Face.LIST) {
            return new LinkedList<>();
        }
        if (f == Containers.Face.RANDOM_ACCESS_LIST) {
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
                return f.isMap() ? new LinkedHashMap<>() : f == Containers.Face.SET ? new LinkedHashSet<>() : new ArrayList<>();
            default:
                throw new KryoException("corrupt membership " + membership);
        }
    }

    @SuppressWarnings("unchecked")
    private Object wrap(Object b) {
        boolean sync = plan.how == Containers.How.SYNCHRONIZED;
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
