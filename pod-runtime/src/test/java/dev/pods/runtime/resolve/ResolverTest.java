package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Failure;
import dev.pods.PodResolutionException.Reason;
import dev.pods.testing.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ResolverTest {
    @TempDir
    Path tmp;
    FakeRepo repo;
    Path local;

    @BeforeEach
    void setUp() {
        repo = FakeRepo.at(tmp.resolve("remote"));
        local = tmp.resolve("local");
    }

    private PodEnv env(String... coordinates) {
        return PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri())
                .withLocalRepository(local).withDependencies(coordinates);
    }

    private static List<String> names(List<Path> classpath) {
        return classpath.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    private static List<String> coords(List<ResolvedArtifact> artifacts) {
        return artifacts.stream().map(ResolvedArtifact::coordinate).collect(Collectors.toList());
    }

    private void chain() {
        repo.artifact("com.acme:a:1.0").dependency("com.acme:b:1.0").publish();
        repo.artifact("com.acme:b:1.0").dependency("com.acme:c:1.0").publish();
        repo.artifact("com.acme:c:1.0").publish();
    }

    @Test
    void resolvesATransitiveChainInMavenOrder() {
        chain();
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env("com.acme:a:1.0"));
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar", "c-1.0.jar"), names(res.classpath()));
            assertTrue(res.classpath().stream().allMatch(p -> p.startsWith(local) && Files.isRegularFile(p)));
            assertEquals(List.of("com.acme:a:1.0", "com.acme:b:1.0", "com.acme:c:1.0"), coords(res.artifacts()));
            assertEquals(List.of("com.acme:a:1.0"), coords(res.roots()));
            assertEquals(List.of("com.acme:a:1.0", "com.acme:b:1.0", "com.acme:c:1.0"), coords(res.why("com.acme:c")));
            assertEquals(List.of(), res.why("com.acme:nope"));
            assertEquals(List.of(), res.conflicts());
            Graph<ResolvedArtifact, DefaultEdge> g = res.graph();
            assertEquals(3, g.vertexSet().size());
            assertEquals(2, g.edgeSet().size());
            ResolvedArtifact a = res.artifacts().get(0);
            ResolvedArtifact b = res.artifacts().get(1);
            assertTrue(g.containsEdge(a, b));
            assertEquals("compile", b.scope());
            assertEquals(Resolution.Origin.RESOLVED, res.origin());
            assertEquals("com.acme:a:jar:1.0:compile\n\\- com.acme:b:jar:1.0:compile\n   \\- com.acme:c:jar:1.0:compile\n",
                    res.tree());
            assertThrows(UnsupportedOperationException.class, () -> g.addVertex(a));
        }
    }

    @Test
    void nearestVersionWinsAndTheLoserIsRecordedWithItsPath() {
        // app -> x -> lib:1.0 (depth 2) and app -> lib:2.0 (depth 1): 2.0 is nearer and wins,
        // although 1.0 is met first in depth-first order.
        repo.artifact("com.acme:app:1.0").dependency("com.acme:x:1.0").dependency("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:x:1.0").dependency("com.acme:lib:1.0").publish();
        repo.artifact("com.acme:lib:1.0").publish();
        repo.artifact("com.acme:lib:2.0").publish();
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env("com.acme:app:1.0"));
            assertEquals(List.of("app-1.0.jar", "x-1.0.jar", "lib-2.0.jar"), names(res.classpath()));
            assertEquals(1, res.conflicts().size());
            Conflict c = res.conflicts().get(0);
            assertEquals("com.acme:lib:2.0", c.winner().coordinate());
            assertEquals("com.acme:lib:1.0", c.loser().coordinate());
            assertEquals(Optional.empty(), c.loser().file());
            assertEquals(List.of("com.acme:app:1.0", "com.acme:x:1.0", "com.acme:lib:1.0"), coords(c.loserPath()));
            assertEquals(List.of("com.acme:app:1.0", "com.acme:lib:2.0"), coords(res.why("com.acme:lib")));
            assertTrue(res.graph().containsVertex(c.loser()), "the loser is a vertex of the graph");
            assertTrue(res.tree().contains("com.acme:lib:jar:1.0:compile (omitted for conflict with 2.0)"), res.tree());
            assertTrue(c.toString().contains("2.0 won over 1.0"), c.toString());
        }
    }

    @Test
    void exclusionsFromTheEnvAndFromPomsAreHonoured() {
        chain();
        repo.artifact("com.acme:d:1.0").dependencyExcluding("com.acme:b:1.0", "com.acme:c").publish();
        try (Resolver r = Resolver.create()) {
            PodEnv env = PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri())
                    .withLocalRepository(local).withDependencies(PodDependency.of("com.acme:a:1.0", "com.acme:c"));
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar"), names(r.resolve(env).classpath()));
            PodEnv wildcard = env.withDependencies(PodDependency.of("com.acme:a:1.0", "*:*"));
            assertEquals(List.of("a-1.0.jar"), names(r.resolve(PodEnv.empty().withDefaultRepositories(false)
                    .withRepository("fake", repo.uri()).withLocalRepository(local)
                    .withDependencies(PodDependency.of("com.acme:a:1.0", "*:*"))).classpath()));
            assertNotEquals(env, wildcard);
            assertEquals(List.of("d-1.0.jar", "b-1.0.jar"), names(r.resolve(env("com.acme:d:1.0")).classpath()));
        }
    }

    @Test
    void aVersionRangePicksTheHighestMatchingVersion() {
        repo.artifact("com.acme:lib:1.0").publish();
        repo.artifact("com.acme:lib:1.5").publish();
        repo.artifact("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:app:1.0").dependency("com.acme:lib:[1.0,2.0)").publish();
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env("com.acme:app:1.0"));
            assertEquals(List.of("app-1.0.jar", "lib-1.5.jar"), names(res.classpath()));
            assertEquals(List.of("lib-2.0.jar"), names(r.resolve(env("com.acme:lib:[1.0,)")).classpath()));
        }
    }

    @Test
    void optionalProvidedAndTestDependenciesAreLeftOutAsMavenDoes() {
        repo.artifact("com.acme:app:1.0")
                .optionalDependency("com.acme:opt:1.0")
                .dependency("com.acme:prov:1.0", "provided")
                .dependency("com.acme:tst:1.0", "test")
                .dependency("com.acme:rt:1.0", "runtime")
                .publish();
        repo.artifact("com.acme:opt:1.0").publish();
        repo.artifact("com.acme:prov:1.0").publish();
        repo.artifact("com.acme:tst:1.0").publish();
        repo.artifact("com.acme:rt:1.0").publish();
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env("com.acme:app:1.0"));
            assertEquals(List.of("app-1.0.jar", "rt-1.0.jar"), names(res.classpath()));
            assertEquals("runtime", res.artifacts().get(1).scope());
            // Asked for directly, an optional artifact is just a dependency.
            assertEquals(List.of("opt-1.0.jar"), names(r.resolve(env("com.acme:opt:1.0")).classpath()));
        }
    }

    @Test
    void aMissingArtifactNamesTheCoordinateEveryRepositoryAndKeepsThePartialClasspath() {
        repo.artifact("com.acme:a:1.0").dependency("com.acme:gone:1.0").publish();
        FakeRepo other = FakeRepo.at(tmp.resolve("other"));
        try (Resolver r = Resolver.create()) {
            PodEnv env = env("com.acme:a:1.0").withRepository("other", other.uri());
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env));
            assertTrue(e.getMessage().contains("com.acme:gone:1.0"), e.getMessage());
            assertTrue(e.getMessage().contains("fake (" + repo.uri()), e.getMessage());
            assertTrue(e.getMessage().contains("other (" + other.uri()), e.getMessage());
            List<Failure> gone = e.failures().stream().filter(f -> f.coordinate().equals("com.acme:gone:1.0")).toList();
            assertFalse(gone.isEmpty(), e.failures().toString());
            assertTrue(gone.stream().allMatch(f -> f.reason() == Reason.NOT_FOUND), gone.toString());
            assertTrue(gone.stream().anyMatch(f -> f.repository().startsWith("fake ")), gone.toString());
            assertTrue(gone.stream().anyMatch(f -> f.repository().startsWith("other ")), gone.toString());
            assertTrue(e.failures().stream().noneMatch(f -> f.repository().startsWith("central")),
                    "without default repositories, central (inherited by every POM) is never tried: " + e.failures());
            assertEquals(List.of("a-1.0.jar"), names(e.partialClasspath()));
            // Failures are not memoised: once the artifact appears, the same request succeeds.
            repo.artifact("com.acme:gone:1.0").publish();
            PodEnv again = env.withOffline(false);
            assertEquals(List.of("a-1.0.jar", "gone-1.0.jar"), names(r.resolve(again).classpath()));
        }
    }

    @Test
    void aCorruptedArtifactFailsNamingTheFileAndIsNotUsed() {
        repo.artifact("com.acme:a:1.0").publish();
        repo.corrupt("com.acme:a:1.0");
        try (Resolver r = Resolver.create()) {
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env("com.acme:a:1.0")));
            assertTrue(e.failures().stream().anyMatch(f -> f.reason() == Reason.CHECKSUM), e.failures().toString());
            assertTrue(e.getMessage().contains("a-1.0.jar"), e.getMessage());
            assertTrue(e.getMessage().contains("com.acme:a:1.0"), e.getMessage());
            assertEquals(List.of(), e.partialClasspath());
            assertFalse(Files.exists(local.resolve("com/acme/a/1.0/a-1.0.jar")), "corrupted jar must not land locally");
        }
    }

    @Test
    void offlineUsesTheLocalCopyAndFailsClearlyWithoutOne() {
        chain();
        try (Resolver online = Resolver.builder().diskCache(false).build()) {
            online.resolve(env("com.acme:a:1.0"));
        }
        try (Resolver offline = Resolver.builder().diskCache(false).build()) {
            Resolution res = offline.resolve(env("com.acme:a:1.0").withOffline(true));
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar", "c-1.0.jar"), names(res.classpath()));
            assertEquals(1, offline.resolutions());

            PodEnv fresh = env("com.acme:a:1.0").withOffline(true).withLocalRepository(tmp.resolve("empty-local"));
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> offline.resolve(fresh));
            assertTrue(e.getMessage().contains("com.acme:a:1.0"), e.getMessage());
            assertTrue(e.getMessage().contains("offline"), e.getMessage());
            assertTrue(e.failures().stream().anyMatch(f -> f.reason() == Reason.OFFLINE_NOT_CACHED),
                    e.failures().toString());
        }
        try (Resolver builderOffline = Resolver.builder().offline(true).diskCache(false).build()) {
            PodEnv fresh = env("com.acme:a:1.0").withLocalRepository(tmp.resolve("empty-local-2"));
            assertThrows(PodResolutionException.class, () -> builderOffline.resolve(fresh));
        }
    }

    @Test
    void aSettingsMirrorRedirectsARepository() throws IOException {
        chain();
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings>\n  <mirrors>\n    <mirror>\n      <id>the-mirror</id>\n"
                + "      <url>" + repo.uri() + "</url>\n      <mirrorOf>nowhere</mirrorOf>\n    </mirror>\n"
                + "  </mirrors>\n</settings>\n");
        Path empty = tmp.resolve("nowhere-repo");
        Files.createDirectories(empty);
        PodEnv base = PodEnv.empty().withDefaultRepositories(false).withRepository("nowhere", empty.toUri())
                .withLocalRepository(local).withDependencies("com.acme:a:1.0");
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            assertThrows(PodResolutionException.class, () -> r.resolve(base));
            Resolution res = r.resolve(base.withSettings(settings));
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar", "c-1.0.jar"), names(res.classpath()));
        }
    }

    @Test
    void repositoriesOfActiveSettingsProfilesAreSearched() throws IOException {
        chain();
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><profiles><profile><id>extra</id><repositories><repository>"
                + "<id>from-profile</id><url>" + repo.uri() + "</url></repository></repositories></profile></profiles>"
                + "<activeProfiles><activeProfile>extra</activeProfile></activeProfiles></settings>");
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withLocalRepository(local)
                .withSettings(settings).withDependencies("com.acme:a:1.0");
        try (Resolver r = Resolver.create()) {
            assertEquals(List.of("a-1.0.jar", "b-1.0.jar", "c-1.0.jar"), names(r.resolve(env).classpath()));
        }
    }

    @Test
    void aMalformedSettingsFileIsAResolutionError() throws IOException {
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror>");
        PodEnv env = env("com.acme:a:1.0").withSettings(settings);
        try (Resolver r = Resolver.create()) {
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env));
            assertTrue(e.getMessage().contains(settings.toString()), e.getMessage());
        }
    }

    @Test
    void settingsNameTheLocalRepositoryAndOffline() throws IOException {
        chain();
        Path settingsLocal = tmp.resolve("settings-local");
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + settingsLocal + "</localRepository></settings>");
        try (Resolver r = Resolver.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            PodEnv env = PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri())
                    .withSettings(settings).withDependencies("com.acme:a:1.0");
            Resolution res = r.resolve(env);
            assertTrue(res.classpath().get(0).startsWith(settingsLocal), res.classpath().toString());
        }
        Files.writeString(settings, "<settings><localRepository>" + tmp.resolve("elsewhere")
                + "</localRepository><offline>true</offline></settings>");
        try (Resolver r = Resolver.builder().cacheDirectory(tmp.resolve("cache")).build()) {
            PodEnv env = PodEnv.empty().withDefaultRepositories(false).withRepository("fake", repo.uri())
                    .withSettings(settings).withDependencies("com.acme:a:1.0");
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env));
            assertTrue(e.failures().stream().anyMatch(f -> f.reason() == Reason.OFFLINE_NOT_CACHED), e.getMessage());
        }
    }

    @Test
    void malformedCoordinatesAreRejectedQuotingTheInput() {
        List<String> bad = List.of("com.acme", "com.acme:a", "a:b:c:d:e:f", "com.acme::1.0", "com.acme:a:",
                ":a:1.0", "com.acme:a:[1.0", "com acme:a:1.0", "com.acme:a:1.0 ", "com.acme:a:jar::1.0");
        try (Resolver r = Resolver.create()) {
            for (String c : bad) {
                PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(env(c)), c);
                assertTrue(e.getMessage().contains("'" + c + "'"), e.getMessage());
                assertTrue(e.getMessage().contains("group:artifact[:extension[:classifier]]:version"), e.getMessage());
                assertEquals(Reason.MALFORMED, e.failures().get(0).reason());
            }
            PodEnv badExclusion = PodEnv.empty().withDependencies(PodDependency.of("com.acme:a:1.0", "com.acme"));
            PodResolutionException e = assertThrows(PodResolutionException.class, () -> r.resolve(badExclusion));
            assertTrue(e.getMessage().contains("exclusion 'com.acme'"), e.getMessage());
            assertFalse(r.engineStarted(), "malformed input is rejected before Maven Resolver starts");
        }
    }

    @Test
    void extensionAndClassifierFormsResolve() {
        repo.artifact("com.acme:a:1.0").publish();
        try (Resolver r = Resolver.create()) {
            assertEquals(List.of("a-1.0.jar"), names(r.resolve(env("com.acme:a:jar:1.0")).classpath()));
            PodResolutionException e = assertThrows(PodResolutionException.class,
                    () -> r.resolve(env("com.acme:a:jar:sources:1.0")));
            assertTrue(e.getMessage().contains("com.acme:a:jar:sources:1.0"), e.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void eightThreadsResolvingTheSameRequestResolveOnce() throws Exception {
        chain();
        try (Resolver r = Resolver.create()) {
            // The owner waits until the seven others are queued on its future.
            r.beforeLoad(() -> {
                while (r.waiting() < 7) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            });
            CountDownLatch gate = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Resolution>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> {
                        gate.await();
                        return r.resolve(env("com.acme:a:1.0"));
                    }));
                }
                gate.countDown();
                List<Resolution> results = new ArrayList<>();
                for (Future<Resolution> f : futures) {
                    results.add(f.get(50, TimeUnit.SECONDS));
                }
                for (Resolution res : results) {
                    assertSame(results.get(0), res);
                }
                assertEquals(1, r.loads());
                assertEquals(1, r.resolutions());
                assertEquals(0, r.waiting());
            } finally {
                pool.shutdownNow();
            }
            // And later equal requests are memo hits.
            r.resolve(env("com.acme:a:1.0"));
            assertEquals(1, r.loads());
        }
    }

    @Test
    void aFreshResolverReadsTheDiskCacheWithoutStartingMavenResolver() {
        repo.artifact("com.acme:app:1.0").dependency("com.acme:x:1.0").dependency("com.acme:lib:2.0").publish();
        repo.artifact("com.acme:x:1.0").dependency("com.acme:lib:1.0").publish();
        repo.artifact("com.acme:lib:1.0").publish();
        repo.artifact("com.acme:lib:2.0").publish();
        Resolution first;
        try (Resolver r = Resolver.create()) {
            first = r.resolve(env("com.acme:app:1.0"));
        }
        try (Resolver r = Resolver.create()) {
            Resolution second = r.resolve(env("com.acme:app:1.0"));
            assertEquals(Resolution.Origin.DISK_CACHE, second.origin());
            assertFalse(r.engineStarted());
            assertEquals(0, r.resolutions());
            assertEquals(first.classpath(), second.classpath());
            assertEquals(first.artifacts(), second.artifacts());
            assertEquals(first.tree(), second.tree());
            assertEquals(first.conflicts(), second.conflicts());
            assertEquals(first.why("com.acme:lib"), second.why("com.acme:lib"));
            assertEquals(first.graph().vertexSet(), second.graph().vertexSet());
            assertEquals(first.graph().edgeSet().size(), second.graph().edgeSet().size());
        }
        assertTrue(Files.isDirectory(local.resolve(".pods/classpath-cache")), "default cache under the local repository");
    }

    @Test
    void aStaleDiskCacheEntryIsRebuilt() throws IOException {
        chain();
        try (Resolver r = Resolver.create()) {
            r.resolve(env("com.acme:a:1.0"));
        }
        Path b = local.resolve("com/acme/b/1.0/b-1.0.jar");
        Files.delete(b);
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env("com.acme:a:1.0"));
            assertEquals(Resolution.Origin.RESOLVED, res.origin());
            assertEquals(1, r.resolutions());
            assertTrue(Files.isRegularFile(b), "the deleted jar was fetched again");
        }
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() - 60_000));
        try (Resolver r = Resolver.create()) {
            assertEquals(Resolution.Origin.RESOLVED, r.resolve(env("com.acme:a:1.0")).origin());
        }
        try (Resolver r = Resolver.create()) {
            assertEquals(Resolution.Origin.DISK_CACHE, r.resolve(env("com.acme:a:1.0")).origin());
        }
    }

    @Test
    void theMemoRevalidatesFilesToo() throws IOException {
        chain();
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            Resolution first = r.resolve(env("com.acme:a:1.0"));
            assertSame(first, r.resolve(env("com.acme:a:1.0")));
            Files.delete(local.resolve("com/acme/c/1.0/c-1.0.jar"));
            Resolution second = r.resolve(env("com.acme:a:1.0"));
            assertEquals(2, r.resolutions());
            assertEquals(first.classpath(), second.classpath());
        }
    }

    @Test
    void aCorruptCacheFileIsDetectedAndRebuilt() throws IOException {
        chain();
        Path entry;
        try (Resolver r = Resolver.create()) {
            Request req = r.request(env("com.acme:a:1.0"));
            r.resolve(env("com.acme:a:1.0"));
            entry = new DiskCache(r.cacheDirectory(req)).fileFor(req.key());
        }
        assertTrue(Files.isRegularFile(entry));
        byte[] good = Files.readAllBytes(entry);
        List<byte[]> corruptions = new ArrayList<>();
        corruptions.add(new byte[0]);
        corruptions.add(java.util.Arrays.copyOf(good, good.length / 2));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x01;
        corruptions.add(flipped);
        corruptions.add("garbage\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (byte[] bad : corruptions) {
            Files.write(entry, bad);
            try (Resolver r = Resolver.create()) {
                Resolution res = r.resolve(env("com.acme:a:1.0"));
                assertEquals(Resolution.Origin.RESOLVED, res.origin());
                assertEquals(List.of("a-1.0.jar", "b-1.0.jar", "c-1.0.jar"), names(res.classpath()));
            }
            try (Resolver r = Resolver.create()) {
                assertEquals(Resolution.Origin.DISK_CACHE, r.resolve(env("com.acme:a:1.0")).origin(),
                        "the rebuilt entry is good again");
            }
        }
    }

    @Test
    void differentRequestsDoNotShareCacheEntries() {
        chain();
        try (Resolver r = Resolver.create()) {
            Request a = r.request(env("com.acme:a:1.0"));
            Request b = r.request(env("com.acme:b:1.0"));
            Request offline = r.request(env("com.acme:a:1.0").withOffline(true));
            Request excl = r.request(env().withDependencies(PodDependency.of("com.acme:a:1.0", "com.acme:c")));
            assertEquals(4, java.util.Set.of(a.key(), b.key(), offline.key(), excl.key()).size());
            assertEquals(a.key(), r.request(env("com.acme:a:1.0").withName("other-name")).key(),
                    "the pod's name is not part of the request");
        }
    }

    @Test
    void theTransferListenerHearsDownloads() {
        chain();
        List<TransferListener.Event> events = new CopyOnWriteArrayList<>();
        try (Resolver r = Resolver.builder().transferListener(events::add).build()) {
            r.resolve(env("com.acme:a:1.0"));
        }
        assertTrue(events.stream().anyMatch(e -> e.kind() == TransferListener.Kind.SUCCEEDED
                && e.resource().endsWith("c-1.0.jar") && e.repository().startsWith("fake (")), events.toString());
    }

    @Test
    void aClosedResolverRefusesWork() {
        Resolver r = Resolver.create();
        r.close();
        r.close();
        assertThrows(dev.pods.PodClosedException.class, () -> r.resolve(env("com.acme:a:1.0")));
    }

    @Test
    void builderSettingsAreSetOnceAndChecked() {
        Resolver.Builder b = Resolver.builder().offline(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.offline(false));
        assertTrue(e.getMessage().contains("already set to true"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Resolver.builder().diskCache(false).cacheDirectory(tmp).build());
    }

    @Test
    void theDefaultRepositoryIsCentralFromMavensSuperPom() {
        var central = Engine.central("fail");
        assertEquals("central", central.getId());
        assertTrue(central.getUrl().startsWith("https://"), central.getUrl());
        assertFalse(central.getPolicy(true).isEnabled(), "the super POM disables snapshots on central");
    }
}
