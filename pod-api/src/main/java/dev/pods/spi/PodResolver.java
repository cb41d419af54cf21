package dev.pods.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodEnv;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Turns an env's dependencies into the jars of a classpath. The runtime's default resolves with
 * Maven Resolver as configured by the env (repositories, settings, offline); a build tool plugs in
 * its own, for example one backed by the running Maven build's session, so that a pod resolves
 * exactly as the build does and nothing of Pods' own resolver stack is loaded.
 *
 * <pre>{@code
 * PodRuntime runtime = PodRuntime.builder().resolver(env -> myBuild.resolve(env.dependencies())).build();
 * }</pre>
 *
 * <p>An implementation honours the env's whole dependency description, as Maven would: the
 * dependencies with their exclusions, {@link PodEnv#managedVersions()} and {@link PodEnv#boms()}
 * (dependency management, which also gives a versionless dependency its version), and
 * the repository and offline settings. Caches are keyed by all of them.
 *
 * <p>Implementations are thread-safe and may cache; a failure is a
 * {@link dev.pods.PodResolutionException} that says which coordinate failed and why.
 */
@API(status = EXPERIMENTAL, since = "1.0")
@FunctionalInterface
public interface PodResolver {
    /**
     * The resolved jars of {@code env}'s dependencies and their transitive dependencies, in
     * classpath order (the env's extra {@code withClasspath} entries are not included: the runtime
     * appends them).
     */
    List<Path> classpath(PodEnv env);
}
