package dev.pods.junit;

import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.ResolvedArtifact;
import dev.pods.runtime.resolve.Resolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.aether.version.VersionConstraint;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Every version of an artifact that a Maven range holds, as the user's Maven would see them.
 *
 * <p>The runtime's {@link Resolver} resolves a range to its newest version only. To list them
 * all without a second, settings-unaware path to the repositories, the range is resolved through
 * the {@link Resolver} (which honours mirrors, proxies, credentials and offline mode, and refreshes
 * the version metadata by Maven's update policy), and the versions are then read from the metadata
 * that resolution left in the local repository next to the artifact
 * ({@code maven-metadata-<repository>.xml}, {@code maven-metadata-local.xml}), filtered by the
 * range. Should the runtime gain a call that lists a range's versions, this class shrinks to it.
 */
final class RangeLister {
    private RangeLister() {
    }

    /** The versions in {@code range}, ascending; never empty (an empty range is a {@link PodMatrixException}). */
    static List<String> versionsIn(Resolver resolver, PodEnv base, String group, String artifact, String range) {
        VersionConstraint constraint = Versions.constraint(range, "@PodMatrix(artifact = \"" + group + ":" + artifact + "\")");
        String coordinate = group + ":" + artifact + ":" + range.trim();
        Resolution r;
        try {
            // Only the artifact itself: its dependencies are resolved per version later.
            r = resolver.resolve(base.withName("pod-junit versions of " + group + ":" + artifact)
                    .withDependencies(PodDependency.of(coordinate, "*:*")));
        } catch (PodResolutionException e) {
            throw new PodMatrixException("the range " + range.trim() + " of " + group + ":" + artifact
                    + " holds no version that resolves from the repositories in effect (" + e.getMessage()
                    + "); check the range, or the repositories and offline mode in your Maven settings", e);
        }
        ResolvedArtifact newest = r.roots().isEmpty() ? null : r.roots().get(0);
        if (newest == null || newest.file().isEmpty()) {
            throw new PodMatrixException("the range " + range.trim() + " of " + group + ":" + artifact
                    + " resolved to no file; check the range");
        }
        Set<String> all = new LinkedHashSet<>();
        Path dir = newest.file().get().getParent().getParent();
        for (String v : metadataVersions(dir)) {
            if (constraint.containsVersion(Versions.parse(v))) {
                all.add(v);
            }
        }
        all.add(newest.version());
        return Versions.sorted(new ArrayList<>(all));
    }

    /** The versions listed by every {@code maven-metadata*.xml} in an artifact's directory of the local repository. */
    static List<String> metadataVersions(Path artifactDir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(artifactDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(artifactDir, "maven-metadata*.xml")) {
            for (Path md : ds) {
                out.addAll(readVersions(md));
            }
        } catch (IOException e) {
            throw new PodMatrixException("cannot list the version metadata in " + artifactDir + ": " + e, e);
        }
        return out;
    }

    private static List<String> readVersions(Path metadata) {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(metadata)) {
            Document doc = parser().parse(in);
            NodeList versions = doc.getElementsByTagName("version");
            for (int i = 0; i < versions.getLength(); i++) {
                // <versioning><versions><version>: the project's own <version> element sits elsewhere
                if (versions.item(i).getParentNode() != null
                        && "versions".equals(versions.item(i).getParentNode().getNodeName())) {
                    String v = versions.item(i).getTextContent().trim();
                    if (!v.isEmpty()) {
                        out.add(v);
                    }
                }
            }
        } catch (IOException | SAXException e) {
            // A damaged metadata file is Maven's to repair on its next update; the other files and
            // the resolved version still count. Said, not swallowed:
            PodSession.log().warn("skipping unreadable version metadata {}: {}", metadata, e.toString());
        }
        return out;
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses secure processing", e);
        }
    }
}
