package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Code sent to a pod as a string failed: it did not compile ({@link #diagnostics()} says where
 * and why) or it threw while running ({@link #getCause()} is the remote exception as a
 * {@link PodCallException}).
 */
@API(status = STABLE, since = "1.0")
public final class PodEvalException extends PodException {
    private static final long serialVersionUID = 1L;

    /**
     * One compiler or reader message: 1-based line and column within the evaluated string
     * (0 when unknown), and the text.
     */
    @API(status = STABLE, since = "1.0")
    public record Diagnostic(long line, long column, String message) {
        public Diagnostic {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return line + ":" + column + ": " + message;
        }
    }

    private final String language;
    private final List<Diagnostic> diagnostics;

    /** A compile or read error with its diagnostics. */
    public PodEvalException(String language, List<Diagnostic> diagnostics) {
        super(language + " code did not compile: " + summary(diagnostics));
        this.language = Objects.requireNonNull(language, "language");
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** A failure while running, or any other failure with a message and an optional cause. */
    public PodEvalException(String language, String message, Throwable cause) {
        super(message, cause);
        this.language = Objects.requireNonNull(language, "language");
        this.diagnostics = List.of();
    }

    /** The language the code was evaluated in, e.g. {@code java}. */
    public String language() {
        return language;
    }

    /** Compile diagnostics; empty when the code compiled and failed while running. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String summary(List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            return "(no diagnostics)";
        }
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(System.lineSeparator()).append("  ").append(d);
        }
        return sb.toString();
    }
}
