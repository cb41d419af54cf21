package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One dependency of a pod: a coordinate {@code group:artifact[:extension[:classifier]]:version}
 * and the transitive dependencies to leave out of it, each {@code group:artifact} (either part
 * may be {@code *}, as in Maven: {@code *:*} keeps the dependency and drops all of its own). The
 * version may be left out ({@code group:artifact}) when the env manages it
 * ({@link PodEnv#withManagedVersions}, {@link PodEnv#withBoms}).
 *
 * <pre>{@code
 * PodDependency.of("org.apache.commons:commons-text:1.12.0", "org.apache.commons:commons-lang3")
 * }</pre>
 *
 * <p>The coordinate's form is checked when the pod resolves, where a malformed one raises
 * {@link PodResolutionException} quoting it.
 */
@API(status = STABLE, since = "1.0")
public record PodDependency(String coordinate, List<String> exclusions) {
    public PodDependency {
        Objects.requireNonNull(coordinate, "coordinate");
        exclusions = List.copyOf(exclusions);
    }

    /** A dependency with optional exclusions ({@code group:artifact}, {@code *} allowed). */
    public static PodDependency of(String coordinate, String... exclusions) {
        return new PodDependency(coordinate, List.of(exclusions));
    }

    @Override
    public String toString() {
        return exclusions.isEmpty() ? coordinate : coordinate + " excluding " + exclusions;
    }
}
