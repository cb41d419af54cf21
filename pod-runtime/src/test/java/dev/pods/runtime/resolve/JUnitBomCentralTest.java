package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: the real JUnit BOM from Maven's default repository into an empty temporary local
 * repository, as a test suite's POM imports it. Needs the network.
 */
@Tag("integration")
@Tag("central")
class JUnitBomCentralTest {
    @TempDir
    Path tmp;

    private static List<String> names(Resolution r) {
        return r.classpath().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    @Timeout(180)
    void theJUnitBomManagesTransitiveVersionsAndGivesVersionlessDependenciesTheirs() {
        PodEnv env = PodEnv.empty().withLocalRepository(tmp.resolve("local")).withBoms("org.junit:junit-bom:5.14.1");
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            // Versionless: the BOM's version.
            Resolution api = r.resolve(env.withDependencies("org.junit.jupiter:junit-jupiter-api"));
            assertEquals("junit-jupiter-api-5.14.1.jar", names(api).get(0), names(api).toString());
            assertTrue(names(api).contains("junit-platform-commons-1.14.1.jar"), names(api).toString());
            assertEquals("org.junit.jupiter:junit-jupiter-api (no version) -> 5.14.1 (managed by org.junit:junit-bom:5.14.1)",
                    api.managed().get(0).toString());

            // An explicit older version wins for the dependency itself; its own dependencies on the
            // JUnit platform are managed up to the BOM's, as Maven does for a POM importing the BOM.
            Resolution old = r.resolve(env.withDependencies("org.junit.jupiter:junit-jupiter-api:5.10.0"));
            assertEquals("junit-jupiter-api-5.10.0.jar", names(old).get(0), names(old).toString());
            assertTrue(names(old).contains("junit-platform-commons-1.14.1.jar"), names(old).toString());
            assertTrue(old.managed().stream().anyMatch(m -> m.artifact().key().equals("org.junit.platform:junit-platform-commons")
                    && m.requested().equals("1.10.0") && m.bom().equals("org.junit:junit-bom:5.14.1")),
                    old.managed().toString());
        }
    }
}
