package dev.pods.runtime.resolve;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;

/**
 * Plain Maven's classpath for the same request, as the reference our verbose tree must agree
 * with: Maven Resolver wired by the same supplier, in its default (non-verbose) mode, with
 * nothing of ours involved. Maven 3 builds a project's classpath exactly this way.
 */
final class MavenOracle {
    private MavenOracle() {
    }

    /** The classpath's file names, in order, for {@code coordinates} resolved from {@code repo}. */
    static List<String> classpath(URI repo, Path localRepo, String... coordinates) throws DependencyResolutionException {
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepo)
                // Maven 3 orders a project's classpath depth-first (Resolver 2's default is level order).
                .setConfigProperty(ConfigurationProperties.REPOSITORY_SYSTEM_DEPENDENCY_VISITOR,
                        ConfigurationProperties.REPOSITORY_SYSTEM_DEPENDENCY_VISITOR_PREORDER)
                .build()) {
            CollectRequest collect = new CollectRequest();
            collect.setRepositories(List.of(new RemoteRepository.Builder("fake", "default", repo.toString()).build()));
            collect.setRequestContext("runtime");
            for (String c : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(c), "compile"));
            }
            List<String> out = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                out.add(r.getArtifact().getPath().getFileName().toString());
            }
            return out;
        } finally {
            system.shutdown();
        }
    }
}
