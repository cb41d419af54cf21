package dev.pods.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver adapter on a real Maven Resolver 1.6 system and fabricated repositories. */
class MavenPodResolverTest {
    @TempDir
    Path tmp;

    private FakeRepo remote;
    private DefaultRepositorySystemSession session;
    private RemoteRepository build;

    @BeforeEach
    void repo() {
        remote = FakeRepo.at(tmp.resolve("remote"));
        remote.artifact("com.acme:app:1.0")
                .dependency("com.acme:lib:1.0")
                .dependency("com.acme:testonly:1.0", "test")
                .dependency("com.acme:other:1.0")
                .publish();
        remote.artifact("com.acme:lib:1.0").dependency("com.acme:deep:1.0").publish();
        remote.artifact("com.acme:deep:1.0").publish();
        remote.artifact("com.acme:other:1.0").publish();
        remote.artifact("com.acme:testonly:1.0").publish();
        session = Resolver16.session(tmp.resolve("local"));
        build = new RemoteRepository.Builder("build", "default", remote.uri().toString()).build();
    }

    private MavenPodResolver resolver() {
        return new MavenPodResolver(Resolver16.SYSTEM, session, List.of(build));
    }

    private static List<String> names(List<Path> cp) {
        return cp.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    @Test
    void resolvesTheRuntimeClasspathInMavensOrderWithExclusionsFromTheBuildsRepositories() {
        PodEnv env = PodEnv.empty().withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme:other"));
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "deep-1.0.jar"), names(resolver().classpath(env)));
    }

    @Test
    void withoutDefaultRepositoriesTheBuildsAreNotSearched() {
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withDependencies("com.acme:deep:1.0");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(env));
        assertEquals(Reason.NOT_FOUND, e.failures().get(0).reason(), e.getMessage());
    }

    @Test
    void anOfflineBuildFailsWithMavensOfflineMessage() {
        session.setOffline(true);
        PodEnv env = PodEnv.empty().withDependencies("com.acme:deep:1.0");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(env));
        assertTrue(e.getMessage().contains("Cannot access build (" + remote.uri())
                && e.getMessage().contains("in offline mode and the artifact com.acme:deep:jar:1.0 has not been downloaded"
                + " from it before"), e.getMessage());
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.failures().get(0).reason());
        assertTrue(e.failures().get(0).repository().startsWith("build ("), e.failures().toString());
    }

    @Test
    void anEnvCanGoOfflineButNotTakeAnOfflineBuildOnline() {
        PodEnv offline = PodEnv.empty().withDependencies("com.acme:deep:1.0").withOffline(true);
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(offline));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.failures().get(0).reason());
        // Once downloaded, offline resolution finds it.
        resolver().classpath(offline.withOffline(false));
        assertEquals(List.of("deep-1.0.jar"), names(resolver().classpath(offline)));

        session.setOffline(true);
        PodEnv online = PodEnv.empty().withDependencies("com.acme:other:1.0").withOffline(false);
        PodResolutionException e2 = assertThrows(PodResolutionException.class, () -> resolver().classpath(online));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e2.failures().get(0).reason());
    }

    @Test
    void mirrorsComeFromTheBuildsSession() {
        PodEnv env = PodEnv.empty().withDefaultRepositories(false)
                .withRepository("corp", tmp.resolve("nowhere").toUri())
                .withDependencies("com.acme:deep:1.0");
        assertThrows(PodResolutionException.class, () -> resolver().classpath(env));
        session.setMirrorSelector(new DefaultMirrorSelector().add("corp-mirror", remote.uri().toString(), "default",
                false, "corp", "*"));
        assertEquals(List.of("deep-1.0.jar"), names(resolver().classpath(env)));
        assertEquals("corp-mirror", resolver().repositories(env).get(0).getId());
    }

    @Test
    void aRepositoryTheBuildKnowsIsTheBuildsOwnWithItsPolicies() {
        RemoteRepository strict = new RemoteRepository.Builder(build)
                .setPolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_ALWAYS, RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                .build();
        MavenPodResolver r = new MavenPodResolver(Resolver16.SYSTEM, session, List.of(strict));
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withRepository("build", remote.uri());
        assertEquals(List.of(strict), r.repositories(env));
    }

    @Test
    void theBuildsChecksumPolicyApplies() {
        remote.corrupt("com.acme:deep:1.0");
        session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        PodEnv env = PodEnv.empty().withDependencies("com.acme:deep:1.0");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(env));
        assertEquals(Reason.CHECKSUM, e.failures().get(0).reason(), e.getMessage());
    }

    @Test
    void aMalformedCoordinateIsQuoted() {
        PodEnv env = PodEnv.empty().withDependencies("just-a-name");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(env));
        assertEquals(Reason.MALFORMED, e.failures().get(0).reason());
        assertTrue(e.getMessage().startsWith("malformed coordinate 'just-a-name'"), e.getMessage());
        PodEnv badExclusion = PodEnv.empty().withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme"));
        PodResolutionException e2 = assertThrows(PodResolutionException.class, () -> resolver().classpath(badExclusion));
        assertTrue(e2.getMessage().contains("the exclusion 'com.acme' is not group:artifact"), e2.getMessage());
    }

    @Test
    void anEnvNamingItsOwnLocalRepositoryOrSettingsIsRefused() {
        PodEnv local = PodEnv.empty().withDependencies("com.acme:deep:1.0").withLocalRepository(tmp.resolve("elsewhere"));
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(local));
        assertTrue(e.getMessage().contains("the build's settings and local repository decide"), e.getMessage());
        PodEnv settings = PodEnv.empty().withDependencies("com.acme:deep:1.0").withSettings(tmp.resolve("s.xml"));
        assertThrows(PodResolutionException.class, () -> resolver().classpath(settings));
    }

    @Test
    void aResultIsKeptForTheResolversLifeAndAFailureIsNot() {
        MavenPodResolver r = resolver();
        PodEnv later = PodEnv.empty().withDependencies("com.acme:later:1.0");
        assertThrows(PodResolutionException.class, () -> r.classpath(later));
        remote.artifact("com.acme:later:1.0").publish();
        // Maven remembers the miss for its update interval: a new session asks the repository again.
        session = Resolver16.session(tmp.resolve("local2"));
        MavenPodResolver r2 = resolver();
        assertEquals(List.of("later-1.0.jar"), names(r2.classpath(later)));
        // Gone from the remote and the local repository: only the resolver's memo can answer now.
        remote.delete("com.acme:later:1.0");
        FakeRepo.at(tmp.resolve("local2")).delete("com.acme:later:1.0");
        assertEquals(List.of("later-1.0.jar"), names(r2.classpath(later)), "kept, not resolved again");
        assertThrows(PodResolutionException.class, () -> resolver().classpath(later), "a new resolver resolves");
    }

    /** lib 1.0 -> deep; lib 2.0 -> other; a BOM pinning lib 2.0 imported by an outer BOM. */
    private void managedRepo() {
        remote.artifact("com.acme:lib:2.0").dependency("com.acme:other:1.0").publish();
        remote.artifact("com.acme:inner-bom:1").packaging("pom").managed("com.acme:lib:2.0").publish();
        remote.artifact("com.acme:outer-bom:1").packaging("pom").importing("com.acme:inner-bom:1").publish();
    }

    @Test
    void managedVersionsAndBomsManageTransitiveDependenciesAndExplicitVersionsWin() {
        managedRepo();
        PodEnv app = PodEnv.empty().withDependencies("com.acme:app:1.0");
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "deep-1.0.jar", "other-1.0.jar"),
                names(resolver().classpath(app)));
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "other-1.0.jar"),
                names(resolver().classpath(app.withManagedVersions("com.acme:lib:2.0"))));
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "other-1.0.jar"),
                names(resolver().classpath(app.withBoms("com.acme:outer-bom:1"))), "a BOM importing a BOM");
        PodEnv direct = PodEnv.empty().withDependencies("com.acme:lib:1.0").withBoms("com.acme:outer-bom:1");
        assertEquals(List.of("lib-1.0.jar", "deep-1.0.jar"), names(resolver().classpath(direct)));
        PodEnv versionless = PodEnv.empty().withDependencies("com.acme:lib").withBoms("com.acme:outer-bom:1");
        assertEquals(List.of("lib-2.0.jar", "other-1.0.jar"), names(resolver().classpath(versionless)));
        assertEquals(List.of("app-1.0.jar"), names(resolver().classpath(
                PodEnv.empty().withDependencies(PodDependency.of("com.acme:app:1.0", "*:*")))));
    }

    @Test
    void envsDifferingOnlyInManagementAreKeptApart() {
        managedRepo();
        MavenPodResolver r = resolver();
        PodEnv app = PodEnv.empty().withDependencies("com.acme:app:1.0");
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "deep-1.0.jar", "other-1.0.jar"), names(r.classpath(app)));
        assertEquals(List.of("app-1.0.jar", "lib-2.0.jar", "other-1.0.jar"),
                names(r.classpath(app.withBoms("com.acme:inner-bom:1"))));
    }

    @Test
    void badBomsAndUnmanagedVersionlessDependenciesAreTypedErrors() {
        managedRepo();
        PodEnv notPom = PodEnv.empty().withDependencies("com.acme:app:1.0").withBoms("com.acme:lib:2.0");
        PodResolutionException e = assertThrows(PodResolutionException.class, () -> resolver().classpath(notPom));
        assertEquals(Reason.INVALID, e.failures().get(0).reason());
        assertTrue(e.getMessage().startsWith("BOM com.acme:lib:2.0 of pod 'pod' is not a BOM: its packaging is 'jar'"),
                e.getMessage());
        PodEnv missing = PodEnv.empty().withDependencies("com.acme:app:1.0").withBoms("com.acme:nope-bom:1");
        PodResolutionException m = assertThrows(PodResolutionException.class, () -> resolver().classpath(missing));
        assertEquals(Reason.NOT_FOUND, m.failures().get(0).reason(), m.getMessage());
        assertTrue(m.getMessage().startsWith("BOM com.acme:nope-bom:1 of pod 'pod' could not be resolved"), m.getMessage());
        PodEnv unmanaged = PodEnv.empty().withDependencies("com.acme:deep").withBoms("com.acme:inner-bom:1");
        PodResolutionException u = assertThrows(PodResolutionException.class, () -> resolver().classpath(unmanaged));
        assertEquals(Reason.INVALID, u.failures().get(0).reason());
        assertTrue(u.getMessage().contains("'com.acme:deep' of pod 'pod' has no version"), u.getMessage());
        PodEnv noManagement = PodEnv.empty().withDependencies("com.acme:deep");
        PodResolutionException n = assertThrows(PodResolutionException.class, () -> resolver().classpath(noManagement));
        assertEquals(Reason.MALFORMED, n.failures().get(0).reason());
    }
}
