package dev.pods.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;

/**
 * Routes {@code System.out}/{@code System.err} per thread. {@code System.out} is one JVM-wide
 * field, so the router installs, once and only when a pod asks for capture or a sink, a
 * {@code PrintStream} whose every write goes to the route of the writing thread: the pod whose
 * code the thread is running (an {@link InheritableThreadLocal}, so threads started by pod code
 * inherit their pod's route), or else the streams that were there before.
 *
 * <p>Limits: code that cached {@code System.out} before installation, or that replaces it
 * afterwards, bypasses routing; a thread created while pod code ran keeps that pod's route
 * even if it is pooled and later runs other work.
 */
final class OutputRouter {
    /** Where one pod's output goes; null streams mean "as the host". */
    static final class Route {
        final OutputStream out;
        final OutputStream err;

        Route(OutputStream out, OutputStream err) {
            this.out = out;
            this.err = err;
        }
    }

    private final InheritableThreadLocal<Route> current = new InheritableThreadLocal<>();
    private volatile boolean installed;
    private PrintStream hostOut;
    private PrintStream hostErr;
    private Charset charset = Charset.defaultCharset();

    /** Installs the routing streams once (idempotent). */
    synchronized void install() {
        if (installed) {
            return;
        }
        hostOut = System.out;
        hostErr = System.err;
        String enc = System.getProperty("sun.stdout.encoding");
        try {
            if (enc != null) {
                charset = Charset.forName(enc);
            }
        } catch (RuntimeException ignored) {
            // keep the default charset
        }
        try {
            System.setOut(new PrintStream(new Routing(false), true, charset.name()));
            System.setErr(new PrintStream(new Routing(true), true, charset.name()));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        installed = true;
    }

    boolean installed() {
        return installed;
    }

    Charset charset() {
        return charset;
    }

    /** Makes {@code route} the current thread's route; returns the previous one for {@link #exit}. */
    Route enter(Route route) {
        if (!installed) {
            return null;
        }
        Route prev = current.get();
        if (prev != route) {
            current.set(route);
        }
        return prev;
    }

    /**
     * Restores the route {@link #enter} replaced; {@code entered} is the route given to enter
     * (nothing to restore when it was already the current one).
     */
    void exit(Route prev, Route entered) {
        if (prev == entered || !installed) {
            return;
        }
        if (prev == null) {
            current.remove();
        } else {
            current.set(prev);
        }
    }

    /** Sets the route of a thread about to run pod work (pod thread factory). */
    void set(Route route) {
        if (installed && route != null) {
            current.set(route);
        }
    }

    private final class Routing extends OutputStream {
        private final boolean err;

        Routing(boolean err) {
            this.err = err;
        }

        private OutputStream target() {
            Route r = current.get();
            OutputStream o = r == null ? null : err ? r.err : r.out;
            return o != null ? o : err ? hostErr : hostOut;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }

    /** The in-memory streams of a pod in capture mode. */
    static final class Capture implements dev.pods.CapturedOutput {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Charset charset;
        final Route route;

        Capture(Charset charset) {
            this.charset = charset;
            this.route = new Route(new Locked(out), new Locked(err));
        }

        @Override
        public String stdout() {
            synchronized (out) {
                return new String(out.toByteArray(), charset);
            }
        }

        @Override
        public String stderr() {
            synchronized (err) {
                return new String(err.toByteArray(), charset);
            }
        }

        @Override
        public void reset() {
            synchronized (out) {
                out.reset();
            }
            synchronized (err) {
                err.reset();
            }
        }
    }

    private static final class Locked extends OutputStream {
        private final ByteArrayOutputStream buf;

        Locked(ByteArrayOutputStream buf) {
            this.buf = buf;
        }

        @Override
        public void write(int b) {
            synchronized (buf) {
                buf.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (buf) {
                buf.write(b, off, len);
            }
        }
    }

    /** Output of a pod that does not capture: always empty. */
    static final dev.pods.CapturedOutput NONE = new dev.pods.CapturedOutput() {
        @Override
        public String stdout() {
            return "";
        }

        @Override
        public String stderr() {
            return "";
        }

        @Override
        public void reset() {
        }
    };
}
