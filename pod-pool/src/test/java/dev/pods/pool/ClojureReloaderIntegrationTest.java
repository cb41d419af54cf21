package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodTargetException;
import dev.pods.testing.ClojureSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload loop with Clojure vars for start and stop, over Clojure and tools.namespace from
 * Maven Central: a change is refreshed in the running pod in dependency order; a failed refresh
 * and a full reset take a fresh warm pod.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClojureReloaderIntegrationTest {
    static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");
    static final String CLOJURE = "org.clojure:clojure:1.12.3";
    static final String TOOLS_NAMESPACE = "org.clojure:tools.namespace:1.5.0";

    static PodEnv env(String... deps) {
        return PodEnv.empty().withName("clj-app").withLocalRepository(LOCAL).withUserSettings(false)
                .withDependencies(deps);
    }

    private static Reloader.Reset next(BlockingQueue<Reloader.Reset> resets) throws InterruptedException {
        Reloader.Reset r = resets.poll(2, TimeUnit.MINUTES);
        assertNotNull(r, "no reset within two minutes");
        return r;
    }

    @Test
    void changesAreRefreshedInTheRunningPodAndFailuresFallBackToAWarmPod(@TempDir Path src, @TempDir Path logs)
            throws Exception {
        Path log = logs.resolve("events.log");
        ClojureSystem.write(src, "hello", log);
        BlockingQueue<Reloader.Reset> resets = new LinkedBlockingQueue<>();
        try (Reloader r = Reloader.builder(env(CLOJURE, TOOLS_NAMESPACE)).classes(src)
                .start("clojure:dev/go").stop("clojure:dev/halt").debounce(Duration.ofMillis(50))
                .listener(resets::add).build()) {
            Reloader.Reset first = r.start();
            assertTrue(first.succeeded(), () -> first.failure().get().toString());
            assertEquals(Reloader.Kind.START, first.kind());
            assertSame(first, next(resets));
            Pod pod = r.pod();
            assertEquals("hello", pod.call("clojure:dev/greeting"));

            ClojureSystem.config(src, "hi");
            Reloader.Reset refreshed = next(resets);
            assertTrue(refreshed.succeeded(), () -> refreshed.failure().get().toString());
            assertEquals(Reloader.Kind.REFRESH, refreshed.kind());
            assertSame(pod, r.pod(), "refreshed in the running pod");
            assertEquals("hi", r.pod().call("clojure:dev/greeting"), "app.component, which uses app.config, was reloaded");
            assertEquals(List.of("start hello", "stop hello", "start hi"), Files.readAllLines(log));

            ClojureSystem.breakConfig(src);
            Reloader.Reset broken = next(resets);
            assertFalse(broken.succeeded());
            assertEquals(Reloader.Kind.WARM_POD, broken.kind(), "the failed refresh fell back to a fresh pod");
            assertNotSame(pod, r.pod());
            assertTrue(broken.failure().get().getMessage().contains("starting clojure:dev/go failed"),
                    broken.failure().get().getMessage());

            ClojureSystem.config(src, "hey");
            Reloader.Reset fixed = next(resets);
            assertTrue(fixed.succeeded(), () -> fixed.failure().get().toString());
            assertEquals("hey", r.pod().call("clojure:dev/greeting"));

            Pod before = r.pod();
            Reloader.Reset full = r.fullReset();
            assertTrue(full.succeeded(), () -> full.failure().get().toString());
            assertEquals(Reloader.Kind.WARM_POD, full.kind());
            assertNotSame(before, r.pod());
            assertEquals("hey", r.pod().call("clojure:dev/greeting"));
        }
        List<String> events = Files.readAllLines(log);
        assertEquals("stop hey", events.get(events.size() - 1), "close stopped the system: " + events);
    }

    @Test
    void aFullResetTakesAPodThatLoadedTheCodeAheadAndStartsWhatTheFilesSayNow(@TempDir Path src, @TempDir Path logs)
            throws Exception {
        Path log = logs.resolve("events.log");
        ClojureSystem.write(src, "hello", log);
        BlockingQueue<Object> loadedAhead = new LinkedBlockingQueue<>();
        // a debounce longer than the test: the watcher never resets, the full reset below is the only one
        try (Reloader r = Reloader.builder(env(CLOJURE, TOOLS_NAMESPACE)).classes(src)
                .start("clojure:dev/go").stop("clojure:dev/halt").debounce(Duration.ofHours(1))
                .init(p -> loadedAhead.add(p.eval("clojure", "(some? (find-ns 'app.component))")))
                .build()) {
            assertTrue(r.start().succeeded());
            assertEquals(true, loadedAhead.poll(2, TimeUnit.MINUTES), "the first pod loaded the namespaces ahead");
            assertEquals(true, loadedAhead.poll(2, TimeUnit.MINUTES), "so did the warm pod after it");
            assertEquals(List.of("start hello"), Files.readAllLines(log), "nothing started ahead");

            Pod before = r.pod();
            ClojureSystem.config(src, "changed after the warm pod loaded it");
            Reloader.Reset full = r.fullReset();
            assertTrue(full.succeeded(), () -> full.failure().get().toString());
            assertEquals(Reloader.Kind.WARM_POD, full.kind());
            assertNotSame(before, r.pod());
            assertEquals("changed after the warm pod loaded it", r.pod().call("clojure:dev/greeting"));
            assertEquals(List.of("start hello", "stop hello", "start changed after the warm pod loaded it"),
                    Files.readAllLines(log));
            assertFalse(r.pod().classpath().stream().anyMatch(p -> p.getFileName().toString().startsWith("pods-reload-")),
                    "a Clojure system needs no holder directory on the classpath: " + r.pod().classpath());
        }
    }

    @Test
    void afterAChangeTheWarmPodLoadsItInTheBackgroundSoAFullResetReloadsNothing(@TempDir Path src, @TempDir Path logs)
            throws Exception {
        ClojureSystem.write(src, "hello", null);
        Path loads = logs.resolve("loads.log");
        BlockingQueue<Reloader.Reset> resets = new LinkedBlockingQueue<>();
        try (Reloader r = Reloader.builder(env(CLOJURE, TOOLS_NAMESPACE)).classes(src)
                .start("clojure:dev/go").stop("clojure:dev/halt").debounce(Duration.ofMillis(50))
                .listener(resets::add).build()) {
            loggingConfig(src, "v1", loads);
            assertTrue(r.start().succeeded());
            next(resets);
            awaitCount(loads, "load v1 ", 2, "the running pod and the warm pod loaded v1");

            loggingConfig(src, "v2", loads);
            Reloader.Reset refreshed = next(resets);
            assertEquals(Reloader.Kind.REFRESH, refreshed.kind());
            awaitCount(loads, "load v2 ", 2, "the running pod (refresh), then the warm pod (in the background) loaded v2");

            Reloader.Reset full = r.fullReset();
            assertTrue(full.succeeded(), () -> full.failure().get().toString());
            assertEquals(Reloader.Kind.WARM_POD, full.kind());
            assertEquals("v2", r.pod().call("clojure:dev/greeting"));
            Object id = r.pod().eval("clojure", "(System/identityHashCode (.getClassLoader clojure.lang.RT))");
            assertEquals(List.of("load v1 " + id, "load v2 " + id),
                    Files.readAllLines(loads).stream().filter(l -> l.endsWith(" " + id)).toList(),
                    "the pod loaded v1 when made, v2 in the background, nothing at the full reset");
        }
    }

    /** An app.config that appends "load GREETING POD-ID" to the log whenever a pod loads it. */
    private static void loggingConfig(Path src, String greeting, Path log) throws Exception {
        ClojureSystem.config(src, greeting);
        Path config = src.resolve("app/config.clj");
        FileTime t = Files.getLastModifiedTime(config);
        Files.writeString(config, Files.readString(config) + "(spit \"" + log.toString().replace("\\", "\\\\")
                + "\" (str \"load \" greeting \" \" (System/identityHashCode (.getClassLoader clojure.lang.RT)) \"\\n\")"
                + " :append true)\n");
        Files.setLastModifiedTime(config, t);
    }

    private static void awaitCount(Path file, String prefix, int n, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.stream().filter(l -> l.startsWith(prefix)).count() >= n) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError(what + ": fewer than " + n + " lines '" + prefix + "...' within two minutes: " + lines);
    }

    @Test
    void withoutToolsNamespaceEveryChangeTakesAWarmPod(@TempDir Path src) throws Exception {
        ClojureSystem.write(src, "one", null);
        BlockingQueue<Reloader.Reset> resets = new LinkedBlockingQueue<>();
        try (Reloader r = Reloader.builder(env(CLOJURE)).classes(src).start("clojure:dev/go")
                .stop("clojure:dev/halt").debounce(Duration.ofMillis(50)).listener(resets::add).build()) {
            assertTrue(r.start().succeeded());
            next(resets);
            Pod pod = r.pod();
            Reloader.Reset reset = r.reset();
            assertTrue(reset.succeeded(), () -> reset.failure().get().toString());
            assertEquals(Reloader.Kind.WARM_POD, reset.kind());
            assertNotSame(pod, r.pod());
            assertEquals("one", r.pod().call("clojure:dev/greeting"));
        }
    }

    @Test
    void startAndStopMustBeOfOneKind(@TempDir Path src) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reloader.builder(env())
                .classes(src).start("clojure:dev/go").stop("com.acme.Main/stop").build());
        assertTrue(e.getMessage().contains("must both be Clojure vars (clojure:ns/name) or both Java methods"),
                e.getMessage());
        PodTargetException bad = assertThrows(PodTargetException.class,
                () -> Reloader.builder(env()).start("clojure:go"));
        assertEquals("has no '/' between the namespace and the name", bad.problem(), bad.getMessage());
    }
}
