package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.util.DefaultClassResolver;
import com.esotericsoftware.kryo.kryo5.util.IdentityMap;
import com.esotericsoftware.kryo.kryo5.util.IdentityObjectIntMap;
import com.esotericsoftware.kryo.kryo5.util.IntMap;
import com.esotericsoftware.kryo.kryo5.util.ObjectMap;
import java.util.Arrays;

/**
 * Class names, resolved strictly and checked for shape.
 *
 * <p>Kryo's default resolver retries a missing name in Kryo's own loader (the host's); this one
 * resolves in the codec's loader only and reports what is missing or cannot be linked. And each
 * class name, written once per payload, is followed by the class's {@linkplain Shapes shape} on
 * this side; the reader compares it with its own before any instance is read.
 *
 * <p>One per Kryo instance (not thread-safe, like Kryo). Enum translations are per payload.
 */
final class ShapeResolver extends DefaultClassResolver {
    private final Shapes shapes;
    private final IdentityMap<Class<?>, byte[]> localShapes = new IdentityMap<>();
    private IdentityMap<Class<?>, EnumCopy.Translation> translations;

    ShapeResolver(Shapes shapes) {
        this.shapes = shapes;
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo declares a raw Class
    protected void writeName(Output output, Class type, Registration registration) {
        output.writeByte(1); // NAME + 2, as Kryo writes it
        if (classToNameId != null) {
            int nameId = classToNameId.get(type, -1);
            if (nameId != -1) {
                output.writeVarInt(nameId, true);
                return;
            }
        }
        int nameId = nextNameId++;
        if (classToNameId == null) {
            classToNameId = new IdentityObjectIntMap<>();
        }
        classToNameId.put(type, nameId);
        output.writeVarInt(nameId, true);
        // The registered class, not the object's: an enum constant with a body is written as its enum.
        Class<?> named = registration.getType();
        if (registration.isTypeNameAscii()) {
            output.writeAscii(named.getName());
        } else {
            output.writeString(named.getName());
        }
        byte[] shape = localShape(registration);
        output.writeVarInt(shape.length, true);
        output.writeBytes(shape);
    }

    @Override
    protected Registration readName(Input input) {
        int nameId = input.readVarInt(true);
        if (nameIdToClass == null) {
            nameIdToClass = new IntMap<>();
        }
        Class<?> type = nameIdToClass.get(nameId);
        if (type != null) {
            return kryo.getRegistration(type);
        }
        String className = input.readString();
        type = getTypeByName(className);
        if (type == null) {
            try {
                type = Class.forName(className, false, kryo.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new Failures.Missing(className, e);
            } catch (LinkageError e) {
                throw new Failures.Unlinkable(className, e);
            }
            if (nameToClass == null) {
                nameToClass = new ObjectMap<>();
            }
            nameToClass.put(className, type);
        }
        Registration r;
        try {
            r = kryo.getRegistration(type);
        } catch (LinkageError e) {
            throw new Failures.Unlinkable(className, e);
        }
        checkShape(input, r);
        nameIdToClass.put(nameId, type);
        return r;
    }

    private void checkShape(Input input, Registration r) {
        int n = input.readVarInt(true);
        byte[] local = localShape(r);
        int pos = input.position();
        if (n == local.length && input.limit() - pos >= n
                && Arrays.equals(input.getBuffer(), pos, pos + n, local, 0, n)) {
            input.setPosition(pos + n);
            return;
        }
        byte[] foreign = input.readBytes(n);
        EnumCopy.Translation t = shapes.verdict(r, local, foreign);
        if (translations == null) {
            translations = new IdentityMap<>();
        }
        translations.put(r.getType(), t);
    }

    private byte[] localShape(Registration r) {
        byte[] s = localShapes.get(r.getType());
        if (s == null) {
            s = Shapes.of(r);
            localShapes.put(r.getType(), s);
        }
        return s;
    }

    /** How to read {@code enumType}'s ordinals in this payload, or null when both sides' constants are the same. */
    EnumCopy.Translation translation(Class<?> enumType) {
        IdentityMap<Class<?>, EnumCopy.Translation> t = translations;
        return t == null ? null : t.get(enumType);
    }

    @Override
    public void reset() {
        super.reset();
        translations = null;
    }
}
