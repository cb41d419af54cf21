package dev.pods.runtime.bridge;

import dev.pods.runtime.loader.PodClassLoader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

/** Questions about a class that decide how it may cross. */
final class Types {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private Types() {
    }

    /**
     * Whether {@code type} (or an array's element type) belongs to the JDK: then it is the same
     * class on both sides of every pod, and its shape cannot differ between them.
     */
    static boolean isJdk(Class<?> type) {
        Class<?> t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        return t.isPrimitive() || PodClassLoader.isJdkPackage(t.getPackageName());
    }

    /** Whether the boot or platform loader defined {@code type}: a quick test for the hot path. */
    static boolean isPlatform(Class<?> type) {
        ClassLoader l = type.getClassLoader();
        return l == null || l == PLATFORM;
    }

    /** Whether a class can be named and loaded by the other side (not a lambda, hidden class or proxy). */
    static boolean isNameable(Class<?> type) {
        return !type.isHidden() && !type.isSynthetic() && !Proxy.isProxyClass(type);
    }

    /** The first JDK class among {@code type}'s superclasses (Object at the latest). */
    static Class<?> jdkAncestor(Class<?> type) {
        Class<?> c = type;
        while (!isJdk(c)) {
            c = c.getSuperclass();
        }
        return c;
    }

    /** Whether {@code c} or one of its superclasses below Object declares an instance field. */
    static boolean hasInstanceFields(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "TreeSet" for java.util.TreeSet: for messages. */
    static String simpleName(Class<?> type) {
        String n = type.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
