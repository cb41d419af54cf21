package dev.pods.cli;

import java.io.PrintWriter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import dev.pods.runtime.resolve.TransferListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Download progress: a progress bar on stderr when it is a terminal, nothing otherwise (and
 * nothing with --quiet). Fed by the resolver's transfer events; thread-safe, since the resolver
 * downloads in parallel.
 */
final class Downloads implements AutoCloseable {
    private final boolean show;
    private final ConcurrentHashMap<String, Long> sizes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private ProgressBar bar;

    private Downloads(boolean show) {
        this.show = show;
    }

    static Downloads forCommand(PodsCommand cmd) {
        return new Downloads(!cmd.output.quiet && System.console() != null);
    }

    /** Whether progress is drawn. */
    boolean showing() {
        return show;
    }

    /** Feeds the bar from the resolver's transfer events (checksum files are counted too). */
    void onEvent(TransferListener.Event e) {
        switch (e.kind()) {
            case STARTED:
                started(e.resource(), e.contentLength());
                break;
            case PROGRESSED:
                progressed(e.resource(), e.transferredBytes());
                break;
            default:
                break;
        }
    }

    /** A download started; {@code size} is -1 when unknown. */
    synchronized void started(String resource, long size) {
        if (!show) {
            return;
        }
        long s = Math.max(size, 0);
        if (sizes.putIfAbsent(resource, s) == null) {
            total.addAndGet(s);
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("Downloading").setInitialMax(Math.max(total.get(), 1))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" KiB", 1024).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        } else {
            bar.maxHint(Math.max(total.get(), 1));
        }
        bar.setExtraMessage(" " + shortName(resource));
    }

    /** {@code soFar} bytes of {@code resource} have arrived (a running total, as the resolver reports it). */
    synchronized void progressed(String resource, long soFar) {
        if (bar != null) {
            Long before = seen.put(resource, soFar);
            long delta = soFar - (before == null ? 0 : before);
            if (delta > 0) {
                done.addAndGet(delta);
                bar.stepBy(delta);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String shortName(String resource) {
        int slash = resource.lastIndexOf('/');
        return slash < 0 ? resource : resource.substring(slash + 1);
    }

    /** Writes "n files, x KiB downloaded" (used with --verbose). */
    void summary(PrintWriter w) {
        if (!sizes.isEmpty()) {
            w.println(sizes.size() + " files, " + done.get() / 1024 + " KiB downloaded");
        }
    }
}
