package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.ClojureSystem;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pods watch} with Clojure vars for start and stop, over Clojure and tools.namespace from
 * Maven Central: a saved change is refreshed in the running pod, {@code :reset} typed on its input
 * moves the system to a fresh warm pod, and each line says which happened.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WatchClojureIntegrationTest {
    static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");

    @Test
    void changesAreRefreshedInThePodAndResetTakesAFreshOne(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        Path log = tmp.resolve("events.log");
        ClojureSystem.write(src, "hello", log);
        Screen out = new Screen();
        Screen err = new Screen();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keys);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"watch",
                "--local-repo", LOCAL.toString(), "-d", "org.clojure:clojure:1.12.3",
                "-d", "org.clojure:tools.namespace:1.5.0", "--classes", src.toString(),
                "--start", "clojure:dev/go", "--stop", "clojure:dev/halt", "--max-resets", "3"}, stdin, o, e));
        try {
            int at = err.await("started in ", 0, 120);
            ClojureSystem.config(src, "hi");
            at = err.await(", refreshed in the running pod (", at, 60);
            assertTrue(err.toString().contains("reset #2 in "), err.toString());

            keys.write("(what)\n".getBytes(StandardCharsets.UTF_8));
            at = err.await("'(what)' is not a watch command; type :reset", at, 30);
            keys.write(":reset\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertEquals(0, code.get(2, TimeUnit.MINUTES), () -> out + "\n" + err);
            err.await("reset #3 in ", at, 1);
            assertTrue(err.toString().contains(", in a fresh warm pod"), err.toString());
            assertEquals(List.of("start hello", "stop hello", "start hi", "stop hi", "start hi", "stop hi"), Files.readAllLines(log),
                    "the exit stopped the system");
        } finally {
            keys.close();
        }
    }
}
