package dev.pods.cli;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;

/**
 * Makes pods for the commands. Resolution runs first through a {@link Resolver} that shows
 * download progress on a terminal ({@link Downloads}); the pod is then created over the
 * resolution just cached.
 */
final class PodMaker {
    private PodMaker() {
    }

    static Pod create(PodEnv env, PodsCommand cmd) {
        if (!env.dependencies().isEmpty()) {
            resolve(env, cmd);
        }
        return Pods.create(env);
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
