package dev.pods.runtime;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLeak;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Makes pods.
 *
 * <pre>{@code
 * try (Pod pod = Pods.create(PodEnv.empty().withDependencies("com.google.guava:guava:33.3.1-jre"))) {
 *     String s = pod.call("com.google.common.base.Strings/repeat", "ab", 3);
 * }
 * }</pre>
 *
 * <p>These static methods use {@link PodRuntime#defaults()}; make a {@link PodRuntime} of your
 * own to plug in another resolver or other close bounds.
 *
 * <p>What an in-process pod cannot isolate: {@code System.exit} and {@code Runtime.halt} end the
 * whole JVM; heap, CPU and metaspace are shared (a pod can exhaust them for everyone); JVM-wide
 * state stays JVM-wide ({@code System} properties, the default locale and time zone, security
 * providers, {@code URL} stream handler factories, JDK caches, JMX); a thread that ignores
 * interrupts can only be stopped with {@code Thread.stop}, which JDK 17 still has and the
 * runtime uses as a last resort (objects that thread was changing may be left inconsistent).
 * A pod in a JVM of its own ({@code PodEnv.withIsolation(Isolation.PROCESS)}) isolates all of
 * these; code you do not trust needs the operating system's isolation as well.
 */
@API(status = STABLE, since = "1.0")
public final class Pods {
    private Pods() {
    }

    /**
     * Resolves the env's dependencies (none: no resolution at all) and starts a pod over them
     * and the env's extra classpath entries. Cheap when the resolution is cached: no Kryo, no
     * evaluator and no jar is opened until first needed.
     *
     * @throws dev.pods.PodResolutionException when a dependency cannot be resolved
     */
    public static Pod create(PodEnv env) {
        return PodRuntime.defaults().create(env);
    }

    /**
     * Pods closed more than a moment ago (half a second) whose loader is still reachable, oldest
     * first, each with what is known to hold it. Collection depends on the garbage collector:
     * a loader unreachable but not yet collected is listed too, so check again after a GC.
     */
    public static List<PodLeak> leaks() {
        return PodRuntime.defaults().leaks();
    }
}
