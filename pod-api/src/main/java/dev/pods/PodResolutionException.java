package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Dependencies could not be resolved, or a coordinate was malformed. Names every coordinate
 * that failed, every repository tried and why, and keeps what did resolve
 * ({@link #partialClasspath()}), as Maven Resolver's {@code ArtifactResolutionException} does.
 */
@API(status = STABLE, since = "1.0")
public final class PodResolutionException extends PodException {
    private static final long serialVersionUID = 1L;

    /** Why an artifact could not be had from one repository. */
    @API(status = STABLE, since = "1.0")
    public enum Reason {
        /** The coordinate is not of the form {@code group:artifact[:extension[:classifier]]:version}. */
        MALFORMED,
        /** The repository answered that it does not have the artifact. */
        NOT_FOUND,
        /** Offline, and the local repository has no copy. */
        OFFLINE_NOT_CACHED,
        /** The file's checksum did not match the repository's. */
        CHECKSUM,
        /** The repository could not be reached. */
        UNREACHABLE,
        /** The repository refused the credentials (or there were none). */
        UNAUTHORIZED,
        /** A version range matched no version, or the dependency graph was not valid. */
        INVALID,
        /** Anything else; the detail says what. */
        OTHER
    }

    /**
     * One failure: the coordinate asked for, the repository tried ({@code id (url)}, or empty
     * when no repository was involved), the reason and the underlying detail.
     */
    @API(status = STABLE, since = "1.0")
    public record Failure(String coordinate, String repository, Reason reason, String detail) {
        public Failure {
            Objects.requireNonNull(coordinate, "coordinate");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return coordinate + (repository.isEmpty() ? "" : " from " + repository)
                    + ": " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private final List<Failure> failures;
    private final List<Path> partialClasspath;

    public PodResolutionException(String message, List<Failure> failures, List<Path> partialClasspath,
                                  Throwable cause) {
        super(message + describe(failures), cause);
        this.failures = List.copyOf(failures);
        this.partialClasspath = List.copyOf(partialClasspath);
    }

    /** A malformed coordinate: quotes the input and the expected form. */
    public static PodResolutionException malformed(String input, String why) {
        return new PodResolutionException(
                "malformed coordinate '" + input + "': " + why
                        + "; expected group:artifact[:extension[:classifier]]:version",
                List.of(new Failure(input, "", Reason.MALFORMED, why)), List.of(), null);
    }

    /** Every failure, one per coordinate and repository tried. */
    public List<Failure> failures() {
        return failures;
    }

    /** The files that did resolve, in classpath order. */
    public List<Path> partialClasspath() {
        return partialClasspath;
    }

    private static String describe(List<Failure> failures) {
        if (failures.size() <= 1 && failures.stream().allMatch(f -> f.reason() == Reason.MALFORMED)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Failure f : failures) {
            sb.append(System.lineSeparator()).append("  ").append(f);
        }
        return sb.toString();
    }
}
