package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One artifact of a {@link Resolution}: its coordinate, the scope and optionality Maven's
 * mediation gave it, and its file in the local repository. An artifact that lost a version
 * conflict is a vertex of {@link Resolution#graph()} too, without a file.
 *
 * @param groupId    the group
 * @param artifactId the artifact
 * @param extension  the file extension, {@code jar} by default
 * @param classifier the classifier, empty when there is none
 * @param version    the resolved version (never a range)
 * @param scope      the mediated scope ({@code compile} or {@code runtime} on the classpath)
 * @param optional   whether it was declared optional
 * @param file       the file on the classpath; empty for losing versions
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record ResolvedArtifact(String groupId, String artifactId, String extension, String classifier,
                               String version, String scope, boolean optional, Optional<Path> file) {
    public ResolvedArtifact {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(file, "file");
    }

    /** {@code group:artifact}, the key Maven mediates versions by (with extension and classifier). */
    public String key() {
        return groupId + ':' + artifactId;
    }

    /** The coordinate in the input form: {@code group:artifact[:extension[:classifier]]:version}. */
    public String coordinate() {
        return Coordinate.display(groupId, artifactId, extension, classifier, version);
    }

    // Written out rather than generated: a record's generated equals/hashCode bootstraps
    // java.lang.runtime.ObjectMethods on first use, milliseconds on the disk-cache fast path.
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ResolvedArtifact)) {
            return false;
        }
        ResolvedArtifact a = (ResolvedArtifact) o;
        return optional == a.optional && groupId.equals(a.groupId) && artifactId.equals(a.artifactId)
                && extension.equals(a.extension) && classifier.equals(a.classifier) && version.equals(a.version)
                && scope.equals(a.scope) && file.equals(a.file);
    }

    @Override
    public int hashCode() {
        int h = groupId.hashCode();
        h = 31 * h + artifactId.hashCode();
        h = 31 * h + extension.hashCode();
        h = 31 * h + classifier.hashCode();
        h = 31 * h + version.hashCode();
        h = 31 * h + scope.hashCode();
        h = 31 * h + (optional ? 1 : 0);
        return 31 * h + file.hashCode();
    }

    @Override
    public String toString() {
        return coordinate();
    }
}
