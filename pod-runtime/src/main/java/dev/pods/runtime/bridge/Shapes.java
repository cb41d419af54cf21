package dev.pods.runtime.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.serializers.FieldSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.RecordSerializer;
import dev.pods.PodBridgeException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of a class as one side reads and writes it, and the comparison of the two sides'
 * shapes. Kryo's field and record serializers write no schema: a class whose fields differ
 * between the host's and the pod's copy would be misread without an error. So the first time a
 * class appears in a payload the writer sends its shape (what it is copied as, and its fields or
 * record components with their declared types, in the order they are written); the reader
 * compares the bytes with its own shape of the class. Equal bytes cost one array comparison;
 * anything else is explained ({@link Failures.Refusal}) or, for an enum whose constants differ,
 * mapped by constant name. JDK classes are the same class on both sides and send an empty shape.
 *
 * <p>The shape is text, one item a line: the kind ({@value #FIELDS}, {@value #RECORD},
 * {@value #ENUM}, {@value #COLLECTION}, {@value #MAP}, {@value #REFUSED}), then {@code name type}
 * per field or component (or one constant name a line for an enum).
 *
 * <p>One instance per codec; thread-safe. It caches the verdict for each (class, foreign shape).
 */
final class Shapes {
    static final String FIELDS = "fields";
    static final String RECORD = "record";
    static final String ENUM = "enum";
    static final String COLLECTION = "collection";
    static final String MAP = "map";
    static final String REFUSED = "refused";
    private static final byte[] NONE = new byte[0];
    /** Verdicts kept per codec; beyond this many distinct foreign shapes (a hostile writer), they are recomputed. */
    private static final int MAX_VERDICTS = 256;

    private final PodBridgeException.Side side;
    private final ConcurrentHashMap<Key, Object> verdicts = new ConcurrentHashMap<>();

    Shapes(PodBridgeException.Side side) {
        this.side = side;
    }

    /** This side's shape of a registered class, as bytes; empty for JDK classes and arrays. */
    static byte[] of(Registration r) {
        Class<?> type = r.getType();
        if (type.isArray() || Types.isJdk(type)) {
            return NONE;
        }
        Serializer<?> s = r.getSerializer();
        String shape;
        if (s instanceof Failures.Shaped) {
            shape = ((Failures.Shaped) s).shape();
        } else if (s instanceof FieldSerializer) {
            List<Field> fields = new ArrayList<>();
            for (FieldSerializer.CachedField f : ((FieldSerializer<?>) s).getFields()) {
                fields.add(f.getField());
            }
            shape = FIELDS + fields(fields);
        } else if (s instanceof RecordSerializer) {
            shape = RECORD + components(type);
        } else {
            shape = "kryo " + s.getClass().getName();
        }
        return shape.getBytes(UTF_8);
    }

    /** {@code \nname type} for each field in the given (write) order; a shadowed name is qualified by its class. */
    static String fields(List<Field> fields) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.getName())) {
                twice.add(f.getName());
            }
        }
        StringBuilder b = new StringBuilder();
        for (Field f : fields) {
            b.append('\n');
            if (twice.contains(f.getName())) {
                b.append(f.getDeclaringClass().getSimpleName()).append('.');
            }
            b.append(f.getName()).append(' ').append(f.getType().getTypeName());
        }
        return b.toString();
    }

    /** Record components sorted by name: the order in which Kryo's record serializer writes them. */
    private static String components(Class<?> type) {
        RecordComponent[] cs = type.getRecordComponents().clone();
        Arrays.sort(cs, Comparator.comparing(RecordComponent::getName));
        StringBuilder b = new StringBuilder();
        for (RecordComponent c : cs) {
            b.append('\n').append(c.getName()).append(' ').append(c.getType().getTypeName());
        }
        return b.toString();
    }

    /**
     * The verdict on a class whose foreign shape differs from {@code local}: an {@link EnumCopy.Translation}
     * when the class is an enum on both sides (constants are mapped by name), else a refusal.
     *
     * @throws Failures.Refusal naming the class and each difference
     */
    EnumCopy.Translation verdict(Registration r, byte[] local, byte[] foreign) {
        Class<?> type = r.getType();
        Key key = new Key(type, foreign);
        Object v = verdicts.get(key);
        if (v == null) {
            v = judge(type, new String(local, UTF_8), new String(foreign, UTF_8));
            if (verdicts.size() < MAX_VERDICTS) {
                verdicts.putIfAbsent(key, v);
            }
        }
        if (v instanceof String) {
            throw new Failures.Refusal(type.getName(), (String) v);
        }
        return (EnumCopy.Translation) v;
    }

    private Object judge(Class<?> type, String local, String foreign) {
        String[] mine = local.split("\n", -1);
        String[] theirs = foreign.split("\n", -1);
        String writer = side == PodBridgeException.Side.POD ? "on the host" : "in the pod";
        String reader = side == PodBridgeException.Side.POD ? "in the pod" : "on the host";
        if (mine[0].equals(ENUM) && theirs[0].equals(ENUM)) {
            return new EnumCopy.Translation(type, Arrays.copyOfRange(theirs, 1, theirs.length), writer);
        }
        List<String> diffs = new ArrayList<>();
        if (!mine[0].equals(theirs[0])) {
            diffs.add("it is " + kind(theirs[0]) + " " + writer + " and " + kind(mine[0]) + " " + reader);
        } else {
            String word = mine[0].equals(RECORD) ? "component" : "field";
            Map<String, String> a = entries(theirs);
            Map<String, String> b = entries(mine);
            a.forEach((name, t) -> {
                String u = b.get(name);
                if (u == null) {
                    diffs.add(word + " " + name + " exists " + writer + " only");
                } else if (!u.equals(t)) {
                    diffs.add(word + " " + name + " is " + t + " " + writer + " and " + u + " " + reader);
                }
            });
            b.forEach((name, t) -> {
                if (!a.containsKey(name)) {
                    diffs.add(word + " " + name + " exists " + reader + " only");
                }
            });
            if (diffs.isEmpty()) {
                diffs.add("its " + word + "s are in another order");
            }
        }
        return "the class differs between the host and the pod: " + String.join("; ", diffs)
                + ". Use the same version of it on both sides (align the dependency versions), or share its"
                + " package with PodEnv.withSharedPackages so that the pod uses the host's copy";
    }

    private static String kind(String k) {
        switch (k) {
            case FIELDS:
                return "an object copied field by field";
            case RECORD:
                return "a record";
            case ENUM:
                return "an enum";
            case COLLECTION:
                return "a collection";
            case MAP:
                return "a map";
            case REFUSED:
                return "a type that cannot cross";
            default:
                return "'" + k + "'";
        }
    }

    private static Map<String, String> entries(String[] lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int sp = lines[i].indexOf(' ');
            if (sp > 0) {
                m.put(lines[i].substring(0, sp), lines[i].substring(sp + 1));
            }
        }
        return m;
    }

    /** A class and a foreign shape of it, compared by content. */
    private static final class Key {
        private final Class<?> type;
        private final byte[] shape;
        private final int hash;

        Key(Class<?> type, byte[] shape) {
            this.type = type;
            this.shape = shape;
            this.hash = type.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).type == type && Arrays.equals(((Key) o).shape, shape);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** For tests: how many verdicts are cached. */
    int cachedVerdicts() {
        return verdicts.size();
    }
}
