package dev.pods.runtime.clojure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Keyword;
import dev.pods.Pod;
import dev.pods.runtime.Pods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools.namespace's refresh inside a pod, with its default directories: it finds the pod's
 * source folder through the pod loader's URLs (clojure.java.classpath), not the host's classpath.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClojureRefreshIntegrationTest {
    static final String TOOLS_NAMESPACE = "org.clojure:tools.namespace:1.5.0";

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        // a later modification time than the last scan, whatever the file system's resolution
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
    }

    @Test
    void refreshReloadsChangedNamespacesInDependencyOrder(@TempDir Path src) throws IOException {
        write(src.resolve("app/config.clj"), "(ns app.config) (def greeting \"hello\")");
        write(src.resolve("app/core.clj"), "(ns app.core (:require [app.config :as c])) (defn greet [n] (str c/greeting \", \" n))");
        try (Pod pod = Pods.create(ClojurePodIntegrationTest.env("refresh", "org.clojure:clojure:" + ClojurePodIntegrationTest.NEW,
                TOOLS_NAMESPACE).withClasspath(src))) {
            List<?> dirs = (List<?>) pod.eval("clojure", "(require 'clojure.java.classpath)"
                    + " (map str (clojure.java.classpath/classpath-directories))");
            assertEquals(List.of(src.toFile().toString()), dirs, "the pod's own folders, not the host's");
            assertEquals("hello, pod", pod.call("clojure:app.core/greet", "pod"));

            assertEquals(Keyword.of("ok"), pod.call("clojure:clojure.tools.namespace.repl/refresh"));
            write(src.resolve("app/config.clj"), "(ns app.config) (def greeting \"hi\")");
            Object r = pod.call("clojure:clojure.tools.namespace.repl/refresh");
            assertEquals(Keyword.of("ok"), r);
            assertEquals("hi, pod", pod.call("clojure:app.core/greet", "pod"), "the dependent namespace was reloaded too");

            write(src.resolve("app/config.clj"), "(ns app.config) (def greeting");
            Object failed = pod.eval("clojure", "(clojure.tools.namespace.repl/refresh)");
            assertTrue(failed.toString().contains("EOF"), "refresh returns the failure: " + failed);
        }
    }
}
