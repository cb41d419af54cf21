package dev.pods.maven.plugin;

import dev.pods.PodEnv;
import dev.pods.maven.MavenPods;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * What every goal of the plugin is given by Maven: the session, the project (none when a goal
 * runs outside one) and the build's own repository system, and the build's pods made from them.
 */
abstract class PodsMojo extends AbstractMojo {
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    // @Component (deprecated in plugin-tools 3.15 for JSR-330 injection) works the same on Maven 3.8 and 3.9.
    @SuppressWarnings("deprecation")
    @Component
    RepositorySystem repositorySystem;

    /** The build's pods: one per build, resolving through its session and repositories. */
    MavenPods pods() {
        return MavenPods.of(session, repositorySystem);
    }

    /** The env of the project (its repositories and settings), or an empty one outside a project. */
    PodEnv baseEnv(MavenPods pods) {
        return project == null ? PodEnv.empty() : pods.env(project);
    }
}
