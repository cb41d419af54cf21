package dev.pods.runtime.bridge;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.util.Pool;
import dev.pods.PodBridgeException;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * One side of the bridge: turns values into bytes and bytes into values, resolving every class
 * name strictly through one loader (the pod's for the pod side, the host's for the host side;
 * never a fallback to another loader, unlike Kryo's default resolver). This is the transport
 * seam: a codec only sees {@code byte[]}, so the same codec serves a pod in a child JVM.
 *
 * <p>What crosses and how is listed in {@link Bridge}. A value either arrives intact or the call
 * fails with a {@link PodBridgeException} naming the type, the side and the reason: a class whose
 * shape differs between the sides, an ordering that cannot be rebuilt, a value nested deeper than
 * the limit, a class that cannot be loaded, linked or initialized here. No {@link Error} of the
 * codec's own machinery escapes (only an {@link OutOfMemoryError} or a {@link ThreadDeath} passes
 * through as it is).
 *
 * <p>Thread-safe. Kryo instances are made lazily, pooled per codec, and dropped with it (a live
 * Kryo pins its loader through its class-name cache); an instance that failed is dropped, not
 * reused. Writing more than {@code maxPayloadBytes} is refused.
 */
@API(status = INTERNAL, since = "1.0")
public final class ValueCodec {
    private final ClassLoader loader;
    private final PodBridgeException.Side side;
    private final int maxPayloadBytes;
    private final int maxDepth;
    private final Shapes shapes;
    private volatile Pool<PodKryo> pool;

    /**
     * @param loader          the only loader class names are resolved in when reading
     * @param side            the side this codec runs on (named in errors)
     * @param maxPayloadBytes the largest encoded value accepted
     */
    public ValueCodec(ClassLoader loader, PodBridgeException.Side side, int maxPayloadBytes) {
        this(loader, side, maxPayloadBytes, PodKryo.MAX_DEPTH);
    }

    /** With another nesting limit: for tests that play a writer which ignores the limit. */
    ValueCodec(ClassLoader loader, PodBridgeException.Side side, int maxPayloadBytes, int maxDepth) {
        this.loader = loader;
        this.side = side;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxDepth = maxDepth;
        this.shapes = new Shapes(side);
    }

    /** The side this codec runs on. */
    public PodBridgeException.Side side() {
        return side;
    }

    /** For tests: this codec's shape comparisons. */
    Shapes shapes() {
        return shapes;
    }

    private Pool<PodKryo> pool() {
        Pool<PodKryo> p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new Pool<>(true, false, 16) {
                        @Override
                        protected PodKryo create() {
                            return new PodKryo(loader, shapes, maxDepth);
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
        Pool<PodKryo> p = pool;
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
        Pool<PodKryo> p = pool();
        PodKryo k = p.obtain();
        boolean ok = false;
        try {
            Output out = new Output(256, maxPayloadBytes);
            k.writeClassAndObject(out, value);
            byte[] bytes = out.toBytes();
            ok = true;
            return bytes;
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            throw translate(typeName(value), e);
        } finally {
            if (ok) {
                p.free(k);
            }
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
        Pool<PodKryo> p = pool();
        PodKryo k = p.obtain();
        boolean ok = false;
        try {
            Object v = k.readClassAndObject(new Input(bytes));
            ok = true;
            return v;
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            throw translate("(unknown)", e);
        } finally {
            if (ok) {
                p.free(k);
            }
        }
    }

    private PodBridgeException translate(String typeName, Throwable e) {
        int links = 0;
        for (Throwable t = e; t != null && links < 32; t = cause(t), links++) {
            if (t instanceof PodBridgeException) {
                return (PodBridgeException) t;
            }
            if (t instanceof Failures.Refusal) {
                Failures.Refusal r = (Failures.Refusal) t;
                return new PodBridgeException(r.typeName, side, r.reason + trace(e), null);
            }
            if (t instanceof Failures.Missing) {
                return new PodBridgeException(((Failures.Missing) t).className, side, "the class is not visible on the "
                        + sideName() + " side" + (side == PodBridgeException.Side.POD
                        ? " (not on the pod's classpath and not in a shared package)"
                        : " (the host does not have it: return a JDK type, or a type both sides have)")
                        + trace(e), t.getCause());
            }
            if (t instanceof Failures.Unlinkable) {
                Throwable c = t.getCause();
                String name = ((Failures.Unlinkable) t).className;
                if (c instanceof ExceptionInInitializerError) {
                    return new PodBridgeException(name, side, "the class could not be initialized on the " + sideName()
                            + " side: its static initializer threw " + describe(cause(c)) + trace(e), c);
                }
                return new PodBridgeException(name, side, "the class cannot be loaded on the " + sideName() + " side: "
                        + describe(c) + " (a class it refers to is missing there, has another shape, or failed to"
                        + " initialize: use the same versions of its dependencies on both sides)" + trace(e), c);
            }
            if (t instanceof Failures.TooDeep) {
                return new PodBridgeException(typeName, side, "it is nested more than " + ((Failures.TooDeep) t).limit
                        + " levels deep (at " + ((Failures.TooDeep) t).typeName + "), the most the bridge copies so that"
                        + " any thread can read it back; pass it flatter (e.g. a list of nodes that refer to each other"
                        + " by index instead of a chain of nested objects)", null);
            }
            if (t instanceof KryoBufferOverflowException) {
                return new PodBridgeException(typeName, side, "its encoded form is larger than the limit of "
                        + maxPayloadBytes + " bytes; raise it with PodEnv.withMaxPayloadBytes or pass less data", e);
            }
            if (t instanceof ExceptionInInitializerError) {
                Throwable c = t.getCause();
                return new PodBridgeException(typeName, side, "a class could not be initialized on the " + sideName()
                        + " side: its static initializer threw " + describe(c) + trace(e), t);
            }
            if (t instanceof StackOverflowError) {
                return new PodBridgeException(typeName, side, "copying it overflowed this thread's stack (" + sideName()
                        + " side) although it is within the nesting limit of " + maxDepth + " levels: give the"
                        + " calling thread a larger stack, or pass the value flatter", null);
            }
            if (t instanceof LinkageError) {
                return new PodBridgeException(typeName, side, "a class cannot be linked on the " + sideName() + " side: "
                        + describe(t) + " (a class it refers to is missing there, or has another shape: use the same"
                        + " versions of its dependencies on both sides)" + trace(e), t);
            }
        }
        return new PodBridgeException(typeName, side, "it could not be copied: " + describe(e), e);
    }

    /** {@code Class: message} of a throwable, safely (its message may come from code of the application). */
    static String describe(Throwable t) {
        if (t == null) {
            return "(no cause)";
        }
        String m;
        try {
            m = t.getMessage();
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            m = "(its getMessage() threw " + e.getClass().getName() + ")";
        }
        return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    }

    /** A throwable's cause, or null when asking for it fails (it may be code of the application). */
    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            return null;
        }
    }

    /** Kryo's serialization trace (the path of fields to the failure), when its message has one. */
    private static String trace(Throwable e) {
        String m = describe(e);
        int i = m == null ? -1 : m.indexOf("Serialization trace:");
        if (i < 0) {
            return "";
        }
        return " (at " + m.substring(i + "Serialization trace:".length()).trim().replace('\n', ' ')
                .replace("\r", "") + ")";
    }

    private String sideName() {
        return side.name().toLowerCase(Locale.ROOT);
    }

    private static String typeName(Object v) {
        return v == null ? "(unknown)" : v.getClass().getName();
    }
}
