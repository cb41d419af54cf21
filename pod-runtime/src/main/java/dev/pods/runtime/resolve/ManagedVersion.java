package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A version dependency management decided: an artifact that asked for one version (or, requested
 * without a version, for none) and got another from the env's managed versions or a BOM
 * ({@link dev.pods.PodEnv#withManagedVersions}, {@link dev.pods.PodEnv#withBoms}).
 *
 * <pre>{@code
 * resolution.managed().forEach(System.out::println);
 * // com.acme:lib 1.0 -> 2.0 (managed by org.acme:bom:3; via com.acme:app:1.0 -> com.acme:lib:2.0)
 * }</pre>
 *
 * @param artifact the artifact as managed (its version is the managed one)
 * @param requested the version asked for before management; empty for a requested dependency
 *                  given without a version
 * @param bom       the BOM that manages it ({@code group:artifact:version}), or empty when the env's
 *                  own managed versions do
 * @param path      the dependency path to it, root first, the artifact last
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record ManagedVersion(ResolvedArtifact artifact, String requested, String bom, List<ResolvedArtifact> path) {
    public ManagedVersion {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(bom, "bom");
        path = List.copyOf(path);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(artifact.key()).append(' ')
                .append(requested.isEmpty() ? "(no version)" : requested).append(" -> ").append(artifact.version())
                .append(" (managed by ").append(bom.isEmpty() ? "the env's managed versions" : bom);
        if (path.size() > 1) {
            sb.append("; via ");
            for (int i = 0; i < path.size(); i++) {
                sb.append(i == 0 ? "" : " -> ").append(path.get(i).coordinate());
            }
        }
        return sb.append(')').toString();
    }
}
