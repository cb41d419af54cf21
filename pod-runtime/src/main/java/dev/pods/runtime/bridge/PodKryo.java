package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.kryo5.serializers.FieldSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.RecordSerializer;
import com.esotericsoftware.kryo.kryo5.util.DefaultInstantiatorStrategy;
import java.io.Closeable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The codec's Kryo: which serializer each class gets (one decision, in {@link #getDefaultSerializer}),
 * and how deep a value may nest.
 *
 * <p>Settings that keep the two sides honest: no generics optimization and no class of the
 * application treated as final, so every value of an application class is written with its class
 * name (and so with its {@linkplain Shapes shape}); a back-reference into an object still being
 * made is an error ({@link CycleCheckingReferences}); no proxy or closure shortcuts.
 *
 * <p>Nesting is limited to {@link #MAX_DEPTH} on write and on read, so that whatever one side
 * writes the other can read, and a deeper (or hostile) payload is a typed error instead of a
 * {@link StackOverflowError}. Measured on JDK 17 (x64), reading overflows at about 208 levels of
 * objects nested field by field on a 256 KB thread stack, 558 on 512 KB and 1,258 on 1 MB (nested
 * lists: 271, 726, 1,637); at 256 levels the worst shape uses under half of a 512 KB stack,
 * leaving the rest to the caller's own frames.
 */
final class PodKryo extends Kryo {
    /** The deepest nesting written or read: objects inside objects, counted as Kryo counts them. */
    static final int MAX_DEPTH = 256;

    private final ShapeResolver resolver;
    private final int maxDepth;

    PodKryo(ClassLoader loader, Shapes shapes, int maxDepth) {
        super(new ShapeResolver(shapes), new CycleCheckingReferences());
        this.resolver = (ShapeResolver) getClassResolver();
        this.maxDepth = maxDepth;
        setRegistrationRequired(false);
        setReferences(true);
        setOptimizedGenerics(false);
        setClassLoader(loader);
        setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    }

    ShapeResolver resolver() {
        return resolver;
    }

    // ---- which serializer ------------------------------------------------------------------

    /** Why a type may never cross, or null. */
    static String refusal(Class<?> type) {
        if (!Types.isNameable(type)) {
            return Proxy.isProxyClass(type) ? "a dynamic proxy is live behaviour, not a value; pass data"
                    : "a lambda or hidden class has no name the other side can load; pass data, or use"
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

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // Kryo declares a raw Class
    public Serializer getDefaultSerializer(Class type) {
        String why = refusal(type);
        if (why != null) {
            return new Failures.Refusing(type, why);
        }
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            if (component.isPrimitive() || component == String.class) {
                return super.getDefaultSerializer(type);
            }
            // Kryo trusts the modifiers of the element class; an application class gets its name written per element.
            ObjectArraySerializer s = new ObjectArraySerializer(this, type);
            s.setElementsAreSameType(isFinal(component));
            return s;
        }
        if (Enum.class.isAssignableFrom(type)) {
            Object[] constants = type == Enum.class ? new Object[0] : type.getEnumConstants();
            if (constants == null) {
                return new Failures.Refusing(type, "its enum class could not be initialized on this side");
            }
            return new EnumCopy(type, constants);
        }
        if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
            return Containers.serializer(type);
        }
        if (Types.isJdk(type)) {
            return jdk(type);
        }
        if (type.isRecord()) {
            return new RecordSerializer<>(type);
        }
        Class<?> base = Types.jdkAncestor(type);
        if (base != Object.class && Types.hasInstanceFields(base)) {
            return new Failures.Refusing(type, "it extends " + base.getName() + ", whose state belongs to the JDK and"
                    + " cannot be copied field by field; pass the JDK value itself, or a class of your own");
        }
        FieldSerializer.FieldSerializerConfig config = new FieldSerializer.FieldSerializerConfig();
        config.setIgnoreSyntheticFields(false); // an inner class's outer instance and captured values are state too
        return new FieldSerializer<>(this, type, config);
    }

    @SuppressWarnings("rawtypes")
    private Serializer jdk(Class<?> type) {
        if (Calendar.class.isAssignableFrom(type)) {
            return new JdkValues.CalendarCopy();
        }
        if (TimeZone.class.isAssignableFrom(type)) {
            return new JdkValues.TimeZoneCopy();
        }
        if (type == Locale.class) {
            return new JdkValues.LocaleCopy();
        }
        if (type == ZonedDateTime.class) {
            return new JdkValues.ZonedDateTimeCopy();
        }
        if (type == JdkValues.TIMESTAMP) {
            return new DefaultSerializers.TimestampSerializer();
        }
        if (type == UUID.class) {
            return new DefaultSerializers.UUIDSerializer();
        }
        if (type == URI.class) {
            return new DefaultSerializers.URISerializer();
        }
        if (type == Pattern.class) {
            return new DefaultSerializers.PatternSerializer();
        }
        return super.getDefaultSerializer(type); // Kryo's own table; what it lacks is refused below
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Serializer newDefaultSerializer(Class type) {
        return new Failures.Refusing(type, "a JDK type with encapsulated state and no known copy form;"
                + " convert it to a record, collection, map, array, string or number");
    }

    /** Only JDK final classes are final here: an application class may differ between the sides. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isFinal(Class type) {
        Class<?> t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        return Modifier.isFinal(t.getModifiers()) && (t.isPrimitive() || Types.isPlatform(t));
    }

    /** Lambdas get their own registration, and so their refusal. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isClosure(Class type) {
        return false;
    }

    /** Proxies get their own registration, and so their refusal. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isProxy(Class type) {
        return false;
    }

    /** Making an instance initializes its class: a failure there names the class. */
    @Override
    public <T> T newInstance(Class<T> type) {
        try {
            return super.newInstance(type);
        } catch (LinkageError e) {
            throw new Failures.Unlinkable(type.getName(), e);
        }
    }

    // ---- depth ------------------------------------------------------------------------------

    private void checkDepth(Object about) {
        if (getDepth() >= maxDepth) {
            throw new Failures.TooDeep(maxDepth, about instanceof Class ? ((Class<?>) about).getName()
                    : about == null ? "(unknown)" : about.getClass().getName());
        }
    }

    @Override
    public void writeClassAndObject(Output output, Object object) {
        checkDepth(object);
        super.writeClassAndObject(output, object);
    }

    @Override
    public void writeObject(Output output, Object object) {
        checkDepth(object);
        super.writeObject(output, object);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void writeObject(Output output, Object object, Serializer serializer) {
        checkDepth(object);
        super.writeObject(output, object, serializer);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void writeObjectOrNull(Output output, Object object, Class type) {
        checkDepth(type);
        super.writeObjectOrNull(output, object, type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void writeObjectOrNull(Output output, Object object, Serializer serializer) {
        checkDepth(object);
        super.writeObjectOrNull(output, object, serializer);
    }

    @Override
    public Object readClassAndObject(Input input) {
        checkDepth(null);
        return super.readClassAndObject(input);
    }

    @Override
    public <T> T readObject(Input input, Class<T> type) {
        checkDepth(type);
        return super.readObject(input, type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T> T readObject(Input input, Class<T> type, Serializer serializer) {
        checkDepth(type);
        return super.readObject(input, type, serializer);
    }

    @Override
    public <T> T readObjectOrNull(Input input, Class<T> type) {
        checkDepth(type);
        return super.readObjectOrNull(input, type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T> T readObjectOrNull(Input input, Class<T> type, Serializer serializer) {
        checkDepth(type);
        return super.readObjectOrNull(input, type, serializer);
    }
}
