package dev.pods.runtime;

import dev.pods.CapturedOutput;
import dev.pods.OutputMode;
import dev.pods.PodEnv;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a process pod's output goes on the host, and the tail of its standard error.
 *
 * <p>The child's standard output and error are pumped, as they are written, to the env's route:
 * inherit (the host's {@code System.out}/{@code System.err} at the time of writing), capture, or
 * the sink. They carry what pod code prints and what the JVM itself prints (an unrecognized
 * option, "Terminating due to java.lang.OutOfMemoryError", a crash report). Each reply of the
 * child says how many bytes its {@code System.out}/{@code System.err} had written by then;
 * {@link #awaitPumped} lets the caller wait until that much has been delivered, so a call's
 * output is in place when its result is returned. (Bytes the JVM or native code write to the
 * file descriptors directly are not counted: their order against results is not kept.)
 *
 * <p>The last {@value #TAIL_LINES} lines of standard error are kept for
 * {@link dev.pods.PodProcessException}. Each pod has its own object and pipes, so output of two
 * pods never mixes. Thread-safe.
 */
final class ChildOutput {
    private static final Logger LOG = LoggerFactory.getLogger(ChildOutput.class);
    static final int TAIL_LINES = 20;
    private static final int TAIL_LINE_CHARS = 500;

    private final String pod;
    private final OutputStream out;
    private final OutputStream err;
    private final CapturedOutput captured;
    private final Charset charset;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object lock = new Object();
    private final Object pumpedLock = new Object();
    private volatile long pumpedOut;
    private volatile long pumpedErr;
    private Thread[] pumps = new Thread[0];

    /**
     * {@code hostCharset} is what the child prints in when its output is inherited (its bytes go
     * to the host's streams unchanged); captured or sunk output is UTF-8, as in-process.
     */
    ChildOutput(String pod, PodEnv env, Charset hostCharset) {
        this.pod = pod;
        this.charset = env.outputMode() == OutputMode.INHERIT ? hostCharset : StandardCharsets.UTF_8;
        if (env.outputMode() == OutputMode.CAPTURE) {
            OutputRouter.Capture c = new OutputRouter.Capture();
            this.captured = c;
            this.out = c.route.out;
            this.err = c.route.err;
        } else if (env.outputMode() == OutputMode.SINK) {
            this.captured = OutputRouter.NONE;
            this.out = env.stdoutSink().orElseThrow();
            this.err = env.stderrSink().orElseThrow();
        } else {
            this.captured = OutputRouter.NONE;
            this.out = null;
            this.err = null;
        }
    }

    Charset charset() {
        return charset;
    }

    CapturedOutput captured() {
        return captured;
    }

    /** Writes bytes the pod printed to its route; standard error also feeds the tail. */
    void write(boolean toErr, byte[] b, int off, int len) {
        if (toErr) {
            remember(b, off, len);
        }
        OutputStream o = toErr ? err : out;
        PrintStream host = o == null ? (toErr ? System.err : System.out) : null;
        try {
            if (host != null) {
                host.write(b, off, len);
                host.flush();
            } else {
                synchronized (o) {
                    o.write(b, off, len);
                    o.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("pod '{}': its output could not be written to its {} sink", pod, toErr ? "stderr" : "stdout", e);
        }
    }

    /** Starts pumping the child's real standard output and error (threads of their own). */
    void pump(Process process) {
        Thread o = pumpThread(process.getInputStream(), false, "stdout");
        Thread e = pumpThread(process.getErrorStream(), true, "stderr");
        pumps = new Thread[] {o, e};
        o.start();
        e.start();
    }

    private Thread pumpThread(InputStream in, boolean toErr, String name) {
        Thread t = new Thread(null, () -> {
            byte[] buf = new byte[8192];
            int held = 0;
            try (in) {
                int n;
                while ((n = in.read(buf, held, buf.length - held)) >= 0) {
                    int end = held + n;
                    // Whole lines in one write, so that lines of pods sharing the host's stream
                    // do not interleave mid-line; a partial line waits only while more is
                    // already in the pipe (a prompt without a newline still shows at once).
                    // A full buffer ends mid-line too: its tail waits for the rest (only a line
                    // longer than the whole buffer goes in pieces).
                    int cut = end;
                    if (in.available() > 0) {
                        while (cut > 0 && buf[cut - 1] != '\n') {
                            cut--;
                        }
                        if (cut == 0 && end == buf.length) {
                            cut = end;
                        }
                    }
                    if (cut > 0) {
                        write(toErr, buf, 0, cut);
                        synchronized (pumpedLock) {
                            if (toErr) {
                                pumpedErr += cut;
                            } else {
                                pumpedOut += cut;
                            }
                            pumpedLock.notifyAll();
                        }
                    }
                    held = end - cut;
                    System.arraycopy(buf, cut, buf, 0, held);
                }
                if (held > 0) {
                    write(toErr, buf, 0, held);
                }
            } catch (IOException e) {
                // the process is gone and its pipe with it
            }
        }, "pod-" + pod + "-" + name, 0, false);
        t.setDaemon(true);
        return t;
    }

    /**
     * Waits until at least {@code out} and {@code err} bytes of standard output and error have
     * been delivered, at most {@code millis} (the pipes are the child's: a child that died
     * mid-write cannot make the host wait longer).
     */
    void awaitPumped(long out, long err, long millis) {
        if (pumpedOut >= out && pumpedErr >= err) {
            return;
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        boolean interrupted = false;
        synchronized (pumpedLock) {
            while (pumpedOut < out || pumpedErr < err) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.debug("pod '{}': output not delivered within {} ms (stdout {}/{}, stderr {}/{})", pod, millis,
                            pumpedOut, out, pumpedErr, err);
                    break;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(pumpedLock, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (at most {@code millis}) until both pipes reached their end, so that the tail is complete. */
    void awaitPumps(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (Thread t : pumps) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void remember(byte[] b, int off, int len) {
        String s = new String(b, off, len, charset);
        synchronized (lock) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line();
                } else if (c != '\r' && partial.length() < TAIL_LINE_CHARS) {
                    partial.append(c);
                }
            }
        }
    }

    private void line() {
        tail.addLast(partial.toString());
        partial.setLength(0);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The last lines of standard error, oldest first, joined by newlines. */
    String tail() {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder();
            for (String l : tail) {
                sb.append(l).append('\n');
            }
            if (partial.length() > 0) {
                sb.append(partial).append('\n');
            }
            return sb.toString().stripTrailing();
        }
    }
}
