package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.testing.PublicTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-junit's public types (the annotations, the errors, and the pod-side entry point),
 * scanning the compiled classes, and its module descriptor, which exports the annotations'
 * package only: the pod-side runner is loaded by name inside each pod, never by users.
 */
class JUnitSurfaceTest {
    @Test
    void moduleExportsTheAnnotationsOnly() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of("dev.pods.junit", new TreeSet<String>()))),
                PublicTypes.describe(PublicTypes.exports(PodMatrix.class)));
    }

    @Test
    void publicTypes() {
        Set<String> pub = new TreeSet<>();
        PublicTypes.of(PodMatrix.class).values().forEach(pub::addAll);
        assertEquals(new TreeSet<>(Set.of("dev.pods.junit.PodMatrix", "dev.pods.junit.PodMatrix$Select",
                "dev.pods.junit.PodMatrices", "dev.pods.junit.PodTest", "dev.pods.junit.PodMatrixException",
                "dev.pods.junit.PodAssertionError", "dev.pods.junit.PodTestException",
                "dev.pods.junit.internal.InPodRunner", "dev.pods.junit.internal.InPodRunner$Warmup")), pub);
    }

    @Test
    void everyPublicTypeSaysHowStableItIs() {
        assertEquals(List.of(), PublicTypes.stabilityProblems(PodMatrix.class, Set.of()));
    }
}
