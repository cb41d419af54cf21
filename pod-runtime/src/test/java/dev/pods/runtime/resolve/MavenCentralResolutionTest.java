package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: a real artifact with a transitive dependency from Maven's default repository
 * ({@code central} of the super POM) into an empty temporary local repository. Needs the network.
 */
@Tag("integration")
@Tag("central")
class MavenCentralResolutionTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void resolvesCommonsTextWithItsTransitiveDependencyFromCentral() {
        Path local = tmp.resolve("local");
        PodEnv env = PodEnv.empty().withLocalRepository(local).withDependencies("org.apache.commons:commons-text:1.12.0");
        List<TransferListener.Event> events = new CopyOnWriteArrayList<>();
        Resolution first;
        try (Resolver r = Resolver.builder().transferListener(events::add).build()) {
            first = r.resolve(env);
        }
        List<String> names = first.classpath().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals("commons-text-1.12.0.jar", names.get(0), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("commons-lang3-")), names.toString());
        assertTrue(first.classpath().stream().allMatch(p -> p.startsWith(local) && Files.isRegularFile(p)));
        assertEquals(List.of("org.apache.commons:commons-text", "org.apache.commons:commons-lang3"),
                first.why("org.apache.commons:commons-lang3").stream().map(ResolvedArtifact::key).toList());
        assertTrue(events.stream().anyMatch(e -> e.kind() == TransferListener.Kind.SUCCEEDED
                && e.repository().startsWith("central (")), "downloads were reported");

        try (Resolver r = Resolver.create()) {
            Resolution second = r.resolve(env);
            assertEquals(Resolution.Origin.DISK_CACHE, second.origin());
            assertEquals(first.classpath(), second.classpath());
            assertFalse(r.engineStarted());
        }
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            assertEquals(first.classpath(), r.resolve(env.withOffline(true)).classpath(), "offline from the local copy");
        }
    }
}
