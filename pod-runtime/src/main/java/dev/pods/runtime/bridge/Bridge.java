package dev.pods.runtime.bridge;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodBridgeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * Copies values across one pod's boundary: host value -> host codec -> bytes -> pod codec ->
 * pod value, and back. Immutable JDK values (strings, boxed primitives, enums of the JDK,
 * {@code BigInteger}/{@code BigDecimal}, {@code UUID}, {@code java.time} values) are the same
 * objects on both sides and skip the copy.
 *
 * <p>The rule: a value arrives intact, or the call fails with a {@link dev.pods.PodBridgeException}
 * naming the type, the side and why. Nothing is silently dropped, reordered, re-typed or turned
 * into null. What crosses, and how:
 *
 * <table>
 * <caption>What crosses the bridge</caption>
 * <tr><th>Value</th><th>Arrives as</th><th>Refused when</th></tr>
 * <tr><td>String, boxed primitives, BigInteger, BigDecimal, UUID, java.time values, JDK enums</td>
 *     <td>the same object (top level), else an equal copy</td><td>never</td></tr>
 * <tr><td>A class of the application (by its fields)</td><td>the reading side's class of that
 *     name, field by field (the fields an inner class's outer instance and captured values are
 *     in too; {@code transient} fields arrive as 0/null, as with Java serialization)</td>
 *     <td>the class is missing on the reading side, cannot be loaded, linked or initialized
 *     there, or its fields (names or declared types, superclasses included) differ between the
 *     two sides; it extends a JDK class that has state (e.g. {@code Date}); it is a thread,
 *     class loader, stream or other Closeable, throwable, reference, lambda, hidden class or
 *     proxy</td></tr>
 * <tr><td>A record</td><td>the reading side's record, through its canonical constructor</td>
 *     <td>its components differ between the sides; a value inside it refers back to it (a
 *     record can only be made after its contents)</td></tr>
 * <tr><td>An enum of the application</td><td>the reading side's constant of the same name
 *     (constants may be reordered or added)</td><td>the reading side lacks that constant</td></tr>
 * <tr><td>String[] (a main's arguments)</td><td>a copy made by clone, without Kryo (a cold JVM
 *     does not pay for starting it); the same array passed twice crosses through Kryo, as one</td>
 *     <td>never</td></tr>
 * <tr><td>Arrays</td><td>an array of the reading side's element class; shared elements stay
 *     shared</td><td>an element is refused</td></tr>
 * <tr><td>ArrayList, LinkedList, ArrayDeque, Vector, Stack, HashSet, LinkedHashSet, HashMap,
 *     Hashtable, ConcurrentHashMap, ConcurrentLinkedQueue/Deque, LinkedTransferQueue,
 *     DelayQueue, CopyOnWriteArrayList/Set, Properties</td><td>the same class, same order</td>
 *     <td>a Properties has defaults</td></tr>
 * <tr><td>IdentityHashMap</td><td>an IdentityHashMap: keys equal but not identical stay
 *     apart</td><td></td></tr>
 * <tr><td>LinkedHashMap</td><td>a LinkedHashMap in the same (insertion or access) order</td>
 *     <td></td></tr>
 * <tr><td>TreeSet, TreeMap, ConcurrentSkipListSet/Map, PriorityQueue, PriorityBlockingQueue, and
 *     any sorted view or wrapper ({@code descendingSet}, {@code keySet} of a sorted map,
 *     {@code Collections.unmodifiableSortedSet}, {@code synchronizedSortedMap}...)</td>
 *     <td>the same class (a view: a TreeSet/TreeMap) ordered by the same comparator: natural
 *     order, {@code Comparator.naturalOrder/reverseOrder}, {@code Collections.reverseOrder()}
 *     and {@code reverseOrder(cmp)}, {@code String.CASE_INSENSITIVE_ORDER}, or a comparator
 *     class of the application (copied as a value)</td><td>the comparator is a lambda or a JDK
 *     comparator not in that list (e.g. {@code Comparator.nullsFirst}): see {@code Orderings}</td></tr>
 * <tr><td>LinkedBlockingQueue/Deque, ArrayBlockingQueue</td><td>the same class with the same
 *     capacity (ArrayBlockingQueue: not fair)</td><td></td></tr>
 * <tr><td>EnumSet, EnumMap</td><td>an EnumSet/EnumMap of the reading side's enum (an empty one
 *     too)</td><td>a constant is missing on the reading side</td></tr>
 * <tr><td>List.of, Set.of, Map.of (and subList of List.of), Stream.toList, Collections.empty*,
 *     singleton*, nCopies, Arrays.asList</td><td>the same immutable (or fixed-size) kind; a
 *     Stream.toList without nulls arrives as a List.of (which rejects {@code contains(null)})</td>
 *     <td></td></tr>
 * <tr><td>Collections.unmodifiableX / synchronizedX</td><td>the same wrapper over a copy of
 *     what it wraps, with the same membership rule (equals, comparator, identity)</td>
 *     <td>it wraps a WeakHashMap</td></tr>
 * <tr><td>Other JDK views ({@code map.keySet()}, {@code values()}, {@code subList},
 *     {@code newSetFromMap}...)</td><td>a modifiable copy of what it presents: List -> ArrayList,
 *     Set -> LinkedHashSet (TreeSet or identity set when its backing is sorted or identity-based),
 *     Map -> LinkedHashMap (TreeMap / IdentityHashMap likewise)</td><td>it is a queue of
 *     unknown rules</td></tr>
 * <tr><td>A collection or map class of the application</td><td>the same class, made with its
 *     constructor (taking a Comparator when sorted), filled with add/put, then its own fields
 *     copied</td><td>it has no such constructor; its constructor adds elements or gives another
 *     ordering or access order; its fields differ between the sides</td></tr>
 * <tr><td>WeakHashMap (and views of one), Collections.checkedX, SynchronousQueue</td><td></td>
 *     <td>always: a copy would be another container</td></tr>
 * <tr><td>Date, java.sql.Date/Time/Timestamp (with nanoseconds), Calendar (same calendar type,
 *     zone, week rules), TimeZone, Locale (script and extensions too), ZonedDateTime (same offset
 *     in a daylight-saving overlap), Optional*, BitSet, Currency, URL, URI, Pattern, Charset,
 *     StringBuilder/StringBuffer</td><td>an equal value of the same class</td><td>a TimeZone with
 *     rules its id does not name (a custom SimpleTimeZone)</td></tr>
 * <tr><td>Any other JDK class (Atomic*, Map.Entry implementations, java.time.chrono dates
 *     inside containers...)</td><td></td><td>always: no known copy form</td></tr>
 * </table>
 *
 * <p>Also always: a set or map that holds fewer elements after reading than were written
 * (elements equal on the reading side only) is refused; nesting deeper than 256 objects is
 * refused on write and on read (so that any thread can read what was written); payloads above
 * the pod's limit are refused. The checks are the codec's ({@link ValueCodec}); each class's
 * shape is sent once per payload and compared in one array comparison.
 *
 * <p>In-process the "transport" between the two codecs is handing over the byte array; a pod
 * in another process would put a pipe between {@link ValueCodec#write} and {@link ValueCodec#read}
 * and nothing else changes. Thread-safe; made per pod and dropped with it ({@link #clear()}).
 */
@API(status = INTERNAL, since = "1.0")
public final class Bridge {
    private final ValueCodec host;
    private final ValueCodec pod;

    /**
     * @param hostLoader      resolves class names when values arrive on the host
     * @param podLoader       resolves class names when values arrive in the pod (and nothing else does)
     * @param maxPayloadBytes the largest encoded value in either direction
     */
    public Bridge(ClassLoader hostLoader, ClassLoader podLoader, int maxPayloadBytes) {
        this.host = new ValueCodec(hostLoader, PodBridgeException.Side.HOST, maxPayloadBytes);
        this.pod = new ValueCodec(podLoader, PodBridgeException.Side.POD, maxPayloadBytes);
    }

    /** Whether {@code v} is the same value on both sides and needs no copy. */
    public static boolean isImmutable(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Boolean || v instanceof Double || v instanceof Character || v instanceof Byte
                || v instanceof Short || v instanceof Float) {
            return true;
        }
        Class<?> c = v.getClass();
        if (c == BigInteger.class || c == BigDecimal.class || c == UUID.class) {
            return true;
        }
        if (c.getClassLoader() != null) {
            return false;
        }
        if (v instanceof Enum) {
            return true; // a JDK enum: the boot loader's, the same class on both sides
        }
        if (c.isArray()) {
            return false; // an array is mutable whatever its element type
        }
        String pkg = c.getPackageName();
        return pkg.equals("java.time") || pkg.equals("java.time.chrono");
    }

    /** Copies a host value into the pod. */
    public Object toPod(Object hostValue) {
        if (hostValue instanceof String[]) {
            return ((String[]) hostValue).clone();
        }
        return isImmutable(hostValue) ? hostValue : pod.read(host.write(hostValue));
    }

    /** Copies a pod value to the host. */
    public Object toHost(Object podValue) {
        if (podValue instanceof String[]) {
            return ((String[]) podValue).clone();
        }
        return isImmutable(podValue) ? podValue : host.read(pod.write(podValue));
    }

    /** Copies call arguments into the pod in one payload (so that shared references stay shared). */
    public Object[] argsToPod(Object[] args) {
        int arrays = 0;
        for (Object a : args) {
            if (a instanceof String[]) {
                arrays++; // a main's arguments: copied by clone, without starting Kryo in a cold JVM
            } else if (!isImmutable(a)) {
                return (Object[]) pod.read(host.write(args));
            }
        }
        if (arrays == 0) {
            return args;
        }
        if (arrays > 1) {
            return (Object[]) pod.read(host.write(args)); // the same array twice must arrive as one
        }
        Object[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof String[]) {
                copy[i] = ((String[]) copy[i]).clone();
            }
        }
        return copy;
    }

    /** Drops both sides' Kryo instances. */
    public void clear() {
        host.clear();
        pod.clear();
    }
}
