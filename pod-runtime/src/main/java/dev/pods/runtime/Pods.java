package dev.pods.runtime;

import dev.pods.Pod;
import dev.pods.PodEnv;
import java.util.List;

/**
 * Makes pods. (Placeholder signature; the pods-core work replaces the body.)
 */
public final class Pods {
    private Pods() {
    }

    /** Resolves the env's dependencies and starts a pod over them. */
    public static Pod create(PodEnv env) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Pods closed more than a moment ago whose loader is still reachable, with what holds them. */
    public static List<String> leaks() {
        throw new UnsupportedOperationException("not built yet");
    }
}
