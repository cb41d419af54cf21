package dev.pods.junit;

import static dev.pods.junit.internal.InPodRunner.E_ACTUAL;
import static dev.pods.junit.internal.InPodRunner.E_ASSERTION;
import static dev.pods.junit.internal.InPodRunner.E_CAUSE;
import static dev.pods.junit.internal.InPodRunner.E_CLASS;
import static dev.pods.junit.internal.InPodRunner.E_EXPECTED;
import static dev.pods.junit.internal.InPodRunner.E_MESSAGE;
import static dev.pods.junit.internal.InPodRunner.E_STACK;
import static dev.pods.junit.internal.InPodRunner.E_SUPPRESSED;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.opentest4j.TestSkippedException;

/**
 * Rebuilds, on the host, a throwable that a pod returned as data.
 *
 * <ul>
 *   <li>A JDK class ({@code java.lang.NoSuchMethodError}, {@code java.io.UncheckedIOException}, ...) is
 *       the same class in every pod and on the host: it is rebuilt as itself, with its message.</li>
 *   <li>opentest4j's {@code AssertionFailedError} (with expected and actual values),
 *       {@code TestAbortedException} and {@code TestSkippedException} are rebuilt as the host's copies
 *       of those classes, which mean the same to JUnit, IDEs and Surefire.</li>
 *   <li>Any other assertion error becomes a {@link PodAssertionError}, any other throwable a
 *       {@link PodTestException}; both carry the remote class name.</li>
 * </ul>
 * Every rebuilt throwable gets the remote stack trace, cause chain and suppressed throwables, so
 * that reports and IDEs point at the test's source lines.
 */
final class Remote {
    private Remote() {
    }

    @SuppressWarnings("unchecked")
    static Throwable rebuild(Map<String, Object> e) {
        String cls = (String) e.get(E_CLASS);
        String message = (String) e.get(E_MESSAGE);
        Map<String, Object> causeData = (Map<String, Object>) e.get(E_CAUSE);
        Throwable cause = causeData == null ? null : rebuild(causeData);
        Throwable t = create(cls, message, e, cause);
        t.setStackTrace(frames((List<String>) e.getOrDefault(E_STACK, List.of())));
        if (cause != null && t.getCause() != cause) {
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException alreadySet) {
                t.addSuppressed(cause); // the constructor fixed another cause: keep the remote one visible
            }
        }
        for (Map<String, Object> s : (List<Map<String, Object>>) e.getOrDefault(E_SUPPRESSED, List.of())) {
            t.addSuppressed(rebuild(s));
        }
        return t;
    }

    /** A one-line account: {@code class: message}. */
    static String summary(Map<String, Object> e) {
        Object m = e.get(E_MESSAGE);
        return e.get(E_CLASS) + (m == null ? "" : ": " + m);
    }

    private static Throwable create(String cls, String message, Map<String, Object> e, Throwable cause) {
        switch (cls) {
            case "org.opentest4j.AssertionFailedError":
                if (e.containsKey(E_EXPECTED) || e.containsKey(E_ACTUAL)) {
                    return new AssertionFailedError(message, e.get(E_EXPECTED), e.get(E_ACTUAL));
                }
                return new AssertionFailedError(message);
            case "org.opentest4j.TestAbortedException":
                return new TestAbortedException(message);
            case "org.opentest4j.TestSkippedException":
                return new TestSkippedException(message);
            case "java.lang.AssertionError":
                return message == null ? new AssertionError() : new AssertionError(message);
            default:
                break;
        }
        Throwable jdk = jdkThrowable(cls, message, cause);
        if (jdk != null) {
            return jdk;
        }
        if (Boolean.TRUE.equals(e.get(E_ASSERTION))) {
            return new PodAssertionError(cls, message, e.containsKey(E_EXPECTED) || e.containsKey(E_ACTUAL),
                    (String) e.get(E_EXPECTED), (String) e.get(E_ACTUAL));
        }
        return new PodTestException(cls, message);
    }

    /**
     * The JDK's own class, made with a public constructor that gives it the same message: (String),
     * (String, cause), (), or (cause). Null when it is not a JDK class or no constructor fits.
     */
    private static Throwable jdkThrowable(String cls, String message, Throwable cause) {
        Class<?> c;
        try {
            c = Class.forName(cls, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (!Throwable.class.isAssignableFrom(c) || !Modifier.isPublic(c.getModifiers())
                || Modifier.isAbstract(c.getModifiers()) || !c.getModule().isExported(c.getPackageName())) {
            return null;
        }
        for (Constructor<?> k : c.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            Object[] args;
            if (p.length == 1 && p[0] == String.class && message != null) {
                args = new Object[] {message};
            } else if (p.length == 2 && p[0] == String.class && cause != null && p[1].isInstance(cause)) {
                args = new Object[] {message, cause};
            } else if (p.length == 0 && message == null) {
                args = new Object[0];
            } else if (p.length == 1 && cause != null && p[0] != String.class && p[0].isInstance(cause)) {
                args = new Object[] {cause};
            } else {
                continue;
            }
            try {
                Throwable t = (Throwable) k.newInstance(args);
                if (java.util.Objects.equals(t.getMessage(), message)) {
                    return t;
                }
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                     | RuntimeException e) {
                // try the next constructor
            }
        }
        return null;
    }

    private static StackTraceElement[] frames(List<String> lines) {
        List<StackTraceElement> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] p = line.split("\t", -1);
            if (p.length == 4) {
                int lineNo;
                try {
                    lineNo = Integer.parseInt(p[3]);
                } catch (NumberFormatException e) {
                    lineNo = -1;
                }
                out.add(new StackTraceElement(p[0], p[1], p[2].isEmpty() ? null : p[2], lineNo));
            }
        }
        return out.toArray(new StackTraceElement[0]);
    }
}
