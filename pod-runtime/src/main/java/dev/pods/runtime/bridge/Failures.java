package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;

/**
 * Failures raised inside Kryo by the codec's own serializers; {@link ValueCodec} turns each into a
 * {@link dev.pods.PodBridgeException} on the way out. They carry no stack trace: they are
 * messages, not bugs.
 */
final class Failures {
    private Failures() {
    }

    /** A value that may not cross, with the reason (the reason is the whole explanation). */
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

    /** A class name the reading side's loader does not have. */
    static final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;

        Missing(String className, Throwable cause) {
            super(className, cause, false, false);
            this.className = className;
        }
    }

    /** A class the reading side has but cannot load or link (another shape of a class it refers to, a missing dependency). */
    static final class Unlinkable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;

        Unlinkable(String className, Throwable cause) {
            super(className, cause, false, false);
            this.className = className;
        }
    }

    /** A value nested deeper than {@link PodKryo#MAX_DEPTH}. */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int limit;
        final String typeName;

        TooDeep(int limit, String typeName) {
            super(typeName, null, false, false);
            this.limit = limit;
            this.typeName = typeName;
        }
    }

    /** A serializer that can say what it expects of a class, compared between the two sides. */
    interface Shaped {
        /** The class's shape as this side sees it (see {@link Shapes}). */
        String shape();
    }

    /** The serializer of a type that may never cross: refuses on write and on read. */
    static final class Refusing extends Serializer<Object> implements Shaped {
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

        @Override
        public String shape() {
            return Shapes.REFUSED;
        }
    }
}
