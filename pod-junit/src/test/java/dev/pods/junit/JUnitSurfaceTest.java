package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.pods.testing.PublicTypes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;
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
        Set<String> exported = PublicTypes.exportedToAll(PodMatrix.class);
        for (Class<?> c : PublicTypes.classes(PodMatrix.class)) {
            API api = c.getAnnotation(API.class);
            assertNotNull(api, c + " has no @API");
            assertEquals(!exported.contains(c.getPackageName()), api.status() == API.Status.INTERNAL,
                    c + " is " + api.status());
        }
    }
}
