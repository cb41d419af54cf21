package dev.pods.runtime.clojure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodException;
import dev.pods.runtime.Pods;
import dev.pods.testing.ClojureSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pods.pod/prepare} (what a Clojure system's warm pods run in the background) and the start
 * that follows, over Clojure and tools.namespace from Maven Central: the application's namespaces
 * are loaded ahead without starting anything, and the start reloads exactly what differs from the
 * files, compared by content, never serving code older than the files.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClojurePrepareIntegrationTest {
    static final String TOOLS_NAMESPACE = "org.clojure:tools.namespace:1.5.0";

    private static Pod pod(Path src) {
        return Pods.create(ClojurePodIntegrationTest.env("prepare", "org.clojure:clojure:" + ClojurePodIntegrationTest.NEW,
                TOOLS_NAMESPACE).withClasspath(src));
    }

    /** Puts a var into each namespace: a namespace reloaded since has lost it. */
    private static void mark(Pod pod) {
        pod.eval("clojure", "(doseq [n '[app.config app.component dev]] (intern n 'marker 42))");
    }

    private static List<?> marked(Pod pod) {
        return (List<?>) pod.eval("clojure", "(vec (for [n '[app.config app.component dev]]"
                + " (boolean (ns-resolve n 'marker))))");
    }

    @Test
    void aPreparedPodHasLoadedTheApplicationAndStartsItWithoutReloadingWhenNothingChanged(@TempDir Path src,
            @TempDir Path logs) throws IOException {
        Path log = logs.resolve("events.log");
        ClojureSystem.write(src, "hello", log);
        try (Pod pod = pod(src)) {
            assertEquals("prepared", pod.call("clojure:pods.pod/prepare"));
            mark(pod);
            assertTrue(Files.notExists(log), "loaded, not started");

            assertEquals("refreshed", pod.call("clojure:pods.pod/start-system", "dev/go"));
            assertEquals(List.of(true, true, true), marked(pod), "nothing was reloaded");
            assertEquals("hello", pod.call("clojure:dev/greeting"));
            assertEquals(List.of("start hello"), Files.readAllLines(log));
        }
    }

    @Test
    void aChangeTheTimestampsDoNotShowIsReloadedWithItsDependents(@TempDir Path src) throws IOException {
        ClojureSystem.write(src, "hello", null);
        Path config = src.resolve("app/config.clj");
        try (Pod pod = pod(src)) {
            assertEquals("prepared", pod.call("clojure:pods.pod/prepare"));
            mark(pod);
            // a save within the timestamp's resolution: same size, same modification time
            FileTime before = Files.getLastModifiedTime(config);
            Files.writeString(config, Files.readString(config).replace("hello", "howdy"));
            Files.setLastModifiedTime(config, before);

            pod.call("clojure:pods.pod/start-system", "dev/go");
            assertEquals("howdy", pod.call("clojure:dev/greeting"));
            assertEquals(List.of(false, false, false), marked(pod), "app.config and the namespaces requiring it reloaded");

            // the same in a running pod (what a REFRESH reset does): stop, change, start
            pod.call("clojure:pods.pod/stop-system", "dev/halt");
            mark(pod);
            Files.writeString(src.resolve("dev.clj"), Files.readString(src.resolve("dev.clj")) + "(defn extra [] 1)\n");
            Files.setLastModifiedTime(src.resolve("dev.clj"), Files.getLastModifiedTime(config));
            pod.call("clojure:pods.pod/start-system", "dev/go");
            assertEquals(List.of(true, true, false), marked(pod), "only dev, which nothing requires, reloaded");
            assertEquals((Object) 1L, pod.call("clojure:dev/extra"));
        }
    }

    @Test
    void aChangedResourceReloadsEveryNamespaceAndADeletedOneIsUnloaded(@TempDir Path src) throws IOException {
        ClojureSystem.write(src, "hello", null);
        // (tools.namespace tracks a namespace that requires or is required by another)
        Files.writeString(src.resolve("app/extra.clj"), "(ns app.extra (:require [app.config]))\n");
        try (Pod pod = pod(src)) {
            assertEquals("prepared", pod.call("clojure:pods.pod/prepare"));
            assertEquals(true, pod.eval("clojure", "(some? (find-ns 'app.extra))"));
            mark(pod);
            Files.delete(src.resolve("app/extra.clj"));
            Files.writeString(src.resolve("app/settings.edn"), "{:port 1}");

            pod.call("clojure:pods.pod/start-system", "dev/go");
            assertEquals(List.of(false, false, false), marked(pod), "a resource a namespace may read changed: all reloaded");
            assertEquals(false, pod.eval("clojure", "(some? (find-ns 'app.extra))"), "the deleted namespace is gone");
        }
    }

    @Test
    void codeThatFailsToLoadIsReportedByTheStartAndLoadedAfresh(@TempDir Path src) throws IOException {
        ClojureSystem.write(src, "hello", null);
        ClojureSystem.breakConfig(src);
        try (Pod pod = pod(src)) {
            Object how = pod.call("clojure:pods.pod/prepare");
            assertTrue(how.toString().startsWith("failed: "), how.toString());
            PodException e = assertThrows(PodException.class, () -> pod.call("clojure:pods.pod/start-system", "dev/go"));
            assertTrue(e.getMessage().contains("Syntax error reading source at (app/config.clj:3:1)"), e.getMessage());

            ClojureSystem.config(src, "fixed");
            pod.call("clojure:pods.pod/start-system", "dev/go");
            assertEquals("fixed", pod.call("clojure:dev/greeting"));
        }
    }

    @Test
    void directoriesWithCompiledClassesAreNotLoadedAhead(@TempDir Path src) throws IOException {
        ClojureSystem.write(src, "hello", null);
        Files.write(src.resolve("app/Compiled.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        try (Pod pod = pod(src)) {
            Object how = pod.call("clojure:pods.pod/prepare");
            assertTrue(how.toString().startsWith("not prepared: the application's directories hold compiled classes"),
                    how.toString());
            assertEquals(false, pod.eval("clojure", "(some? (find-ns 'app.config))"));
            pod.call("clojure:pods.pod/start-system", "dev/go");
            assertEquals("hello", pod.call("clojure:dev/greeting"));
        }
    }
}
