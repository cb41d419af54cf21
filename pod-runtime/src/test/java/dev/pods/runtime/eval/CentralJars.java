package dev.pods.runtime.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;

/**
 * Integration-test helper: resolves real artifacts (with their runtime dependencies) from the
 * default remote repository of Maven's super POM into a throwaway local repository under
 * {@code target/}, with Maven Resolver. Stands in for the runtime's resolution until pods are
 * created through {@code Pods.create}.
 */
final class CentralJars {
    private static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");
    private static final Map<List<String>, List<Path>> CACHE = new ConcurrentHashMap<>();

    private CentralJars() {
    }

    static List<Path> resolve(String... coordinates) {
        return CACHE.computeIfAbsent(List.of(coordinates), CentralJars::doResolve);
    }

    private static List<Path> doResolve(List<String> coordinates) {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(LOCAL)
                .setSystemProperties(System.getProperties())
                .build()) {
            CollectRequest collect = new CollectRequest();
            for (String c : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(c), "runtime"));
            }
            collect.addRepository(new RemoteRepository.Builder("central", "default", centralUrl()).build());
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, null)).getArtifactResults()) {
                jars.add(r.getArtifact().getPath());
            }
            return List.copyOf(jars);
        } catch (Exception e) {
            throw new IllegalStateException("could not resolve " + coordinates + " for an integration test", e);
        } finally {
            system.shutdown();
        }
    }

    /** The URL of {@code central} in Maven's super POM (maven-model-builder's resource). */
    private static String centralUrl() {
        try (InputStream in = RepositorySystem.class.getClassLoader()
                .getResourceAsStream("org/apache/maven/model/pom-4.0.0.xml")) {
            if (in == null) {
                throw new IllegalStateException("Maven's super POM is not on the test classpath");
            }
            String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<id>central</id>.*?<url>([^<]+)</url>", Pattern.DOTALL).matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("no central repository in Maven's super POM");
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
