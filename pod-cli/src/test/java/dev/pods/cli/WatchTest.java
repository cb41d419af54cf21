package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.Jars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pods watch}: a changed class file resets the system into a warm pod with the new code. */
@Timeout(120)
class WatchTest {
    @TempDir
    Path tmp;

    private void writeApp(Path classes, String version) throws IOException {
        Map<String, byte[]> compiled = Jars.compile(Map.of("app.Main", "package app;\n"
                + "public class Main {\n"
                + "  public static Object start() { System.out.println(\"started " + version + "\"); return \"" + version + "\"; }\n"
                + "  public static void stop(Object system) { System.out.println(\"stopped \" + system); }\n"
                + "}\n"), List.of());
        for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
            Path f = classes.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    @Test
    void aChangedClassResetsTheSystem() throws Exception {
        Path classes = tmp.resolve("classes");
        writeApp(classes, "v1");
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings/>\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"watch",
                "-s", settings.toString(), "--no-default-repo", "--local-repo", tmp.resolve("local").toString(),
                "--classes", classes.toString(), "--start", "app.Main/start", "--stop", "app.Main/stop",
                "--max-resets", "2"}, new ByteArrayInputStream(new byte[0]), o, e));
        // The reloader registers its watch on the class folders before the first start, so the
        // change right after "started v1" is seen (no settling time needed).
        awaitText(out, "started v1", code);
        writeApp(classes, "v2");
        int exit = code.get(60, TimeUnit.SECONDS);
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, stdout + stderr);
        assertTrue(stdout.contains("stopped v1") && stdout.contains("started v2"), stdout + stderr);
        assertTrue(stderr.contains("started in") && stderr.contains("reset #2 in"), stderr);
    }

    @Test
    void resetTypedOnTheInputMovesTheSystemToAFreshPod() throws Exception {
        Path classes = tmp.resolve("classes");
        writeApp(classes, "v1");
        Run r = Run.withInput("status\n:reset\n", "watch", "--no-default-repo", "--local-repo",
                tmp.resolve("local").toString(), "--classes", classes.toString(), "--start", "app.Main/start",
                "--stop", "app.Main/stop", "--max-resets", "2");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("started v1", "stopped v1", "started v1", "stopped v1"), r.out().lines().toList(),
                () -> "reset, then stopped at the exit: " + r);
        assertTrue(r.err().contains("'status' is not a watch command; type :reset for a full reset"), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("reset #2 in ") && l.endsWith(", in a fresh warm pod")),
                r::toString);
    }

    @Test
    void aFailingStartIsReportedAsAUserError() throws Exception {
        Path classes = tmp.resolve("classes");
        writeApp(classes, "v1");
        Run r = Run.of("watch", "--no-default-repo", "--classes", classes.toString(),
                "--start", "app.Missing/start", "--max-resets", "1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("start failed") && r.err().contains("app.Missing"), r::toString);
    }

    private static void awaitText(ByteArrayOutputStream out, String text, CompletableFuture<Integer> code)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            if (code.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in: " + out.toString(StandardCharsets.UTF_8)
                        + (code.isDone() ? " (exited " + code.join() + ")" : ""));
            }
            Thread.sleep(20);
        }
    }
}
