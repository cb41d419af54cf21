package dev.pods.maven;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import org.apache.maven.plugin.logging.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's {@code System.out} and {@code System.err} as lines of a mojo's {@link Log}: stdout at
 * info, stderr at warn. The target changes with each lease of the pod (a pod outlives the mojo that
 * first used it); between leases, output a pod's leftover threads print goes to this module's
 * SLF4J logger, which Maven prints too. Bytes are decoded as the JVM's console encodes them.
 * Lines are logged on the {@link LogPump}'s thread (see there why), and a print returns once its
 * line is logged: pod output and the mojo's own log lines stay in the order they happened.
 * Thread-safe: each stream serialises its writers.
 */
final class LogSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.pods.maven.pod");
    private static final Charset CHARSET = consoleCharset();

    /** How long a lease's end waits for its pod's lines to reach the log. */
    private static final long SYNC_MILLIS = 5_000;

    private final String pod;
    private final LogPump pump;
    private volatile Log target;
    final Lines out = new Lines(false);
    final Lines err = new Lines(true);

    LogSink(String pod, LogPump pump) {
        this.pod = pod;
        this.pump = pump;
    }

    /**
     * Sends output to {@code log} from now on (null: the fallback logger). Lines printed before
     * are logged first, to the target they were printed under, before this returns.
     */
    void target(Log log) {
        out.drain();
        err.drain();
        target = log;
        pump.sync(SYNC_MILLIS);
    }

    private void emit(boolean error, String line) {
        Log t = target;
        pump.run(() -> log(t, error, line), SYNC_MILLIS);
    }

    private void log(Log t, boolean error, String line) {
        if (t != null) {
            if (error) {
                t.warn(line);
            } else {
                t.info(line);
            }
        } else if (error) {
            LOG.warn("[{}] {}", pod, line);
        } else {
            LOG.info("[{}] {}", pod, line);
        }
    }

    /** Line-buffered: a line is logged at its newline (or at a drain), never split by flushes. */
    final class Lines extends OutputStream {
        private final boolean error;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        Lines(boolean error) {
            this.error = error;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    endLine();
                    start = i + 1;
                }
            }
            line.write(b, start, end - start);
        }

        /**
         * PrintStream flushes after every println and byte-array write; logging there would split
         * {@code print("a"); print("b")} into two lines, so flush keeps partial lines.
         */
        @Override
        public void flush() {
        }

        synchronized void drain() {
            if (line.size() > 0) {
                endLine();
            }
        }

        private void endLine() {
            String s = line.toString(CHARSET);
            line.reset();
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            emit(error, s);
        }
    }

    /** The charset of the JVM's console streams, which the runtime's output routing encodes with. */
    private static Charset consoleCharset() {
        String enc = System.getProperty("sun.stdout.encoding");
        if (enc != null) {
            try {
                return Charset.forName(enc);
            } catch (RuntimeException unknown) {
                // fall back to the default, as the routing does
            }
        }
        return Charset.defaultCharset();
    }
}
