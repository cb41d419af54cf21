package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.PublicTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-api's public surface, scanning the compiled classes (nested types included), and its
 * module descriptor: a new public type or export is a decision, not an accident. Every public
 * type says how stable it is; those of a package exported to no one but pod-pool
 * ({@code dev.pods.internal}, the wiring to the pool implementation) are internal.
 */
class PublicApiTest {
    /** The module's descriptor: users get {@code dev.pods} and the resolver SPI; pod-pool alone gets the wiring. */
    @Test
    void moduleExportsTheApiAndTheSpi() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of(
                "dev.pods", new TreeSet<String>(),
                "dev.pods.spi", new TreeSet<String>(),
                "dev.pods.internal", new TreeSet<>(Set.of("dev.pods.pool"))))),
                PublicTypes.describe(PublicTypes.exports(Pod.class)));
    }

    @Test
    void publicTypesAreExactlyTheContract() {
        Set<String> found = new TreeSet<>();
        PublicTypes.of(Pod.class).values().forEach(found::addAll);
        assertEquals(new TreeSet<>(Set.of(
                "dev.pods.CallTarget",
                "dev.pods.CapturedOutput",
                "dev.pods.Keyword",
                "dev.pods.Opaque",
                "dev.pods.OutputMode",
                "dev.pods.Pod",
                "dev.pods.PodBridgeException",
                "dev.pods.PodBridgeException$Side",
                "dev.pods.PodCallException",
                "dev.pods.PodClosedException",
                "dev.pods.PodDependency",
                "dev.pods.PodEnv",
                "dev.pods.PodEvalException",
                "dev.pods.PodEvalException$Diagnostic",
                "dev.pods.PodException",
                "dev.pods.Isolation",
                "dev.pods.PodJvm",
                "dev.pods.PodProcessException",
                "dev.pods.PodLeak",
                "dev.pods.PodLease",
                "dev.pods.PodPool",
                "dev.pods.PodPool$Builder",
                "dev.pods.PodPoolStats",
                "dev.pods.PodRepository",
                "dev.pods.PodResolutionException",
                "dev.pods.PodResolutionException$Failure",
                "dev.pods.PodResolutionException$Reason",
                "dev.pods.PodTargetException",
                "dev.pods.PodTimeoutException",
                "dev.pods.Ratio",
                "dev.pods.Symbol",
                "dev.pods.WithMeta",
                "dev.pods.internal.PodPoolFactory",
                "dev.pods.internal.PoolSettings",
                "dev.pods.spi.PodResolver")), found);
    }

    @Test
    void everyPublicTypeSaysHowStableItIs() {
        assertTrue(PublicTypes.classes(Pod.class).size() > 30, "the scan sees the API");
        assertEquals(List.of(), PublicTypes.stabilityProblems(Pod.class, Set.of()));
    }
}
