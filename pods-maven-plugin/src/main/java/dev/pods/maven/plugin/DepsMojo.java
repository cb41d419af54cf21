package dev.pods.maven.plugin;

import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.maven.MavenPodResolver;
import dev.pods.maven.MavenPods;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.RepositoryUtils;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.artifact.ArtifactTypeRegistry;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.CollectResult;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * Prints the dependency tree of some coordinates (or of the project), the conflicts Maven's
 * resolver settled and, with {@code -Dpods.why=group:artifact}, every path that brings an
 * artifact in: collected with the build's own resolver session and repositories, exactly as
 * {@code pods:java} and pod-maven resolve.
 *
 * <pre>
 * mvn dev.pods:pods-maven-plugin:deps -Dpods.dependencies=org.apache.commons:commons-text:1.12.0 -Dpods.why=org.apache.commons:commons-lang3
 * </pre>
 */
@Mojo(name = "deps", requiresProject = false, threadSafe = true)
public class DepsMojo extends PodsMojo {
    /** Coordinates to collect (default: the project's dependencies, with its dependency management). */
    @Parameter(property = "pods.dependencies")
    private List<String> dependencies;

    /** An artifact ({@code group:artifact}) whose paths from the roots to print. */
    @Parameter(property = "pods.why")
    private String why;

    @Override
    public void execute() throws MojoExecutionException {
        MavenPods pods = pods();
        CollectRequest request = request(pods);
        DefaultRepositorySystemSession verbose = new DefaultRepositorySystemSession(session.getRepositorySession());
        // Keep the losers of version conflicts in the graph, each pointing at its winner.
        verbose.setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, true);
        CollectResult result;
        try {
            result = repositorySystem.collectDependencies(verbose, request);
        } catch (DependencyCollectionException e) {
            throw new MojoExecutionException("cannot collect the dependencies of " + describe(request)
                    + " with the build's repositories and settings: " + e.getMessage(), e);
        }
        DepsReport report = new DepsReport(result.getRoot());
        getLog().info("Dependencies of " + describe(request) + " (as this build collects them):");
        report.tree().forEach(getLog()::info);
        List<String> conflicts = report.conflicts();
        getLog().info(conflicts.isEmpty() ? "No version conflicts." : "Version conflicts:");
        conflicts.forEach(l -> getLog().info("  " + l));
        if (why != null && !why.isBlank()) {
            String ga = why.trim();
            if (ga.split(":", -1).length != 2) {
                throw new MojoExecutionException("pods.why '" + why + "' is not group:artifact");
            }
            List<String> paths = report.why(ga);
            getLog().info(paths.isEmpty() ? ga + " is not in this graph." : "Why " + ga + ":");
            paths.forEach(l -> getLog().info("  " + l));
        }
    }

    private CollectRequest request(MavenPods pods) throws MojoExecutionException {
        MavenPodResolver resolver = pods.resolver();
        if (dependencies != null && !dependencies.isEmpty()) {
            List<String> coords = new ArrayList<>();
            for (String d : dependencies) {
                if (d != null && !d.isBlank()) {
                    coords.add(d.trim());
                }
            }
            PodEnv env = baseEnv(pods).withDependencies(coords.toArray(new String[0]));
            try {
                return resolver.collectRequest(env);
            } catch (PodResolutionException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }
        if (project == null || project.getDependencies().isEmpty()) {
            throw new MojoExecutionException("nothing to collect: give coordinates with -Dpods.dependencies=group:artifact:version"
                    + (project == null ? "" : " (the project " + project.getId() + " has no dependencies)"));
        }
        ArtifactTypeRegistry types = session.getRepositorySession().getArtifactTypeRegistry();
        CollectRequest request = new CollectRequest();
        request.setRootArtifact(RepositoryUtils.toArtifact(project.getArtifact()));
        for (org.apache.maven.model.Dependency d : project.getDependencies()) {
            request.addDependency(RepositoryUtils.toDependency(d, types));
        }
        if (project.getDependencyManagement() != null) {
            for (org.apache.maven.model.Dependency d : project.getDependencyManagement().getDependencies()) {
                request.addManagedDependency(RepositoryUtils.toDependency(d, types));
            }
        }
        request.setRepositories(project.getRemoteProjectRepositories());
        request.setRequestContext("project");
        return request;
    }

    private static String describe(CollectRequest r) {
        if (r.getRootArtifact() != null) {
            return r.getRootArtifact().toString();
        }
        List<String> s = new ArrayList<>();
        for (Dependency d : r.getDependencies()) {
            s.add(d.getArtifact().toString());
        }
        return String.join(", ", s);
    }
}
