package dev.pods.runtime.resolve;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
        StringBuilder sb = new StringBuilder(groupId).append(':').append(artifactId);
        if (!classifier.isEmpty()) {
            sb.append(':').append(extension).append(':').append(classifier);
        } else if (!extension.equals("jar")) {
            sb.append(':').append(extension);
        }
        return sb.append(':').append(version).toString();
    }

    @Override
    public String toString() {
        return coordinate();
    }
}
