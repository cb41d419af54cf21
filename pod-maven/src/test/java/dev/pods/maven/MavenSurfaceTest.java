package dev.pods.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pods.testing.PublicTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-maven's public types, scanning the compiled classes. The module has no descriptor on
 * purpose: it runs in Maven's class realms, where descriptors are ignored, and it leaves out the
 * runtime's own resolver stack (the build's is used), which a descriptor requiring the runtime
 * could not resolve without. Its jar carries an Automatic-Module-Name instead.
 */
class MavenSurfaceTest {
    @Test
    void publicTypesAreTheTwoEntryPoints() {
        assertEquals(PublicTypes.describe(new TreeMap<>(Map.of("dev.pods.maven",
                new TreeSet<>(Set.of("dev.pods.maven.MavenPodResolver", "dev.pods.maven.MavenPods"))))),
                PublicTypes.describe(PublicTypes.of(MavenPods.class)));
    }

    @Test
    void noDescriptorAndEveryPublicTypeSaysHowStableItIs() throws Exception {
        Path classes = Path.of(MavenPods.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertFalse(Files.exists(classes.resolve("module-info.class")), "pod-maven has no module-info");
        assertEquals(List.of(), PublicTypes.stabilityProblems(MavenPods.class, Set.of()));
    }
}
