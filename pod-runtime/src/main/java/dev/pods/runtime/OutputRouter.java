package dev.pods.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Routes {@code System.out}/{@code System.err} per thread. {@code System.out} is one JVM-wide
 * field, so the router installs, once and only when a pod asks for capture or a sink, a
 * {@code PrintStream} whose every call goes to the print stream of the writing thread's route:
 * the pod whose code the thread is running (an {@link InheritableThreadLocal}, so threads started
 * by pod code inherit their pod's route), or else the streams that were there before.
 *
 * <p>Routing is by {@code PrintStream} call, not by byte, so that each destination encodes text
 * itself: the host's streams keep the host's encoding, while a pod's captured or sunk output is
 * UTF-8 whatever the platform charset (a byte router must encode before it knows where the text
 * goes, and a non-UTF-8 host would turn a pod's non-ASCII text into {@code ?}).
 *
 * <p>Limits: code that cached {@code System.out} before installation, or that replaces it
 * afterwards, bypasses routing; a thread created while pod code ran keeps that pod's route
 * even if it is pooled and later runs other work.
 */
final class OutputRouter {
    /** Where one pod's output goes; null streams mean "as the host". */
    static final class Route {
        final PrintStream out;
        final PrintStream err;

        Route(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        /** A route to a caller's sinks: the pod's text reaches them as UTF-8. */
        static Route toSinks(OutputStream out, OutputStream err) {
            return new Route(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }
    }

    private final InheritableThreadLocal<Route> current = new InheritableThreadLocal<>();
    private volatile boolean installed;
    private PrintStream hostOut;
    private PrintStream hostErr;

    /** Installs the routing streams once (idempotent). */
    synchronized void install() {
        if (installed) {
            return;
        }
        hostOut = System.out;
        hostErr = System.err;
        System.setOut(new Routing(false, hostCharset()));
        System.setErr(new Routing(true, hostCharset()));
        installed = true;
    }

    /** What the host's standard output encodes with; only what the routing stream reports as its own. */
    private static Charset hostCharset() {
        String enc = System.getProperty("sun.stdout.encoding");
        try {
            if (enc != null) {
                return Charset.forName(enc);
            }
        } catch (RuntimeException ignored) {
            // keep the default charset
        }
        return Charset.defaultCharset();
    }

    boolean installed() {
        return installed;
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

    private PrintStream target(boolean err) {
        Route r = current.get();
        PrintStream p = r == null ? null : err ? r.err : r.out;
        return p != null ? p : err ? hostErr : hostOut;
    }

    /**
     * The installed {@code System.out} or {@code System.err}: every public method passes to the
     * current thread's stream. The bytes given to the superclass are only a fallback for a
     * method a later JDK adds.
     */
    private final class Routing extends PrintStream {
        private final boolean err;

        Routing(boolean err, Charset charset) {
            super(new RoutedBytes(OutputRouter.this, err), true, charset);
            this.err = err;
        }

        private PrintStream target() {
            return OutputRouter.this.target(err);
        }

        @Override
        public void flush() {
            target().flush();
        }

        /** Flushes only: the streams behind it are shared (the host's, or a pod's for its whole life). */
        @Override
        public void close() {
            target().flush();
        }

        @Override
        public boolean checkError() {
            return target().checkError();
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            target().write(buf, off, len);
        }

        @Override
        public void write(byte[] buf) throws IOException {
            target().write(buf);
        }

        @Override
        public void writeBytes(byte[] buf) {
            target().writeBytes(buf);
        }

        @Override
        public void print(boolean b) {
            target().print(b);
        }

        @Override
        public void print(char c) {
            target().print(c);
        }

        @Override
        public void print(int i) {
            target().print(i);
        }

        @Override
        public void print(long l) {
            target().print(l);
        }

        @Override
        public void print(float f) {
            target().print(f);
        }

        @Override
        public void print(double d) {
            target().print(d);
        }

        @Override
        public void print(char[] s) {
            target().print(s);
        }

        @Override
        public void print(String s) {
            target().print(s);
        }

        @Override
        public void print(Object obj) {
            target().print(obj);
        }

        @Override
        public void println() {
            target().println();
        }

        @Override
        public void println(boolean x) {
            target().println(x);
        }

        @Override
        public void println(char x) {
            target().println(x);
        }

        @Override
        public void println(int x) {
            target().println(x);
        }

        @Override
        public void println(long x) {
            target().println(x);
        }

        @Override
        public void println(float x) {
            target().println(x);
        }

        @Override
        public void println(double x) {
            target().println(x);
        }

        @Override
        public void println(char[] x) {
            target().println(x);
        }

        @Override
        public void println(String x) {
            target().println(x);
        }

        @Override
        public void println(Object x) {
            target().println(x);
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            target().printf(format, args);
            return this;
        }

        @Override
        public PrintStream printf(Locale l, String format, Object... args) {
            target().printf(l, format, args);
            return this;
        }

        @Override
        public PrintStream format(String format, Object... args) {
            target().format(format, args);
            return this;
        }

        @Override
        public PrintStream format(Locale l, String format, Object... args) {
            target().format(l, format, args);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq) {
            target().append(csq);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq, int start, int end) {
            target().append(csq, start, end);
            return this;
        }

        @Override
        public PrintStream append(char c) {
            target().append(c);
            return this;
        }
    }

    /** Bytes to the current thread's stream: what {@link Routing}'s superclass writes to, if ever. */
    private static final class RoutedBytes extends OutputStream {
        private final OutputRouter router;
        private final boolean err;

        RoutedBytes(OutputRouter router, boolean err) {
            this.router = router;
            this.err = err;
        }

        @Override
        public void write(int b) {
            router.target(err).write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            router.target(err).write(b, off, len);
        }

        @Override
        public void flush() {
            router.target(err).flush();
        }
    }

    /** The in-memory streams of a pod in capture mode: text is encoded and decoded as UTF-8. */
    static final class Capture implements dev.pods.CapturedOutput {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Route route;

        Capture() {
            this.route = new Route(new PrintStream(new Locked(out), true, StandardCharsets.UTF_8),
                    new PrintStream(new Locked(err), true, StandardCharsets.UTF_8));
        }

        @Override
        public String stdout() {
            synchronized (out) {
                return new String(out.toByteArray(), StandardCharsets.UTF_8);
            }
        }

        @Override
        public String stderr() {
            synchronized (err) {
                return new String(err.toByteArray(), StandardCharsets.UTF_8);
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
