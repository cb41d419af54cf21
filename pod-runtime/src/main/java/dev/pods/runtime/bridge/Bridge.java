package dev.pods.runtime.bridge;

import dev.pods.PodBridgeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Copies values across one pod's boundary: host value -> host codec -> bytes -> pod codec ->
 * pod value, and back. Immutable JDK values (strings, boxed primitives, enums of the JDK,
 * {@code BigInteger}/{@code BigDecimal}, {@code UUID}, {@code java.time} values) are the same
 * objects on both sides and skip the copy.
 *
 * <p>In-process the "transport" between the two codecs is handing over the byte array; a pod
 * in another process would put a pipe between {@link ValueCodec#write} and {@link ValueCodec#read}
 * and nothing else changes. Thread-safe; made per pod and dropped with it ({@link #clear()}).
 */
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
        return isImmutable(hostValue) ? hostValue : pod.read(host.write(hostValue));
    }

    /** Copies a pod value to the host. */
    public Object toHost(Object podValue) {
        return isImmutable(podValue) ? podValue : host.read(pod.write(podValue));
    }

    /** Copies call arguments into the pod in one payload (so that shared references stay shared). */
    public Object[] argsToPod(Object[] args) {
        for (Object a : args) {
            if (!isImmutable(a)) {
                return (Object[]) pod.read(host.write(args));
            }
        }
        return args;
    }

    /** Drops both sides' Kryo instances. */
    public void clear() {
        host.clear();
        pod.clear();
    }
}
