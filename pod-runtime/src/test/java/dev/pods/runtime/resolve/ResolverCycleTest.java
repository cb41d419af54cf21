package dev.pods.runtime.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * POMs that depend on each other in a cycle resolve as plain Maven resolves them (the cycle is
 * cut, each artifact once on the classpath, in Maven 3's order), and every query of the result
 * (tree, conflicts, why, graph) terminates. {@link MavenOracle} is the reference classpath.
 */
class ResolverCycleTest {
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

    private static Set<String> edges(Graph<ResolvedArtifact, DefaultEdge> g) {
        return g.edgeSet().stream()
                .map(e -> g.getEdgeSource(e).artifactId() + "->" + g.getEdgeTarget(e).artifactId())
                .collect(Collectors.toSet());
    }

    /** Resolves with Pods and with plain Maven, asserts both classpaths equal {@code expected}. */
    private Resolution resolveLikeMaven(String coordinate, String... expected) throws Exception {
        assertEquals(List.of(expected), MavenOracle.classpath(repo.uri(), tmp.resolve("oracle"), coordinate),
                "plain Maven's classpath (the fixture is not what the test thinks)");
        try (Resolver r = Resolver.create()) {
            Resolution res = r.resolve(env(coordinate));
            assertEquals(List.of(expected), names(res.classpath()));
            return res;
        }
    }

    @Test
    @Timeout(60)
    void twoPomsDependingOnEachOtherResolveOnceEach() throws Exception {
        repo.artifact("com.acme:a:1.0").dependency("com.acme:b:1.0").publish();
        repo.artifact("com.acme:b:1.0").dependency("com.acme:a:1.0").publish();
        Resolution res = resolveLikeMaven("com.acme:a:1.0", "a-1.0.jar", "b-1.0.jar");
        assertEquals(List.of("com.acme:a:1.0", "com.acme:b:1.0"), coords(res.artifacts()));
        assertEquals("com.acme:a:jar:1.0:compile\n"
                + "\\- com.acme:b:jar:1.0:compile\n"
                + "   \\- com.acme:a:jar:1.0:compile (omitted for cycle)\n", res.tree());
        assertEquals(List.of(), res.conflicts(), "a cycle is not a version conflict");
        assertEquals(List.of("com.acme:a:1.0"), coords(res.why("com.acme:a")));
        assertEquals(List.of("com.acme:a:1.0", "com.acme:b:1.0"), coords(res.why("com.acme:b")));
        assertEquals(Set.of("a->b", "b->a"), edges(res.graph()), "the graph keeps the edge that closes the cycle");
        assertEquals(2, res.graph().vertexSet().size());
    }

    @Test
    @Timeout(60)
    void aLongerCycleIsCutWhereItCloses() throws Exception {
        repo.artifact("com.acme:x:1.0").dependency("com.acme:y:1.0").publish();
        repo.artifact("com.acme:y:1.0").dependency("com.acme:z:1.0").publish();
        repo.artifact("com.acme:z:1.0").dependency("com.acme:x:1.0").publish();
        Resolution res = resolveLikeMaven("com.acme:x:1.0", "x-1.0.jar", "y-1.0.jar", "z-1.0.jar");
        assertEquals("com.acme:x:jar:1.0:compile\n"
                + "\\- com.acme:y:jar:1.0:compile\n"
                + "   \\- com.acme:z:jar:1.0:compile\n"
                + "      \\- com.acme:x:jar:1.0:compile (omitted for cycle)\n", res.tree());
        assertEquals(List.of("com.acme:x:1.0", "com.acme:y:1.0", "com.acme:z:1.0"), coords(res.why("com.acme:z")));
        assertEquals(List.of(), res.conflicts());
        assertEquals(Set.of("x->y", "y->z", "z->x"), edges(res.graph()));
    }

    @Test
    @Timeout(60)
    void aPomThatDependsOnItselfIsOnTheClasspathOnce() throws Exception {
        repo.artifact("com.acme:s:1.0").dependency("com.acme:s:1.0").publish();
        Resolution res = resolveLikeMaven("com.acme:s:1.0", "s-1.0.jar");
        assertEquals("com.acme:s:jar:1.0:compile\n"
                + "\\- com.acme:s:jar:1.0:compile (omitted for cycle)\n", res.tree());
        assertEquals(List.of("com.acme:s:1.0"), coords(res.why("com.acme:s")));
        assertEquals(List.of(), res.conflicts());
        assertEquals(Set.of("s->s"), edges(res.graph()), "a self-dependency is a loop");
    }

    @Test
    @Timeout(60)
    void aCycleBackToAnotherVersionIsAConflictTheNearerVersionWins() throws Exception {
        // p:1.0 -> q -> p:2.0 -> r: p:2.0 loses to the requested p:1.0, so r is never reached.
        repo.artifact("com.acme:p:1.0").dependency("com.acme:q:1.0").publish();
        repo.artifact("com.acme:q:1.0").dependency("com.acme:p:2.0").publish();
        repo.artifact("com.acme:p:2.0").dependency("com.acme:r:1.0").publish();
        repo.artifact("com.acme:r:1.0").publish();
        Resolution res = resolveLikeMaven("com.acme:p:1.0", "p-1.0.jar", "q-1.0.jar");
        assertEquals(1, res.conflicts().size());
        Conflict c = res.conflicts().get(0);
        assertEquals("com.acme:p:1.0", c.winner().coordinate());
        assertEquals("com.acme:p:2.0", c.loser().coordinate());
        assertEquals(List.of("com.acme:p:1.0", "com.acme:q:1.0", "com.acme:p:2.0"), coords(c.loserPath()));
        assertEquals(List.of(), res.why("com.acme:r"));
        assertTrue(res.tree().endsWith("   \\- com.acme:p:jar:2.0:compile (omitted for conflict with 1.0)\n"),
                res.tree());
    }

    @Test
    @Timeout(60)
    void cyclesBelowTheRootSurviveTheDiskCache() throws Exception {
        repo.artifact("com.acme:a:1.0").dependency("com.acme:b:1.0").publish();
        repo.artifact("com.acme:b:1.0").dependency("com.acme:a:1.0").publish();
        repo.artifact("com.acme:x:1.0").dependency("com.acme:y:1.0").publish();
        repo.artifact("com.acme:y:1.0").dependency("com.acme:x:1.0").dependency("com.acme:y:1.0").publish();
        repo.artifact("com.acme:app:1.0").dependency("com.acme:a:1.0").dependency("com.acme:x:1.0").publish();
        Resolution fresh = resolveLikeMaven("com.acme:app:1.0",
                "app-1.0.jar", "a-1.0.jar", "b-1.0.jar", "x-1.0.jar", "y-1.0.jar");
        assertEquals("com.acme:app:jar:1.0:compile\n"
                + "+- com.acme:a:jar:1.0:compile\n"
                + "|  \\- com.acme:b:jar:1.0:compile\n"
                + "|     \\- com.acme:a:jar:1.0:compile (omitted for cycle)\n"
                + "\\- com.acme:x:jar:1.0:compile\n"
                + "   \\- com.acme:y:jar:1.0:compile\n"
                + "      +- com.acme:x:jar:1.0:compile (omitted for cycle)\n"
                + "      \\- com.acme:y:jar:1.0:compile (omitted for cycle)\n", fresh.tree());
        try (Resolver second = Resolver.create()) {
            Resolution cached = second.resolve(env("com.acme:app:1.0"));
            assertEquals(Resolution.Origin.DISK_CACHE, cached.origin());
            assertEquals(fresh.tree(), cached.tree());
            assertEquals(fresh.classpath(), cached.classpath());
            assertEquals(edges(fresh.graph()), edges(cached.graph()));
            assertEquals(Set.of("app->a", "a->b", "b->a", "app->x", "x->y", "y->x", "y->y"), edges(cached.graph()));
        }
    }

    @Test
    @Timeout(300)
    void randomGraphsFullOfCyclesResolveToPlainMavensClasspath() throws Exception {
        // Seeded random graphs: six artifacts in two versions each, every POM declaring up to
        // three dependencies on any of them (itself included; a fifth of them ranges), one or two
        // requested roots.
        for (int seed = 1; seed <= 16; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            FakeRepo g = FakeRepo.at(tmp.resolve("g" + seed));
            for (int n = 0; n < 6; n++) {
                for (String v : List.of("1.0", "2.0")) {
                    FakeRepo.ArtifactBuilder b = g.artifact("com.g" + seed + ":n" + n + ":" + v);
                    java.util.Set<Integer> targets = new java.util.TreeSet<>();
                    for (int d = rnd.nextInt(4); d > 0; d--) {
                        targets.add(rnd.nextInt(6));
                    }
                    for (int t : targets) {
                        int pick = rnd.nextInt(5);
                        b.dependency("com.g" + seed + ":n" + t + ":" + (pick < 2 ? "1.0" : pick < 4 ? "2.0" : "[1.0,2.0]"));
                    }
                    b.publish();
                }
            }
            String[] roots = rnd.nextBoolean()
                    ? new String[] {"com.g" + seed + ":n0:1.0"}
                    : new String[] {"com.g" + seed + ":n0:1.0", "com.g" + seed + ":n" + (1 + rnd.nextInt(5)) + ":2.0"};
            List<String> maven = MavenOracle.classpath(g.uri(), tmp.resolve("oracle"), roots);
            try (Resolver r = Resolver.builder().diskCache(false).build()) {
                Resolution res = r.resolve(PodEnv.empty().withDefaultRepositories(false).withRepository("fake", g.uri())
                        .withLocalRepository(local).withDependencies(roots));
                assertEquals(maven, names(res.classpath()), "seed " + seed + "\n" + res.tree());
                assertEquals(res.artifacts().size(),
                        res.artifacts().stream().map(ResolvedArtifact::key).distinct().count(),
                        "one version of each artifact wins (seed " + seed + ")");
                for (ResolvedArtifact a : res.artifacts()) {
                    List<ResolvedArtifact> why = res.why(a.key());
                    assertEquals(a, why.get(why.size() - 1));
                }
                res.conflicts().forEach(c -> assertEquals(c.loser(), c.loserPath().get(c.loserPath().size() - 1)));
            }
        }
    }

    @Test
    @Timeout(120)
    void aGraphTooDeepForTheThreadsStackFailsTypedAndTheResolverStillWorks() throws Exception {
        // A chain of 400 POMs overflows a 128 KB stack inside Maven Resolver's recursive graph
        // transformers; the default stack resolves it. The overflow must arrive as our exception.
        int depth = 400;
        for (int i = 0; i < depth; i++) {
            FakeRepo.ArtifactBuilder b = repo.artifact("com.acme:c" + i + ":1.0").packaging("pom");
            if (i + 1 < depth) {
                b.dependency(new FakeRepo.Dep("com.acme:c" + (i + 1) + ":1.0", "compile", false, List.of(), "pom"));
            }
            b.publish();
        }
        PodEnv env = env("com.acme:c0:pom:1.0");
        try (Resolver r = Resolver.builder().diskCache(false).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread small = new Thread(null, () -> {
                try {
                    r.resolve(env);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "small-stack", 128 * 1024);
            small.start();
            small.join(100_000);
            assertFalse(small.isAlive());
            PodResolutionException e = assertInstanceOf(PodResolutionException.class, thrown.get());
            assertInstanceOf(StackOverflowError.class, e.getCause());
            assertTrue(e.getMessage().contains("com.acme:c0:pom:1.0") && e.getMessage().contains("too deep"),
                    e.getMessage());

            Resolution res = r.resolve(env);
            assertEquals(depth, res.artifacts().size());
            assertEquals(depth, res.tree().lines().count());
            assertEquals(depth, res.why("com.acme:c" + (depth - 1)).size());
            assertEquals(depth - 1, res.graph().edgeSet().size());
        }
    }
}
