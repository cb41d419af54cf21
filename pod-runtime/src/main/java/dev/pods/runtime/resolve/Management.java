package dev.pods.runtime.resolve;

import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Failure;
import dev.pods.PodResolutionException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * An env's dependency management as Maven Resolver takes it: the env's own managed versions,
 * then each BOM's {@code <dependencyManagement>} in order (read by Maven's artifact descriptor
 * reader, which also follows the imports inside a BOM), the first entry for an artifact winning as
 * in a POM. It gives requested dependencies without a version their managed one, and says for each
 * artifact what manages it, for {@link Resolution#managed()}.
 *
 * <p>Transitive dependencies are managed by Maven Resolver itself ({@code CollectRequest}'s
 * managed dependencies); requested ones with an explicit version are not, as in Maven.
 */
final class Management {
    /** The requested dependencies, each with a version (a managed one where none was given). */
    final List<Coordinate> roots;
    /** For {@code CollectRequest.setManagedDependencies}: one entry per managed artifact. */
    final List<Dependency> managed;
    /** Per management key ({@code group:artifact:extension:classifier}): the BOM, or "" for the env. */
    final Map<String, String> sources;
    /** Management keys of requested dependencies that took their version from management. */
    final Set<String> versionless;

    private Management(List<Coordinate> roots, List<Dependency> managed, Map<String, String> sources,
                       Set<String> versionless) {
        this.roots = roots;
        this.managed = managed;
        this.sources = sources;
        this.versionless = versionless;
    }

    /**
     * Reads the request's BOMs and merges them with its managed versions.
     *
     * @throws PodResolutionException a BOM that cannot be found or read, one that is not a pom,
     *         or a requested dependency without a version that nothing manages
     */
    static Management of(Request req, RepositorySystem system, RepositorySystemSession session,
                         List<RemoteRepository> repos, boolean offline) {
        Map<String, Dependency> byKey = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Coordinate c : req.managed()) {
            String key = c.managementKey();
            if (!byKey.containsKey(key)) {
                byKey.put(key, new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(),
                        c.extension(), c.version()), null));
                sources.put(key, "");
            }
        }
        for (Coordinate bom : req.boms()) {
            for (Dependency d : read(bom, req, system, session, repos, offline)) {
                Artifact a = d.getArtifact();
                String key = Coordinate.managementKey(a.getGroupId(), a.getArtifactId(), a.getExtension(),
                        a.getClassifier());
                if (!byKey.containsKey(key)) {
                    byKey.put(key, d);
                    sources.put(key, gav(bom));
                }
            }
        }
        List<Coordinate> roots = new ArrayList<>(req.coordinates().size());
        Set<String> versionless = new HashSet<>();
        for (Coordinate c : req.coordinates()) {
            if (!c.versionless()) {
                roots.add(c);
                continue;
            }
            Dependency m = byKey.get(c.managementKey());
            if (m == null || m.getArtifact().getVersion().isEmpty()) {
                String why = "no version given and none managed";
                throw new PodResolutionException("dependency '" + c.display() + "' of pod '" + req.podName()
                        + "' has no version, and no managed version or BOM gives it one"
                        + (req.boms().isEmpty() ? "" : " (BOMs read: " + displays(req.boms()) + ")")
                        + "; give it as " + c.display() + ":VERSION, or manage its version with"
                        + " PodEnv.withManagedVersions or a BOM that lists it (PodEnv.withBoms)",
                        List.of(new Failure(c.display(), "", Reason.INVALID, why)), List.of(), null);
            }
            versionless.add(c.managementKey());
            roots.add(c.withVersion(m.getArtifact().getVersion()));
        }
        return new Management(List.copyOf(roots), List.copyOf(byKey.values()), Map.copyOf(sources),
                Set.copyOf(versionless));
    }

    private static String displays(List<Coordinate> cs) {
        StringBuilder sb = new StringBuilder();
        for (Coordinate c : cs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(gav(c));
        }
        return sb.toString();
    }

    /** A BOM as its user wrote it: {@code group:artifact:version} (its extension is always pom). */
    private static String gav(Coordinate bom) {
        return bom.groupId() + ':' + bom.artifactId() + ':' + bom.version();
    }

    /** A BOM's managed dependencies, its own imports followed by Maven's model builder. */
    private static List<Dependency> read(Coordinate bom, Request req, RepositorySystem system,
                                         RepositorySystemSession session, List<RemoteRepository> repos,
                                         boolean offline) {
        Artifact pom = new DefaultArtifact(bom.groupId(), bom.artifactId(), "", "pom", bom.version());
        Path file;
        try {
            // The descriptor reader tolerates a missing POM (Maven does for dependencies), so the
            // BOM's POM is fetched first: a missing BOM fails here, naming every repository tried.
            file = system.resolveArtifact(session, new ArtifactRequest(pom, repos, "import")).getArtifact().getPath();
        } catch (ArtifactResolutionException e) {
            throw failed(bom, req, "could not be resolved", repos, Engine.failures(e, offline), e,
                    "check the BOM's coordinate and the repositories");
        }
        String packaging = packaging(bom, req, file);
        if (!"pom".equals(packaging)) {
            String why = "its packaging is '" + packaging + "', not 'pom'";
            throw new PodResolutionException("BOM " + gav(bom) + " of pod '" + req.podName() + "' is not a BOM: "
                    + why + "; a BOM is a pom-packaged artifact whose <dependencyManagement> lists versions (often"
                    + " named ...-bom or ...-dependencies); give that coordinate to withBoms, or pin single versions"
                    + " with withManagedVersions",
                    List.of(new Failure(gav(bom), "", Reason.INVALID, why)), List.of(), null);
        }
        ArtifactDescriptorResult result;
        try {
            result = system.readArtifactDescriptor(session, new ArtifactDescriptorRequest(pom, repos, "import"));
        } catch (ArtifactDescriptorException e) {
            throw failed(bom, req, "could not be read (a parent or a BOM it imports is missing or invalid)", repos,
                    Engine.failures(e, offline), e, "check the BOM and the repositories it needs");
        }
        return result.getManagedDependencies();
    }

    /** The packaging the BOM's own POM declares (packaging is not inherited, so the raw model says it). */
    private static String packaging(Coordinate bom, Request req, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Model model = new MavenXpp3Reader().read(in, false);
            return model.getPackaging() == null ? "jar" : model.getPackaging();
        } catch (IOException | XmlPullParserException e) {
            String why = "its POM " + file + " cannot be read: " + e.getMessage();
            throw new PodResolutionException("BOM " + gav(bom) + " of pod '" + req.podName() + "' is not a BOM: "
                    + why + "; fix or delete the file (the local repository copy may be corrupt)",
                    List.of(new Failure(gav(bom), "", Reason.INVALID, why)), List.of(), e);
        }
    }

    private static PodResolutionException failed(Coordinate bom, Request req, String what,
                                                 List<RemoteRepository> repos, List<Failure> failures,
                                                 Exception cause, String advice) {
        StringBuilder tried = new StringBuilder();
        for (RemoteRepository r : repos) {
            tried.append(tried.length() == 0 ? "" : ", ").append(Engine.describe(r));
        }
        List<Failure> all = new ArrayList<>(failures);
        if (all.isEmpty()) {
            all.add(new Failure(gav(bom), "", Reason.OTHER, String.valueOf(cause.getMessage())));
        }
        return new PodResolutionException("BOM " + gav(bom) + " of pod '" + req.podName() + "' " + what
                + "; repositories tried: " + (tried.length() == 0 ? "none" : tried) + "; " + advice,
                all, List.of(), cause);
    }

    /** What manages the artifact under this key: a BOM's coordinate, "" for the env, null for nothing. */
    String source(String key) {
        return sources.get(key);
    }
}
