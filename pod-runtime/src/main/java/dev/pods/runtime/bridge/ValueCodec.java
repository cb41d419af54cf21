package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.SerializerFactory;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.MapSerializer;
import com.esotericsoftware.kryo.kryo5.util.DefaultClassResolver;
import com.esotericsoftware.kryo.kryo5.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.util.IntMap;
import com.esotericsoftware.kryo.kryo5.util.MapReferenceResolver;
import com.esotericsoftware.kryo.kryo5.util.ObjectMap;
import com.esotericsoftware.kryo.kryo5.util.Pool;
import dev.pods.PodBridgeException;
import dev.pods.runtime.loader.PodClassLoader;
import java.io.Closeable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One side of the bridge: turns values into bytes and bytes into values, resolving every class
 * name strictly through one loader (the pod's for the pod side, the host's for the host side;
 * never a fallback to another loader, unlike Kryo's default resolver). This is the transport
 * seam: a codec only sees {@code byte[]}, so the same codec serves a pod in a child JVM.
 *
 * <p>Thread-safe. Kryo instances are made lazily, pooled per codec, and dropped with it (a live
 * Kryo pins its loader through its class-name cache). Writing more than {@code maxPayloadBytes}
 * is refused.
 */
public final class ValueCodec {
    private final ClassLoader loader;
    private final PodBridgeException.Side side;
    private final int maxPayloadBytes;
    private volatile Pool<Kryo> pool;

    /**
     * @param loader          the only loader class names are resolved in when reading
     * @param side            the side this codec runs on (named in errors)
     * @param maxPayloadBytes the largest encoded value accepted
     */
    public ValueCodec(ClassLoader loader, PodBridgeException.Side side, int maxPayloadBytes) {
        this.loader = loader;
        this.side = side;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The side this codec runs on. */
    public PodBridgeException.Side side() {
        return side;
    }

    private Pool<Kryo> pool() {
        Pool<Kryo> p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new Pool<>(true, false, 16) {
                        @Override
                        protected Kryo create() {
                            return newKryo();
                        }
                    };
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Drops the pooled Kryo instances (and with them their class caches). */
    public void clear() {
        Pool<Kryo> p = pool;
        if (p != null) {
            p.clear();
        }
        pool = null;
    }

    /**
     * Encodes {@code value} (its class name first, then its state).
     *
     * @throws PodBridgeException when the value or something it holds cannot cross, or the result is too large
     */
    public byte[] write(Object value) {
        Pool<Kryo> p = pool();
        Kryo k = p.obtain();
        try {
            Output out = new Output(256, maxPayloadBytes);
            k.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoBufferOverflowException e) {
            throw new PodBridgeException(typeName(value), side, "its encoded form is larger than the limit of "
                    + maxPayloadBytes + " bytes; raise it with PodEnv.withMaxPayloadBytes or pass less data", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw translate(value, e);
        } finally {
            p.free(k);
        }
    }

    /**
     * Decodes bytes made by {@link #write} on the other side, resolving classes in this side's loader.
     *
     * @throws PodBridgeException when a class is missing on this side or the state cannot be rebuilt
     */
    public Object read(byte[] bytes) {
        if (bytes.length > maxPayloadBytes) {
            throw new PodBridgeException("(payload)", side, bytes.length + " bytes is more than the limit of "
                    + maxPayloadBytes + " bytes");
        }
        Pool<Kryo> p = pool();
        Kryo k = p.obtain();
        try {
            return k.readClassAndObject(new Input(bytes));
        } catch (RuntimeException | LinkageError e) {
            throw translate(null, e);
        } finally {
            p.free(k);
        }
    }

    private PodBridgeException translate(Object value, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PodBridgeException) {
                return (PodBridgeException) t;
            }
            if (t instanceof Refusal) {
                Refusal r = (Refusal) t;
                return new PodBridgeException(r.typeName, side, r.reason + trace(e), null);
            }
            if (t instanceof Missing) {
                return new PodBridgeException(((Missing) t).className, side, "the class is not visible on the "
                        + sideName() + " side" + (side == PodBridgeException.Side.POD
                        ? " (not on the pod's classpath and not in a shared package)"
                        : " (the host does not have it: return a JDK type, or a type both sides have)")
                        + trace(e), t.getCause());
            }
            if (t instanceof KryoBufferOverflowException) {
                return new PodBridgeException(typeName(value), side, "its encoded form is larger than the limit of "
                        + maxPayloadBytes + " bytes; raise it with PodEnv.withMaxPayloadBytes", e);
            }
        }
        if (e instanceof StackOverflowError) {
            return new PodBridgeException(typeName(value), side, "the value is nested too deeply to copy", null);
        }
        return new PodBridgeException(typeName(value), side, "it could not be copied: " + e, e);
    }

    private static String trace(Throwable e) {
        String m = e.getMessage();
        int i = m == null ? -1 : m.indexOf("Serialization trace:");
        if (i < 0) {
            return "";
        }
        return " (at " + m.substring(i + "Serialization trace:".length()).trim().replace('\n', ' ')
                .replace("\r", "") + ")";
    }

    private String sideName() {
        return side.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String typeName(Object v) {
        return v == null ? "(unknown)" : v.getClass().getName();
    }

    private Kryo newKryo() {
        Kryo k = new Kryo(new StrictClassResolver(), new MapReferenceResolver());
        k.setRegistrationRequired(false);
        k.setReferences(true);
        k.setClassLoader(loader);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        k.setDefaultSerializer(new GuardedFactory());
        k.addDefaultSerializer(Collection.class, new ContainerFactory(CollectionSerializer::new, JdkCollectionCopy::new));
        k.addDefaultSerializer(Map.class, new ContainerFactory(MapSerializer::new, JdkMapCopy::new));
        return k;
    }

    // ---- refusals ---------------------------------------------------------------------

    /** Raised inside Kryo when a type may not cross; {@link #translate} turns it into the typed error. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String typeName;
        final String reason;

        Refusal(String typeName, String reason) {
            super(typeName + ": " + reason, null, false, false);
            this.typeName = typeName;
            this.reason = reason;
        }
    }

    /** Raised when a class name cannot be resolved in this side's loader. */
    static final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;

        Missing(String className, Throwable cause) {
            super(className, cause, false, false);
            this.className = className;
        }
    }

    /** Why a type may never cross, or null. */
    static String refusal(Class<?> type) {
        if (type.isHidden() || type.isSynthetic()) {
            return "a lambda or hidden class has no name the other side can load; pass data, or use"
                    + " Pod.proxy with an interface in a shared package";
        }
        if (Thread.class.isAssignableFrom(type) || ThreadGroup.class.isAssignableFrom(type)) {
            return "a thread is live state, not a value";
        }
        if (ClassLoader.class.isAssignableFrom(type)) {
            return "a class loader cannot be copied";
        }
        if (Closeable.class.isAssignableFrom(type) || AutoCloseable.class.isAssignableFrom(type)) {
            return "it holds an open resource (stream, channel, socket, connection); pass its contents instead";
        }
        if (Throwable.class.isAssignableFrom(type)) {
            return "exceptions cross as PodCallException data when thrown, not as values";
        }
        if (java.lang.ref.Reference.class.isAssignableFrom(type)) {
            return "a reference object cannot be copied";
        }
        return null;
    }

    private static final class Refusing extends Serializer<Object> {
        private final String type;
        private final String reason;

        Refusing(Class<?> type, String reason) {
            this.type = type.getName();
            this.reason = reason;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new Refusal(type, reason);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> t) {
            throw new Refusal(type, reason);
        }
    }

    private static boolean isJdk(Class<?> type) {
        return PodClassLoader.isJdkPackage(type.getPackageName());
    }

    /** For types no built-in serializer claims: refusals first, JDK internals refused, the rest by fields. */
    private static final class GuardedFactory extends SerializerFactory.BaseSerializerFactory<Serializer<?>> {
        private final SerializerFactory.FieldSerializerFactory fields = new SerializerFactory.FieldSerializerFactory();

        @Override
        @SuppressWarnings("rawtypes") // the Kryo interface declares a raw Class
        public Serializer<?> newSerializer(Kryo kryo, Class type) {
            String why = refusal(type);
            if (why != null) {
                return new Refusing(type, why);
            }
            if (isJdk(type)) {
                return new Refusing(type, "a JDK type with encapsulated state and no known copy form;"
                        + " convert it to a record, collection, map, array, string or number");
            }
            return fields.newSerializer(kryo, type);
        }
    }

    private static boolean constructible(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Collections and maps: Kryo's own serializer for plain public ones; JDK-internal ones
     * (List.of, unmodifiable views) as copies.
     */
    private static final class ContainerFactory extends SerializerFactory.BaseSerializerFactory<Serializer<?>> {
        private final java.util.function.Supplier<Serializer<?>> plain;
        private final java.util.function.Supplier<Serializer<?>> copy;

        ContainerFactory(java.util.function.Supplier<Serializer<?>> plain, java.util.function.Supplier<Serializer<?>> copy) {
            this.plain = plain;
            this.copy = copy;
        }

        @Override
        @SuppressWarnings("rawtypes") // the Kryo interface declares a raw Class
        public Serializer<?> newSerializer(Kryo kryo, Class type) {
            String why = refusal(type);
            if (why != null) {
                return new Refusing(type, why);
            }
            return !isJdk(type) || constructible(type) ? plain.get() : copy.get();
        }
    }

    private static boolean unmodifiable(Class<?> type) {
        String n = type.getName();
        return n.contains("Unmodifiable") || n.contains("Immutable") || n.contains("Singleton") || n.contains("Empty");
    }

    /** Writes the elements; reads them back as an equivalent public collection (unmodifiable when the original was). */
    private static final class JdkCollectionCopy extends Serializer<Collection<Object>> {
        JdkCollectionCopy() {
            setAcceptsNull(false);
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<Object> c) {
            Object[] items = c.toArray();
            output.writeVarInt(items.length, true);
            for (Object o : items) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            int n = input.readVarInt(true);
            Collection<Object> c = SortedSet.class.isAssignableFrom(type) ? new TreeSet<>()
                    : Set.class.isAssignableFrom(type) ? new LinkedHashSet<>() : new ArrayList<>(n);
            kryo.reference(c);
            for (int i = 0; i < n; i++) {
                c.add(kryo.readClassAndObject(input));
            }
            if (!unmodifiable(type)) {
                return c;
            }
            if (c instanceof SortedSet) {
                return Collections.unmodifiableSortedSet((SortedSet<Object>) c);
            }
            if (c instanceof Set) {
                return Collections.unmodifiableSet((Set<Object>) c);
            }
            return Collections.unmodifiableList((List<Object>) c);
        }
    }

    private static final class JdkMapCopy extends Serializer<Map<Object, Object>> {
        JdkMapCopy() {
            setAcceptsNull(false);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<Object, Object> m) {
            List<Map.Entry<Object, Object>> es = new ArrayList<>(m.entrySet());
            output.writeVarInt(es.size(), true);
            for (Map.Entry<Object, Object> e : es) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            int n = input.readVarInt(true);
            Map<Object, Object> m = SortedMap.class.isAssignableFrom(type) ? new TreeMap<>() : new LinkedHashMap<>();
            kryo.reference(m);
            for (int i = 0; i < n; i++) {
                Object k = kryo.readClassAndObject(input);
                m.put(k, kryo.readClassAndObject(input));
            }
            if (!unmodifiable(type)) {
                return m;
            }
            return m instanceof SortedMap ? Collections.unmodifiableSortedMap((SortedMap<Object, Object>) m)
                    : Collections.unmodifiableMap(m);
        }
    }

    // ---- strict class resolution -------------------------------------------------------

    /**
     * Kryo's default resolver retries a missing name in Kryo's own loader (the host's); this one
     * resolves in the codec's loader only and reports what is missing.
     */
    private static final class StrictClassResolver extends DefaultClassResolver {
        @Override
        protected Registration readName(Input input) {
            int nameId = input.readVarInt(true);
            if (nameIdToClass == null) {
                nameIdToClass = new IntMap<>();
            }
            Class<?> type = nameIdToClass.get(nameId);
            if (type == null) {
                String className = input.readString();
                type = getTypeByName(className);
                if (type == null) {
                    try {
                        type = Class.forName(className, false, kryo.getClassLoader());
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new Missing(className, e);
                    }
                    if (nameToClass == null) {
                        nameToClass = new ObjectMap<>();
                    }
                    nameToClass.put(className, type);
                }
                nameIdToClass.put(nameId, type);
            }
            return kryo.getRegistration(type);
        }
    }
}
