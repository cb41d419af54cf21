package dev.pods.maven.example;

import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.maven.MavenPods;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * The README's example mojo: runs a tool at the version the user chose, in a pod of this build.
 * The integration tests package it as a plugin ({@code dev.pods.it:example-maven-plugin}) and run
 * it at two versions of the tool in one build.
 */
// README:tool-mojo
@Mojo(name = "tool", threadSafe = true)
public class ToolMojo extends AbstractMojo {
    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;
    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;
    @Component
    private RepositorySystem repositorySystem;
    @Parameter(property = "tool.version", required = true)
    private String version;
    @Parameter
    private List<String> args = List.of();

    @Override
    public void execute() throws MojoExecutionException {
        MavenPods pods = MavenPods.of(session, repositorySystem);      // this build's pods
        PodEnv env = pods.env(project).withDependencies("dev.pods.it:tool:" + version);
        try (PodLease lease = pods.shared(env, getLog())) {           // warm after first use
            String out = lease.pod().call("dev.pods.it.Tool/run", (Object) args.toArray(new String[0]));
            getLog().info(out);
        } catch (PodException e) {
            throw new MojoExecutionException(e.getMessage(), e);      // one clear Maven error
        }
    }
}
// README:end
