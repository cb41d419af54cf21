package dev.pods.runtime;

import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.runtime.bridge.RemoteExceptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A failure as a wire record: the child writes the {@link PodException} that {@link PodSide}
 * raised (a host type of the family, carrying the pod's exception as data) and the host reads it
 * back into the same type with the same message, remote class names, stack traces, causes,
 * suppressed exceptions and compile diagnostics. Nothing but strings and numbers crosses.
 *
 * <pre>
 * record  = kind:int8 ...
 *   CALL    what remoteClass remoteMessage stack cause:record suppressedCount record*
 *   EVAL    language message diagnosticCount (line:int64 column:int64 text)* cause:record
 *   BRIDGE  typeName side:int8 message cause:record
 *   CLOSED  message
 *   PLAIN   message cause:record
 *   NONE    (no cause)
 * </pre>
 */
final class WireFailure {
    private static final byte NONE = 0;
    private static final byte CALL = 1;
    private static final byte EVAL = 2;
    private static final byte BRIDGE = 3;
    private static final byte CLOSED = 4;
    private static final byte PLAIN = 5;
    private static final int MAX_DEPTH = 40;

    private WireFailure() {
    }

    /** Writes what the pod side raised; anything outside the family is first made a PodCallException. */
    static void write(Wire.Out o, Throwable t, String what) {
        write(o, t instanceof PodException ? t : RemoteExceptions.toCallException(what, t), 0);
    }

    private static void write(Wire.Out o, Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            o.writeByte(NONE);
        } else if (t instanceof PodCallException) {
            PodCallException e = (PodCallException) t;
            o.writeByte(CALL).writeString(what(e)).writeString(e.remoteClassName()).writeString(e.remoteMessage());
            writeStack(o, e.remoteStackTrace());
            write(o, e.getCause(), depth + 1);
            Throwable[] suppressed = e.getSuppressed();
            o.writeInt(suppressed.length);
            for (Throwable s : suppressed) {
                write(o, s instanceof PodCallException ? s : RemoteExceptions.toCallException("a suppressed exception",
                        s), depth + 1);
            }
        } else if (t instanceof PodEvalException) {
            PodEvalException e = (PodEvalException) t;
            o.writeByte(EVAL).writeString(e.language()).writeString(e.getMessage());
            o.writeInt(e.diagnostics().size());
            for (PodEvalException.Diagnostic d : e.diagnostics()) {
                o.writeLong(d.line()).writeLong(d.column()).writeString(d.message());
            }
            writeCause(o, e.getCause(), depth);
        } else if (t instanceof PodBridgeException) {
            PodBridgeException e = (PodBridgeException) t;
            o.writeByte(BRIDGE).writeString(e.typeName()).writeByte(e.side().ordinal()).writeString(e.getMessage());
            writeCause(o, e.getCause(), depth);
        } else if (t instanceof PodClosedException) {
            o.writeByte(CLOSED).writeString(t.getMessage());
        } else if (t instanceof PodException) {
            o.writeByte(PLAIN).writeString(t.getMessage());
            writeCause(o, t.getCause(), depth);
        } else {
            write(o, RemoteExceptions.toCallException("the cause", t), depth);
        }
    }

    /** A cause of the child's own making (a Kryo error, a linkage error) crosses as call data too. */
    private static void writeCause(Wire.Out o, Throwable cause, int depth) {
        write(o, cause == null || cause instanceof PodException ? cause
                : RemoteExceptions.toCallException("the cause", cause), depth + 1);
    }

    /** The "what" a PodCallException was made with: its message without the fixed suffix. */
    private static String what(PodCallException e) {
        String m = e.getMessage();
        String suffix = " threw " + e.remoteClassName() + (e.remoteMessage() == null ? "" : ": " + e.remoteMessage());
        return m != null && m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : "the pod";
    }

    private static void writeStack(Wire.Out o, List<StackTraceElement> stack) {
        o.writeInt(stack.size());
        for (StackTraceElement s : stack) {
            o.writeString(s.getClassLoaderName()).writeString(s.getModuleName()).writeString(s.getModuleVersion())
                    .writeString(s.getClassName()).writeString(s.getMethodName()).writeString(s.getFileName())
                    .writeInt(s.getLineNumber());
        }
    }

    /**
     * Reads a record back into the host type it was written from.
     *
     * @param podName names the pod in a {@link PodClosedException}
     * @param what    the host's description of the request, for a closed pod's message
     */
    static PodException read(Wire.In in, String podName, String what) {
        PodException e = (PodException) read(in, 0, podName, what);
        return e != null ? e : new PodException(what + " failed in pod '" + podName + "' without a reason");
    }

    private static Throwable read(Wire.In in, int depth, String podName, String what) {
        int kind = in.readByte();
        switch (kind) {
            case NONE:
                return null;
            case CALL: {
                String w = in.readString();
                String cls = in.readString();
                String msg = in.readString();
                List<StackTraceElement> stack = readStack(in);
                PodCallException cause = (PodCallException) read(in, depth + 1, podName, what);
                PodCallException e = new PodCallException(w, cls, msg, stack, cause);
                if (depth > 0) {
                    // as RemoteExceptions does: a nested remote exception shows the pod's frames
                    e.setStackTrace(stack.toArray(new StackTraceElement[0]));
                }
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    e.addSuppressed(read(in, depth + 1, podName, what));
                }
                return e;
            }
            case EVAL: {
                String language = in.readString();
                String message = in.readString();
                int n = in.readInt();
                List<PodEvalException.Diagnostic> diagnostics = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    diagnostics.add(new PodEvalException.Diagnostic(in.readLong(), in.readLong(), in.readString()));
                }
                Throwable cause = read(in, depth + 1, podName, what);
                return diagnostics.isEmpty() ? new PodEvalException(language, message, cause)
                        : new PodEvalException(language, diagnostics);
            }
            case BRIDGE: {
                String type = in.readString();
                PodBridgeException.Side side = PodBridgeException.Side.values()[in.readByte()];
                String message = in.readString();
                Throwable cause = read(in, depth + 1, podName, what);
                String prefix = "a value of type " + type + " cannot cross the pod boundary ("
                        + side.name().toLowerCase(Locale.ROOT) + " side): ";
                String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
                return new PodBridgeException(type, side, reason, cause);
            }
            case CLOSED:
                in.readString();
                return new PodClosedException(podName, what);
            case PLAIN: {
                String message = in.readString();
                return new PodException(message, read(in, depth + 1, podName, what));
            }
            default:
                throw new IllegalStateException("malformed failure record: kind " + kind);
        }
    }

    private static List<StackTraceElement> readStack(Wire.In in) {
        int n = in.readInt();
        List<StackTraceElement> stack = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
            stack.add(new StackTraceElement(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readInt()));
        }
        return stack;
    }
}
