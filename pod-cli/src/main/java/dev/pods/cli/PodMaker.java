package dev.pods.cli;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.PodRuntime;
import dev.pods.runtime.Pods;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes pods for the commands. Resolution runs once, through a {@link Resolver} that shows
 * download progress on a terminal ({@link Downloads}); the pod is then made over those jars by a
 * runtime whose resolver answers with them, so {@code Pods.create} does not resolve a second time
 * with a resolver of its own.
 */
final class PodMaker {
    private PodMaker() {
    }

    static Pod create(PodEnv env, PodsCommand cmd) {
        if (env.dependencies().isEmpty()) {
            return Pods.create(env);
        }
        return create(env, resolve(env, cmd).classpath());
    }

    /** A pod of {@code env} over {@code resolved}, the jars of its dependencies, resolving nothing. */
    static Pod create(PodEnv env, List<Path> resolved) {
        List<Path> jars = List.copyOf(resolved);
        return PodRuntime.builder().resolver(e -> jars).build().create(env);
    }

    static Resolution resolve(PodEnv env, PodsCommand cmd) {
        try (Downloads downloads = Downloads.forCommand(cmd);
             Resolver resolver = downloads.showing()
                     ? Resolver.builder().transferListener(downloads::onEvent).build()
                     : Resolver.create()) {
            return resolver.resolve(env);
        }
    }
}
