package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.testing.PublicTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-pool's public surface, scanning the compiled classes (nested types included): the pool
 * itself is reached through {@code PodPool.builder}, so users see only the reload loop. The
 * factory is public for {@link java.util.ServiceLoader} and the system holder for calls from
 * inside a pod; both say {@code @API(status = INTERNAL)}.
 */
class PublicSurfaceTest {
    private static final Set<String> INTERNAL = Set.of("dev.pods.pool.WarmPoolFactory",
            "dev.pods.pool.internal.SystemHolder");

    /** Users get the Reloader's package; the pool itself they reach through PodPool.builder (a service). */
    @Test
    void moduleExportsOnlyThePoolPackage() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of("dev.pods.pool", new TreeSet<String>()))),
                PublicTypes.describe(PublicTypes.exports(Reloader.class)));
    }

    @Test
    void publicTypesAreExactlyThese() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of(
                "dev.pods.pool", new TreeSet<>(Set.of("dev.pods.pool.WarmPoolFactory", "dev.pods.pool.Reloader",
                        "dev.pods.pool.Reloader$Builder", "dev.pods.pool.Reloader$Kind",
                        "dev.pods.pool.Reloader$Listener", "dev.pods.pool.Reloader$Reset")),
                "dev.pods.pool.internal", new TreeSet<>(Set.of("dev.pods.pool.internal.SystemHolder"))))),
                PublicTypes.describe(PublicTypes.of(Reloader.class)));
    }

    @Test
    void everyPublicTypeSaysHowStableItIs() {
        assertEquals(List.of(), PublicTypes.stabilityProblems(Reloader.class, Set.of("dev.pods.pool.WarmPoolFactory")));
    }
}
