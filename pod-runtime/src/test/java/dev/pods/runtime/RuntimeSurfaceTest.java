package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.testing.PublicTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-runtime's public types, nested ones included, scanning the compiled classes, and its
 * module descriptor: users reach {@code dev.pods.runtime} and {@code dev.pods.runtime.resolve};
 * the other packages are public only so the runtime's own packages can see each other (the
 * module exports them to no one, or only to a module of ours), and each of their public types
 * says so with {@code @API(status = INTERNAL)}.
 */
class RuntimeSurfaceTest {
    /** What users may use: the packages the module exports to everyone; the loader goes to pod-junit alone. */
    @Test
    void moduleExportsTheRuntimeAndResolution() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of(
                "dev.pods.runtime", new TreeSet<String>(),
                "dev.pods.runtime.resolve", new TreeSet<String>(),
                "dev.pods.runtime.loader", new TreeSet<>(Set.of("dev.pods.junit"))))),
                PublicTypes.describe(PublicTypes.exports(Pods.class)));
    }

    @Test
    void publicTypesByPackage() {
        SortedMap<String, SortedSet<String>> expected = new TreeMap<>(Map.of(
                "dev.pods.runtime", set("Pods", "PodRuntime", "PodRuntime$Builder"),
                "dev.pods.runtime.resolve", set("resolve.Conflict", "resolve.ManagedVersion", "resolve.Resolution", "resolve.Resolution$Origin",
                        "resolve.ResolvedArtifact", "resolve.Resolver", "resolve.Resolver$Builder",
                        "resolve.Resolver$ChecksumPolicy", "resolve.TransferListener", "resolve.TransferListener$Event",
                        "resolve.TransferListener$Kind"),
                "dev.pods.runtime.bridge", set("bridge.Bridge", "bridge.RemoteExceptions", "bridge.ValueCodec"),
                "dev.pods.runtime.loader", set("loader.JdkInternals", "loader.JdkInternals$Local", "loader.LeakWatcher",
                        "loader.PodClassLoader", "loader.PodClassLoader$JdkArea", "loader.SharedClasses"),
                "dev.pods.runtime.eval", set("eval.BuiltinEvaluators", "eval.EvalContext", "eval.Evaluator",
                        "eval.EvaluatorProvider", "eval.FunctionCalls")));
        SortedMap<String, SortedSet<String>> found = PublicTypes.of(Pods.class);
        assertEquals(PublicTypes.describe(expected), PublicTypes.describe(found));
    }

    @Test
    void everyPublicTypeSaysHowStableItIs() {
        assertEquals(List.of(), PublicTypes.stabilityProblems(Pods.class, Set.of()));
    }

    private static SortedSet<String> set(String... simpleNames) {
        SortedSet<String> s = new TreeSet<>();
        for (String n : simpleNames) {
            s.add("dev.pods.runtime." + n);
        }
        return s;
    }
}
