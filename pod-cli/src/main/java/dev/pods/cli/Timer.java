package dev.pods.cli;

import java.util.Locale;

/** Elapsed wall time, for the timings the commands print. Not thread-safe. */
final class Timer {
    private final long start;
    private long last;

    private Timer(long now) {
        start = now;
        last = now;
    }

    static Timer start() {
        return new Timer(System.nanoTime());
    }

    /** Time since the last lap (or start), formatted. */
    String lap() {
        long now = System.nanoTime();
        String s = format(now - last);
        last = now;
        return s;
    }

    /** Nanoseconds since start. */
    long elapsedNanos() {
        return System.nanoTime() - start;
    }

    static String format(long nanos) {
        if (nanos < 10_000L) {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 10_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        if (nanos < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
