package dev.pods.pool.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.apiguardian.api.API;

/**
 * Not API. Runs inside a pod: the reload loop copies this class onto each pod's classpath, so
 * every pod loads its own copy and the running system's value stays in that pod (a value such as
 * a server with threads and sockets cannot cross the bridge, and must not pin the pod from the
 * host). Called through {@code Pod.call} with string arguments only. Uses nothing but the JDK.
 */
@API(status = INTERNAL, since = "1.0")
public final class SystemHolder {
    /** The system of this pod; one per pod because each pod loads this class afresh. */
    private static Object system;
    private static boolean running;

    private SystemHolder() {
    }

    /** Calls {@code className.method()}, a public static method taking nothing, and keeps what it returns. */
    public static synchronized String start(String className, String method) throws Exception {
        if (running) {
            throw new IllegalStateException("a system is already running in this pod");
        }
        Class<?> c = Class.forName(className, true, SystemHolder.class.getClassLoader());
        Method m = c.getMethod(method);
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new IllegalArgumentException(className + "." + method + "() is not static; the start method"
                    + " must be public static and take no arguments");
        }
        Object s = invoke(m);
        system = s;
        running = true;
        return s == null ? "null" : s.getClass().getName();
    }

    /**
     * Calls {@code className.method(system)}: the public static method of that name taking one
     * argument that accepts the system value (or, failing that, taking nothing). Returns
     * {@code "stopped"}, or {@code "not running"} when no system was started here.
     */
    public static synchronized String stop(String className, String method) throws Exception {
        if (!running) {
            return "not running";
        }
        Object s = system;
        system = null;
        running = false;
        Class<?> c = Class.forName(className, true, SystemHolder.class.getClassLoader());
        Method noArg = null;
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(method) || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            if (params.length == 1 && (s == null ? !params[0].isPrimitive() : box(params[0]).isInstance(s))) {
                invoke(m, s);
                return "stopped";
            }
            if (params.length == 0) {
                noArg = m;
            }
        }
        if (noArg != null) {
            invoke(noArg);
            return "stopped";
        }
        throw new NoSuchMethodException("no public static " + className + "." + method + "(x) accepting the system value "
                + (s == null ? "null" : "of " + s.getClass().getName()));
    }

    private static Object invoke(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof Exception) {
                throw (Exception) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw e;
        }
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        }
        if (c == long.class) {
            return Long.class;
        }
        if (c == boolean.class) {
            return Boolean.class;
        }
        if (c == double.class) {
            return Double.class;
        }
        if (c == float.class) {
            return Float.class;
        }
        if (c == short.class) {
            return Short.class;
        }
        if (c == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }
}
