package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Reason;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency management over a fabricated repository: managed versions, BOMs (and BOMs importing
 * BOMs), versionless requested dependencies, exclusions, the errors of bad input, and that
 * management keys the caches.
 */
class ManagementTest {
    @TempDir
    Path tmp;
    FakeRepo repo;

    @BeforeEach
    void setUp() {
        repo = FakeRepo.at(tmp.resolve("remote"));
        // app -> lib 1.0 -> old; lib 2.0 -> fresh
        repo.artifact("com.acme:app:1.0").dependency("com.acme:lib:1.0").dependency("com.acme:util:1.0").publish();
        repo.artifact("com.acme:lib:1.0").dependency("com.acme:old:1.0").publish();
        repo.artifact("com.acme:lib:2.0").dependency("com.acme:fresh:1.0").publish();
        repo.artifact("com.acme:lib:3.0").publish();
        repo.artifact("com.acme:old:1.0").publish();
        repo.artifact("com.acme:fresh:1.0").publish();
        repo.artifact("com.acme:util:1.0").publish();
        repo.artifact("com.acme:util:2.0").publish();
        repo.artifact("com.acme:bom:3").packaging("pom").managed("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:other-bom:1").packaging("pom").managed("com.acme:lib:3.0")
                .managed("com.acme:util:2.0").publish();
        repo.artifact("com.acme:inner-bom:1").packaging("pom").managed("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:outer-bom:1").packaging("pom").importing("com.acme:inner-bom:1")
                .managed("com.acme:util:2.0").publish();
    }

    private PodEnv env() {
        return PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri())
                .withLocalRepository(tmp.resolve("local"));
    }

    private static Resolver resolver() {
        return Resolver.builder().diskCache(false).build();
    }

    private static List<String> names(Resolution r) {
        return r.classpath().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    private static List<String> managed(Resolution r) {
        return r.managed().stream().map(ManagedVersion::toString).collect(Collectors.toList());
    }

    @Test
    void withoutManagementMediationDecides() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:app:1.0"));
            assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "old-1.0.jar", "util-1.0.jar"), names(res));
            assertEquals(List.of(), res.managed());
        }
    }

    @Test
    void aManagedVersionAppliesToTransitiveDependencies() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:app:1.0").withManagedVersions("com.acme:lib:2.0"));
            // lib 2.0 brings its own dependencies, not 1.0's
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-1.0.jar"), names(res));
            assertEquals(List.of("com.acme:lib 1.0 -> 2.0 (managed by the env's managed versions;"
                    + " via com.acme:app:1.0 -> com.acme:lib:2.0)"), managed(res));
            ManagedVersion m = res.managed().get(0);
            assertEquals("1.0", m.requested());
            assertEquals("", m.bom());
        }
    }

    @Test
    void anExplicitRequestedVersionWinsOverManagement() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:lib:1.0").withManagedVersions("com.acme:lib:2.0"));
            assertEquals(List.of("lib-1.0.jar", "old-1.0.jar"), names(res));
            assertEquals(List.of(), res.managed());

            // Requested directly and reached transitively: the transitive one is managed, then the
            // nearest (the requested 1.0) wins mediation, as in Maven.
            Resolution both = r.resolve(env().withDependencies("com.acme:lib:1.0", "com.acme:app:1.0")
                    .withManagedVersions("com.acme:lib:2.0"));
            assertEquals(List.of("lib-1.0.jar", "old-1.0.jar", "app-1.0.jar", "util-1.0.jar"), names(both));
            assertEquals(List.of("com.acme:lib: 1.0 won over 2.0 (via com.acme:app:1.0 -> com.acme:lib:2.0)"),
                    both.conflicts().stream().map(Conflict::toString).collect(Collectors.toList()));
        }
    }

    @Test
    void aRequestedDependencyWithoutVersionTakesTheManagedOne() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:lib").withManagedVersions("com.acme:lib:2.0"));
            assertEquals(List.of("lib-2.0.jar", "fresh-1.0.jar"), names(res));
            assertEquals(List.of("com.acme:lib (no version) -> 2.0 (managed by the env's managed versions)"),
                    managed(res));
            Resolution fromBom = r.resolve(env().withDependencies("com.acme:lib").withBoms("com.acme:bom:3"));
            assertEquals(List.of("lib-2.0.jar", "fresh-1.0.jar"), names(fromBom));
            assertEquals(List.of("com.acme:lib (no version) -> 2.0 (managed by com.acme:bom:3)"), managed(fromBom));
        }
    }

    @Test
    void aRequestedDependencyWithoutVersionThatNothingManagesIsATypedError() {
        try (Resolver r = resolver()) {
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:lib").withBoms("com.acme:other-bom:1")
                            .withDependencies("com.acme:fresh")));
            assertEquals(Reason.INVALID, e.failures().get(0).reason());
            assertEquals("com.acme:fresh", e.failures().get(0).coordinate());
            assertTrue(e.getMessage().startsWith("dependency 'com.acme:fresh' of pod 'pod' has no version, and no managed"
                    + " version or BOM gives it one (BOMs read: com.acme:other-bom:1); give it as com.acme:fresh:VERSION"),
                    e.getMessage());
        }
    }

    @Test
    void aBomManagesTransitiveVersions() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:bom:3"));
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-1.0.jar"), names(res));
            assertEquals(List.of("com.acme:lib 1.0 -> 2.0 (managed by com.acme:bom:3;"
                    + " via com.acme:app:1.0 -> com.acme:lib:2.0)"), managed(res));
            assertEquals("com.acme:app:jar:1.0:compile\n"
                    + "+- com.acme:lib:jar:2.0:compile (version managed from 1.0 by com.acme:bom:3)\n"
                    + "|  \\- com.acme:fresh:jar:1.0:compile\n"
                    + "\\- com.acme:util:jar:1.0:compile\n", res.tree());
            Resolution versionless = r.resolve(env().withDependencies("com.acme:util").withManagedVersions("com.acme:util:2.0"));
            assertEquals("com.acme:util:jar:2.0:compile (version from the env)\n", versionless.tree());
        }
    }

    @Test
    void aBomImportingABomManagesWithBoth() {
        try (Resolver r = resolver()) {
            Resolution res = r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:outer-bom:1"));
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-2.0.jar"), names(res));
            assertEquals(List.of(
                    "com.acme:lib 1.0 -> 2.0 (managed by com.acme:outer-bom:1; via com.acme:app:1.0 -> com.acme:lib:2.0)",
                    "com.acme:util 1.0 -> 2.0 (managed by com.acme:outer-bom:1; via com.acme:app:1.0 -> com.acme:util:2.0)"),
                    managed(res));
        }
    }

    @Test
    void theEnvsPinsWinOverBomsAndTheFirstBomOverLaterOnes() {
        try (Resolver r = resolver()) {
            Resolution firstBom = r.resolve(env().withDependencies("com.acme:app:1.0")
                    .withBoms("com.acme:bom:3", "com.acme:other-bom:1"));
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-2.0.jar"), names(firstBom));
            Resolution otherFirst = r.resolve(env().withDependencies("com.acme:app:1.0")
                    .withBoms("com.acme:other-bom:1", "com.acme:bom:3"));
            assertEquals(List.of("app-1.0.jar", "lib-3.0.jar", "util-2.0.jar"), names(otherFirst));
            Resolution pinned = r.resolve(env().withDependencies("com.acme:app:1.0")
                    .withBoms("com.acme:other-bom:1").withManagedVersions("com.acme:util:1.0"));
            assertEquals(List.of("app-1.0.jar", "lib-3.0.jar", "util-1.0.jar"), names(pinned));
        }
    }

    @Test
    void exclusionsRemoveWholeSubtreesWithMavensWildcards() {
        try (Resolver r = resolver()) {
            assertEquals(List.of("app-1.0.jar", "util-1.0.jar"),
                    names(r.resolve(env().withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme:lib")))));
            assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "util-1.0.jar"),
                    names(r.resolve(env().withDependencies(PodDependency.of("com.acme:app:1.0", "*:old")))));
            assertEquals(List.of("app-1.0.jar"),
                    names(r.resolve(env().withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme:*")))));
            assertEquals(List.of("app-1.0.jar"),
                    names(r.resolve(env().withDependencies(PodDependency.of("com.acme:app:1.0", "*:*")))));
            // Exclusions and management together: the managed lib 2.0's own dependency is excluded.
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "util-1.0.jar"),
                    names(r.resolve(env().withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme:fresh"))
                            .withBoms("com.acme:bom:3"))));
        }
    }

    @Test
    void aBomThatIsNotAPomIsATypedError() {
        try (Resolver r = resolver()) {
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:lib:2.0")));
            assertEquals(Reason.INVALID, e.failures().get(0).reason());
            assertEquals("com.acme:lib:2.0", e.failures().get(0).coordinate());
            assertTrue(e.getMessage().startsWith("BOM com.acme:lib:2.0 of pod 'pod' is not a BOM: its packaging is 'jar',"
                    + " not 'pom'; a BOM is a pom-packaged artifact"), e.getMessage());
        }
    }

    @Test
    void aBomThatCannotBeFoundNamesTheRepositoriesTried() {
        try (Resolver r = resolver()) {
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:missing-bom:1")));
            assertEquals(Reason.NOT_FOUND, e.failures().get(0).reason(), e.getMessage());
            assertTrue(e.getMessage().startsWith("BOM com.acme:missing-bom:1 of pod 'pod' could not be resolved;"
                    + " repositories tried: fake ("), e.getMessage());
        }
    }

    @Test
    void aBomImportingAMissingBomIsATypedError() {
        repo.artifact("com.acme:broken-bom:1").packaging("pom").importing("com.acme:gone-bom:1").publish();
        try (Resolver r = resolver()) {
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:broken-bom:1")));
            assertTrue(e.getMessage().startsWith("BOM com.acme:broken-bom:1 of pod 'pod' could not be read"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("com.acme:gone-bom"), e.getMessage());
        }
    }

    @Test
    void malformedManagementIsQuoted() {
        try (Resolver r = resolver()) {
            PodResolutionException pin = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withManagedVersions("com.acme:lib")));
            assertEquals(Reason.MALFORMED, pin.failures().get(0).reason());
            assertTrue(pin.getMessage().startsWith("malformed coordinate 'com.acme:lib': a managed version needs a version"),
                    pin.getMessage());
            PodResolutionException range = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:bom:[1,4)")));
            assertTrue(range.getMessage().contains("a BOM's version must be fixed"), range.getMessage());
            PodResolutionException shape = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withBoms("com.acme:bom:jar:tests:3")));
            assertTrue(shape.getMessage().contains("a BOM is group:artifact:version (a pom)"), shape.getMessage());
            assertThrows(PodResolutionException.class,
                    () -> r.resolve(env().withDependencies("com.acme:app:1.0").withManagedVersions("com.acme:l ib:1")));
        }
    }

    @Test
    void envsDifferingOnlyInManagementNeverShareAResolution() {
        PodEnv plain = env().withDependencies("com.acme:app:1.0");
        PodEnv managed = plain.withManagedVersions("com.acme:lib:2.0");
        PodEnv bom = plain.withBoms("com.acme:other-bom:1");
        assertNotEquals(plain, managed);
        try (Resolver r = Resolver.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            assertNotEquals(r.request(plain).key(), r.request(managed).key());
            assertNotEquals(r.request(managed).key(), r.request(bom).key());
            assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "old-1.0.jar", "util-1.0.jar"), names(r.resolve(plain)));
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-1.0.jar"), names(r.resolve(managed)));
            assertEquals(List.of("app-1.0.jar", "lib-3.0.jar", "util-2.0.jar"), names(r.resolve(bom)));
            assertEquals(3, r.resolutions());
        }
        // The disk cache keeps them apart too, and keeps what management changed.
        try (Resolver r = Resolver.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            Resolution fromDisk = r.resolve(managed);
            assertEquals(Resolution.Origin.DISK_CACHE, fromDisk.origin());
            assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "fresh-1.0.jar", "util-1.0.jar"), names(fromDisk));
            assertEquals(List.of("com.acme:lib 1.0 -> 2.0 (managed by the env's managed versions;"
                    + " via com.acme:app:1.0 -> com.acme:lib:2.0)"), managed(fromDisk));
            assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "old-1.0.jar", "util-1.0.jar"), names(r.resolve(plain)));
            assertEquals(0, r.resolutions(), "both from disk");
            assertFalse(r.engineStarted());
        }
    }
}
