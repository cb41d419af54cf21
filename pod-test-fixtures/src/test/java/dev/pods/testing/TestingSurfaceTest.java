package dev.pods.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Pins pod-test-fixtures' module descriptor and public types, with the scanner they are pinned by. */
class TestingSurfaceTest {
    @Test
    void moduleExportsTheFixtures() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of("dev.pods.testing", new TreeSet<String>()))),
                PublicTypes.describe(PublicTypes.exports(Jars.class)));
        assertEquals(Set.of("dev.pods.testing"), PublicTypes.exportedToAll(Jars.class));
    }

    @Test
    void publicTypes() {
        Set<String> pub = new TreeSet<>();
        PublicTypes.of(Jars.class).values().forEach(pub::addAll);
        assertEquals(new TreeSet<>(Set.of("dev.pods.testing.BadCallTargets", "dev.pods.testing.ClojureSystem",
                "dev.pods.testing.FakeRepo", "dev.pods.testing.FakeRepo$ArtifactBuilder", "dev.pods.testing.FakeRepo$Dep",
                "dev.pods.testing.Jars", "dev.pods.testing.PublicTypes")), pub);
    }
}
