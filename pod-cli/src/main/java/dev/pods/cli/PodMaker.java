package dev.pods.cli;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.PodRuntime;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.runtime.resolve.TransferListener;
import java.util.function.Function;

/**
 * Resolves and makes pods for one command, resolving each env once. One {@link Resolver}, fed
 * into a progress bar on a terminal ({@link Downloads}), is both what {@code deps} asks and the
 * resolver of the {@link PodRuntime} the command's pods are made by: a pod's dependencies are
 * resolved with progress shown, and the pods made later from the same env (a pool's, a REPL's
 * {@code :reset}, a watch loop's) find that resolution in the resolver's memo instead of resolving
 * again elsewhere.
 *
 * <p>Open for the command's life: closing shuts the resolver down (pods already made keep
 * their classpath). Thread-safe, since pools make pods on other threads.
 */
final class PodMaker implements AutoCloseable {
    /** How a command gets its resolver, given the listener that draws download progress. */
    static final Function<TransferListener, Resolver> DEFAULT_RESOLVERS =
            l -> Resolver.builder().transferListener(l).build();

    private final Downloads downloads;
    private final Resolver resolver;
    private final PodRuntime runtime;

    PodMaker(PodsCommand cmd) {
        this.downloads = Downloads.forCommand(cmd);
        this.resolver = cmd.resolvers.apply(downloads::onEvent);
        this.runtime = PodRuntime.builder().resolver(env -> resolve(env).classpath()).build();
    }

    /** Makes one pod for a command and lets the resolver go once it exists. */
    static Pod create(PodEnv env, PodsCommand cmd) {
        try (PodMaker maker = new PodMaker(cmd)) {
            return maker.create(env);
        }
    }

    /** Resolves for a command that only looks at the resolution ({@code deps}). */
    static Resolution resolve(PodEnv env, PodsCommand cmd) {
        try (PodMaker maker = new PodMaker(cmd)) {
            return maker.resolve(env);
        }
    }

    /** The env's resolution, downloading with progress the first time, from the memo after. */
    Resolution resolve(PodEnv env) {
        try {
            return resolver.resolve(env);
        } finally {
            downloads.close(); // ends this resolution's bar; a later one draws its own
        }
    }

    /** A pod over the env, its dependencies resolved by {@link #resolve} (once per env). */
    Pod create(PodEnv env) {
        return runtime.create(env);
    }

    /** The runtime the pods were made by (their leaks are its). */
    PodRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        try {
            downloads.close();
        } finally {
            resolver.close();
        }
    }
}
