package dev.pods.runtime.loader;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Reads a few private fields of the JDK that no public API exposes, for what closing a pod must
 * find and what a leak report must name: the task a thread runs ({@code Thread.target}), the
 * executor behind a {@code ThreadPoolExecutor} worker, a thread's thread-locals, the registered
 * shutdown hooks, and the static fields of pod classes without initializing them. Tomcat's
 * {@code WebappClassLoaderBase} reads the same fields the same way.
 *
 * <p>How: through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}, open to everyone) on
 * JDK 17 to 23; from JDK 24 on, {@code Unsafe}'s field access prints a warning on first use, so
 * it is not used there and a field is read only when its package is open to this module (for
 * example {@code --add-opens java.base/java.lang=ALL-UNNAMED}). Every method answers
 * {@code null} (or an empty list) when it cannot read, never throws: callers then fall back to
 * what public API shows and say so. Reading never initializes a class and never runs pod code.
 */
@API(status = INTERNAL, since = "1.0")
public final class JdkInternals {
    private static final Object UNSAFE = unsafe();
    private static final java.lang.invoke.MethodHandle OFFSET;
    private static final java.lang.invoke.MethodHandle STATIC_BASE;
    private static final java.lang.invoke.MethodHandle STATIC_OFFSET;
    private static final java.lang.invoke.MethodHandle GET_OBJECT;

    static {
        java.lang.invoke.MethodHandle off = null;
        java.lang.invoke.MethodHandle base = null;
        java.lang.invoke.MethodHandle soff = null;
        java.lang.invoke.MethodHandle get = null;
        if (UNSAFE != null) {
            try {
                java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.publicLookup();
                Class<?> u = UNSAFE.getClass();
                off = l.unreflect(u.getMethod("objectFieldOffset", Field.class)).bindTo(UNSAFE);
                base = l.unreflect(u.getMethod("staticFieldBase", Field.class)).bindTo(UNSAFE);
                soff = l.unreflect(u.getMethod("staticFieldOffset", Field.class)).bindTo(UNSAFE);
                get = l.unreflect(u.getMethod("getObject", Object.class, long.class)).bindTo(UNSAFE);
            } catch (ReflectiveOperationException | RuntimeException e) {
                off = null;
            }
        }
        boolean ok = off != null;
        OFFSET = ok ? off : null;
        STATIC_BASE = ok ? base : null;
        STATIC_OFFSET = ok ? soff : null;
        GET_OBJECT = ok ? get : null;
    }

    private JdkInternals() {
    }

    private static Object unsafe() {
        if (Runtime.version().feature() >= 24) {
            return null;
        }
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether private JDK fields can be read in this JVM (see the class comment). */
    public static boolean canReadJdk() {
        return GET_OBJECT != null || Thread.class.getModule().isOpen("java.lang", JdkInternals.class.getModule());
    }

    /** A one-line reason for reports when {@link #canReadJdk()} is false. */
    public static String whyNot() {
        return "this JVM (Java " + Runtime.version().feature() + ") does not let the runtime read JDK internals;"
                + " start it with --add-opens java.base/java.lang=ALL-UNNAMED"
                + " --add-opens java.base/java.util=ALL-UNNAMED"
                + " --add-opens java.base/java.util.concurrent=ALL-UNNAMED to have them inspected";
    }

    /** The value of an object field of {@code o}, or null when it cannot be read. */
    public static Object read(Object o, Field f) {
        if (o == null || f == null || f.getType().isPrimitive() || Modifier.isStatic(f.getModifiers())) {
            return null;
        }
        if (GET_OBJECT != null && !f.getDeclaringClass().isRecord() && !f.getDeclaringClass().isHidden()) {
            try {
                long off = (long) OFFSET.invoke(f);
                return GET_OBJECT.invoke(o, off);
            } catch (Throwable e) {
                return null;
            }
        }
        return viaReflection(o, f);
    }

    /**
     * The value of a static object field without initializing its class: when the class was
     * never initialized the field reads as its default (null). Null when it cannot be read.
     */
    public static Object readStatic(Field f) {
        if (f == null || f.getType().isPrimitive() || !Modifier.isStatic(f.getModifiers())) {
            return null;
        }
        if (GET_OBJECT == null || f.getDeclaringClass().isHidden()) {
            return null; // reflection would initialize the class, running pod code during close
        }
        try {
            Object base = STATIC_BASE.invoke(f);
            long off = (long) STATIC_OFFSET.invoke(f);
            return GET_OBJECT.invoke(base, off);
        } catch (Throwable e) {
            return null;
        }
    }

    private static Object viaReflection(Object o, Field f) {
        try {
            if (!f.trySetAccessible()) {
                return null;
            }
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(String className, String name) {
        try {
            return Class.forName(className, false, null).getDeclaredField(name);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static final Field THREAD_TARGET = field("java.lang.Thread", "target");
    private static final Field THREAD_HOLDER = field("java.lang.Thread", "holder");
    private static final Field HOLDER_TASK = field("java.lang.Thread$FieldHolder", "task");
    private static final Field WORKER_EXECUTOR = field("java.util.concurrent.ThreadPoolExecutor$Worker", "this$0");
    private static final Field THREAD_LOCALS = field("java.lang.Thread", "threadLocals");
    private static final Field INHERITABLE_LOCALS = field("java.lang.Thread", "inheritableThreadLocals");
    private static final Field MAP_TABLE = field("java.lang.ThreadLocal$ThreadLocalMap", "table");
    private static final Field ENTRY_VALUE = field("java.lang.ThreadLocal$ThreadLocalMap$Entry", "value");
    private static final Field HOOKS = field("java.lang.ApplicationShutdownHooks", "hooks");
    private static final Field TIMER_QUEUE = field("java.util.TimerThread", "queue");
    private static final Field TIMER_THREAD = field("java.util.Timer", "thread");

    /** The Runnable a thread was started with (its {@code target}), or null. */
    public static Runnable taskOf(Thread t) {
        Object r = THREAD_TARGET != null ? read(t, THREAD_TARGET) : read(read(t, THREAD_HOLDER), HOLDER_TASK);
        return r instanceof Runnable ? (Runnable) r : null;
    }

    /** The executor whose worker {@code t} is, or null (not a worker, or unreadable). */
    public static java.util.concurrent.ThreadPoolExecutor executorOf(Thread t) {
        Runnable r = taskOf(t);
        if (r == null || WORKER_EXECUTOR == null || r.getClass() != WORKER_EXECUTOR.getDeclaringClass()) {
            return null;
        }
        Object e = read(r, WORKER_EXECUTOR);
        return e instanceof java.util.concurrent.ThreadPoolExecutor ? (java.util.concurrent.ThreadPoolExecutor) e : null;
    }

    /** The thread of a {@code java.util.Timer}, or null when it cannot be read. */
    public static Thread threadOf(java.util.Timer timer) {
        Object t = read(timer, TIMER_THREAD);
        return t instanceof Thread ? (Thread) t : null;
    }

    /** Whether {@code t} is the thread of a {@code java.util.Timer} (its class is the JDK's TimerThread). */
    public static boolean isTimerThread(Thread t) {
        return TIMER_QUEUE != null && t.getClass() == TIMER_QUEUE.getDeclaringClass();
    }

    /** One thread-local value of a thread: the ThreadLocal (null once it was collected) and its value. */
    @API(status = INTERNAL, since = "1.0")
    public record Local(ThreadLocal<?> key, Object value, boolean inheritable) {
    }

    /** The thread-local values {@code t} holds, or an empty list when they cannot be read. */
    public static List<Local> threadLocals(Thread t) {
        List<Local> out = new ArrayList<>();
        collect(read(t, THREAD_LOCALS), false, out);
        collect(read(t, INHERITABLE_LOCALS), true, out);
        return out;
    }

    private static void collect(Object map, boolean inheritable, List<Local> out) {
        Object table = read(map, MAP_TABLE);
        if (!(table instanceof Object[])) {
            return;
        }
        for (Object e : (Object[]) table) {
            if (e instanceof java.lang.ref.Reference) {
                Object key = ((java.lang.ref.Reference<?>) e).get();
                out.add(new Local(key instanceof ThreadLocal ? (ThreadLocal<?>) key : null, read(e, ENTRY_VALUE),
                        inheritable));
            }
        }
    }

    /** The shutdown hooks registered with {@code Runtime.addShutdownHook}, or an empty list when unreadable. */
    public static List<Thread> shutdownHooks() {
        Object hooks = HOOKS == null ? null : staticJdk(HOOKS);
        if (!(hooks instanceof Map)) {
            return List.of();
        }
        synchronized (HOOKS.getDeclaringClass()) {
            List<Thread> out = new ArrayList<>();
            for (Object k : ((Map<?, ?>) hooks).keySet()) {
                if (k instanceof Thread) {
                    out.add((Thread) k);
                }
            }
            return out;
        }
    }

    private static Object staticJdk(Field f) {
        Object v = readStatic(f);
        if (v != null) {
            return v;
        }
        try {
            return f.trySetAccessible() ? f.get(null) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
