package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What a pod whose env says {@link OutputMode#CAPTURE} has printed. Thread-safe; the text is
 * decoded as UTF-8. For other output modes every method returns empty text.
 */
@API(status = STABLE, since = "1.0")
public interface CapturedOutput {
    /** Everything printed to {@code System.out} since the pod started or the last {@link #reset()}. */
    String stdout();

    /** Everything printed to {@code System.err} since the pod started or the last {@link #reset()}. */
    String stderr();

    /** Discards what was captured so far. */
    void reset();
}
