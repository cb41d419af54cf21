package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.util.Collections;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * The ordering of a sorted collection or map, as a token the other side can turn back into the
 * same ordering. Only orderings known to mean the same on both sides cross: natural order, the
 * JDK's own comparators in the table below (matched by identity or by the class of
 * {@code Collections.reverseOrder(cmp)}, probed once), and comparators of a class with a name
 * the other side loads (copied like any value). Anything else (a lambda, a JDK comparator not in
 * the table such as {@code Comparator.nullsFirst}) is refused: rebuilding the container in
 * another order would change what it answers.
 *
 * <table>
 * <caption>Tokens</caption>
 * <tr><td>{@value #NATURAL}</td><td>no comparator (natural order)</td></tr>
 * <tr><td>{@value #NATURAL_ORDER}</td><td>{@code Comparator.naturalOrder()}</td></tr>
 * <tr><td>{@value #REVERSE_ORDER}</td><td>{@code Collections.reverseOrder()}, {@code Comparator.reverseOrder()}</td></tr>
 * <tr><td>{@value #CASE_INSENSITIVE}</td><td>{@code String.CASE_INSENSITIVE_ORDER}</td></tr>
 * <tr><td>{@value #REVERSED}</td><td>{@code Collections.reverseOrder(cmp)} / {@code cmp.reversed()}, then cmp's token</td></tr>
 * <tr><td>{@value #OBJECT}</td><td>a comparator of a named class of the application, then the comparator as a value</td></tr>
 * </table>
 */
final class Orderings {
    static final int NATURAL = 0;
    static final int NATURAL_ORDER = 1;
    static final int REVERSE_ORDER = 2;
    static final int CASE_INSENSITIVE = 3;
    static final int REVERSED = 4;
    static final int OBJECT = 5;

    private static final Comparator<?> NATURAL_ORDER_CMP = Comparator.naturalOrder();
    private static final Comparator<?> REVERSE_ORDER_CMP = Collections.reverseOrder();
    /** The class of {@code Collections.reverseOrder(cmp)} for a comparator that is not itself a reverse order. */
    private static final Class<?> REVERSED_CLASS = Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER).getClass();

    /** Stands for "this container has no ordering" in {@link #comparatorOf}. */
    static final Object UNORDERED = new Object();

    private Orderings() {
    }

    /** The comparator (null for natural order) of a sorted container, or {@link #UNORDERED}. */
    static Object comparatorOf(Object container) {
        if (container instanceof SortedSet) {
            return ((SortedSet<?>) container).comparator();
        }
        if (container instanceof SortedMap) {
            return ((SortedMap<?, ?>) container).comparator();
        }
        if (container instanceof PriorityQueue) {
            return ((PriorityQueue<?>) container).comparator();
        }
        if (container instanceof PriorityBlockingQueue) {
            return ((PriorityBlockingQueue<?>) container).comparator();
        }
        return UNORDERED;
    }

    /**
     * Writes the token of {@code cmp}.
     *
     * @throws Failures.Refusal when the ordering cannot be rebuilt on the other side
     */
    static void write(Kryo kryo, Output out, Comparator<?> cmp, Class<?> container) {
        if (cmp == null) {
            out.writeByte(NATURAL);
        } else if (cmp == NATURAL_ORDER_CMP) {
            out.writeByte(NATURAL_ORDER);
        } else if (cmp == REVERSE_ORDER_CMP) {
            out.writeByte(REVERSE_ORDER);
        } else if (cmp == String.CASE_INSENSITIVE_ORDER) {
            out.writeByte(CASE_INSENSITIVE);
        } else if (cmp.getClass() == REVERSED_CLASS) {
            out.writeByte(REVERSED);
            write(kryo, out, cmp.reversed(), container); // reversed() of a reverse order is the comparator it reverses
        } else if (!Types.isJdk(cmp.getClass()) && Types.isNameable(cmp.getClass())) {
            out.writeByte(OBJECT);
            kryo.writeClassAndObject(out, cmp);
        } else {
            throw new Failures.Refusal(container.getName(), refusal(cmp, container));
        }
    }

    private static String refusal(Comparator<?> cmp, Class<?> container) {
        String what = Types.isNameable(cmp.getClass()) ? "the JDK comparator " + cmp.getClass().getName()
                : "a lambda comparator";
        return "a " + Types.simpleName(container) + " ordered by " + what + " cannot cross: the other side could"
                + " not rebuild that ordering (" + cmp.getClass().getName() + "), and in another order it would"
                + " answer differently. Order it by a"
                + " comparator class of your own with a name both sides load (a static nested class or an enum"
                + " implementing Comparator), by natural order, String.CASE_INSENSITIVE_ORDER or a reverse order;"
                + " or pass its elements as a List";
    }

    /** Reads a token written by {@link #write}. */
    @SuppressWarnings("unchecked")
    static Comparator<Object> read(Kryo kryo, Input in) {
        int token = in.readByte();
        if (token == REVERSED) {
            int inner = in.readByte();
            if (inner == REVERSED || inner == NATURAL) {
                throw new KryoException("corrupt ordering token: a reverse order of " + inner);
            }
            return Collections.reverseOrder(plain(kryo, in, inner));
        }
        return plain(kryo, in, token);
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> plain(Kryo kryo, Input in, int token) {
        switch (token) {
            case NATURAL:
                return null;
            case NATURAL_ORDER:
                return (Comparator<Object>) NATURAL_ORDER_CMP;
            case REVERSE_ORDER:
                return (Comparator<Object>) REVERSE_ORDER_CMP;
            case CASE_INSENSITIVE:
                return (Comparator<Object>) (Comparator<?>) String.CASE_INSENSITIVE_ORDER;
            case OBJECT:
                Object c = kryo.readClassAndObject(in);
                if (!(c instanceof Comparator)) {
                    throw new KryoException("corrupt ordering: " + (c == null ? "null" : c.getClass().getName())
                            + " is not a Comparator");
                }
                return (Comparator<Object>) c;
            default:
                throw new KryoException("corrupt ordering token " + token);
        }
    }

    /** A description of an ordering that is equal on both sides when the orderings are the same. */
    static String describe(Object cmp) {
        if (cmp == null) {
            return "natural order";
        }
        if (cmp == NATURAL_ORDER_CMP) {
            return "Comparator.naturalOrder()";
        }
        if (cmp == REVERSE_ORDER_CMP) {
            return "Collections.reverseOrder()";
        }
        if (cmp == String.CASE_INSENSITIVE_ORDER) {
            return "String.CASE_INSENSITIVE_ORDER";
        }
        if (cmp.getClass() == REVERSED_CLASS) {
            return "Collections.reverseOrder(" + describe(((Comparator<?>) cmp).reversed()) + ")";
        }
        return cmp.getClass().getName();
    }
}
