package dev.pods.runtime.resolve;

import dev.pods.PodEnv;

/**
 * Resolves a pod env's dependencies. (Placeholder signature; the resolution work replaces the
 * body and may add to the API, keeping these two methods.)
 */
public final class Resolver implements AutoCloseable {
    private Resolver() {
    }

    /** A resolver with default settings (in-memory memo, on-disk classpath cache). */
    public static Resolver create() {
        return new Resolver();
    }

    /** Resolves the env's dependencies (not its extra classpath entries). */
    public Resolution resolve(PodEnv env) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public void close() {
    }
}
