package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.util.HashMap;
import java.util.Map;

/**
 * Enum constants by ordinal, kept honest by the enum's shape (its constant names in order): when
 * both sides' constants are the same, the ordinal is exact; when they differ, the reader maps the
 * writer's ordinals to its own constants by name, and a constant the reader lacks is an error,
 * never another constant or null. Kryo's own enum serializer trusts the ordinal alone.
 */
final class EnumCopy extends Serializer<Object> implements Failures.Shaped {
    private final Class<?> type;
    private final Object[] constants;
    private final String shape;

    EnumCopy(Class<?> type, Object[] constants) {
        setAcceptsNull(true);
        setImmutable(true);
        this.type = type;
        this.constants = constants;
        StringBuilder b = new StringBuilder(Shapes.ENUM);
        for (Object c : constants) {
            b.append('\n').append(((Enum<?>) c).name());
        }
        this.shape = b.toString();
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        output.writeVarInt(object == null ? 0 : ((Enum<?>) object).ordinal() + 1, true);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> t) {
        int v = input.readVarInt(true);
        if (v == 0) {
            return null;
        }
        Translation tr = ((PodKryo) kryo).resolver().translation(type);
        if (tr != null) {
            return tr.constant(v - 1);
        }
        if (v > constants.length) {
            throw new KryoException("the payload names constant #" + (v - 1) + " of " + type.getName()
                    + ", which has " + constants.length + " constants");
        }
        return constants[v - 1];
    }

    @Override
    public String shape() {
        return shape;
    }

    /** The writer's ordinals mapped to this side's constants by name (null where this side lacks the constant). */
    static final class Translation {
        private final Class<?> type;
        private final String[] names;
        private final Object[] byOrdinal;
        private final String writer;

        Translation(Class<?> type, String[] foreignNames, String writer) {
            this.type = type;
            this.names = foreignNames;
            this.writer = writer;
            Map<String, Object> mine = new HashMap<>();
            for (Object c : type.getEnumConstants()) {
                mine.put(((Enum<?>) c).name(), c);
            }
            this.byOrdinal = new Object[foreignNames.length];
            for (int i = 0; i < foreignNames.length; i++) {
                byOrdinal[i] = mine.get(foreignNames[i]);
            }
        }

        Object constant(int ordinal) {
            if (ordinal >= byOrdinal.length) {
                throw new KryoException("the payload names constant #" + ordinal + " of " + type.getName()
                        + ", whose shape lists " + byOrdinal.length + " constants");
            }
            Object c = byOrdinal[ordinal];
            if (c == null) {
                throw new Failures.Refusal(type.getName(), "its constant " + names[ordinal] + " exists " + writer
                        + " only (the two sides have different versions of the enum). Use the same version on both"
                        + " sides, or share its package with PodEnv.withSharedPackages");
            }
            return c;
        }
    }
}
