package dev.pods.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What a command or a process writes, as text a test waits on with a bound: {@link #await}
 * returns once the expected text has appeared, or fails saying what the screen showed.
 */
final class Screen extends OutputStream {
    private final StringBuilder text = new StringBuilder();

    /** A screen fed from {@code in} (a process's output) by a daemon thread, until it ends. */
    static Screen of(InputStream in) {
        Screen screen = new Screen();
        Thread t = new Thread(() -> {
            try {
                in.transferTo(screen);
            } catch (IOException e) {
                // the process ended
            }
        }, "test-screen");
        t.setDaemon(true);
        t.start();
        return screen;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        text.append(new String(b, off, len, StandardCharsets.UTF_8));
        notifyAll();
    }

    /** Waits until {@code expected} appears after position {@code from}; returns the position after it. */
    synchronized int await(String expected, int from, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int at;
        while ((at = text.indexOf(expected, from)) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no '" + expected + "' within " + seconds + " s; the screen:\n" + text);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return at + expected.length();
    }

    @Override
    public synchronized String toString() {
        return text.toString();
    }
}
