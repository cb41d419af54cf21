package dev.pods.runtime.bridge;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodCallException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Turns a throwable raised by pod code into {@link PodCallException}s: class name, message,
 * stack trace and cause chain (and suppressed exceptions) copied as data, so that no pod class
 * ever reaches the host through an exception. "X cannot be cast to X" errors, where one class
 * name was loaded by two loaders, get an explanation appended.
 *
 * <p>The pod's throwable is code of the application: its {@code getMessage}, {@code getCause} or
 * {@code getStackTrace} may itself throw (even an {@link Error}). Each is asked once, guarded,
 * and a failure becomes text in the result; nothing but an {@link OutOfMemoryError} or a
 * {@link ThreadDeath} escapes from here.
 */
@API(status = INTERNAL, since = "1.0")
public final class RemoteExceptions {
    private static final int MAX_DEPTH = 32;

    private RemoteExceptions() {
    }

    /**
     * @param what what was asked, e.g. {@code "call com.acme.Lib/run"}
     * @param t    the pod-side throwable
     */
    public static PodCallException toCallException(String what, Throwable t) {
        return convert(what, t, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static PodCallException convert(String what, Throwable t, Set<Throwable> seen, int depth) {
        seen.add(t);
        Throwable cause = safeCause(t);
        PodCallException remoteCause = cause != null && !seen.contains(cause) && depth < MAX_DEPTH
                ? convert("the cause", cause, seen, depth + 1) : null;
        List<StackTraceElement> trace = safeTrace(t);
        PodCallException e = new PodCallException(what, t.getClass().getName(), explain(t), trace, remoteCause);
        if (depth > 0) {
            e.setStackTrace(trace.toArray(new StackTraceElement[0]));
        }
        for (Throwable s : safeSuppressed(t)) {
            if (!seen.contains(s) && depth < MAX_DEPTH) {
                e.addSuppressed(convert("a suppressed exception", s, seen, depth + 1));
            }
        }
        return e;
    }

    private static Throwable safeCause(Throwable t) {
        try {
            return t.getCause();
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            return null;
        }
    }

    private static List<StackTraceElement> safeTrace(Throwable t) {
        try {
            StackTraceElement[] trace = t.getStackTrace();
            if (trace == null) {
                return List.of();
            }
            List<StackTraceElement> frames = new ArrayList<>(trace.length);
            for (StackTraceElement f : trace) {
                if (f != null) {
                    frames.add(f);
                }
            }
            return frames;
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            return List.of();
        }
    }

    private static List<Throwable> safeSuppressed(Throwable t) {
        try {
            return Arrays.asList(t.getSuppressed());
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            return List.of();
        }
    }

    private static String explain(Throwable t) {
        String m;
        try {
            m = t.getMessage();
        } catch (OutOfMemoryError | ThreadDeath e) {
            throw e;
        } catch (Throwable e) {
            m = "(getMessage() threw " + e.getClass().getName() + ")";
        }
        if (m == null) {
            return null;
        }
        return m + sameNameHint(t, m);
    }

    /** An explanation when a message reports one class name on both sides of a cast or linkage. */
    static String sameNameHint(Throwable t, String m) {
        if (t instanceof ClassCastException) {
            // JDK 17: "class a.B cannot be cast to class a.B (a.B is in unnamed module of loader X; ...)"
            String prefix = "class ";
            int cut = m.indexOf(" cannot be cast to class ");
            if (m.startsWith(prefix) && cut > 0) {
                String from = m.substring(prefix.length(), cut);
                String rest = m.substring(cut + " cannot be cast to class ".length());
                int end = rest.indexOf(' ');
                String to = end < 0 ? rest : rest.substring(0, end);
                if (from.equals(to)) {
                    return " [the same class name was loaded by two different class loaders (the host's and a pod's,"
                            + " or two pods'); such classes are different types. Put the package in"
                            + " PodEnv.withSharedPackages so both sides load it from the host, or pass a copy"
                            + " through Pod.call instead of the object]";
                }
            }
        }
        if (t instanceof LinkageError && m.contains("loader constraint violation")) {
            return " [one class name resolved to different classes in two loaders: share its package"
                    + " (PodEnv.withSharedPackages) or keep it on one side only]";
        }
        return "";
    }
}
