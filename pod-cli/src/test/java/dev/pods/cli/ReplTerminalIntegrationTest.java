package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pods repl with Clojure from Maven Central: on a pseudo-terminal (the CLI in its own JVM under
 * {@code script}, which gives it a pty: JLine's editing, continuation prompt and history), and
 * reading standard input in-process.
 */
@Tag("integration")
@Tag("central")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplTerminalIntegrationTest {
    static final Path LOCAL = Path.of(System.getProperty("java.io.tmpdir"), "eval-it-local-repo");
    static final String CLOJURE = "org.clojure:clojure:1.12.3";

    @TempDir
    Path tmp;

    @Test
    void onATerminalEntriesAreEditedRecalledAndSpanLines() throws Exception {
        Path history = tmp.resolve("history");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                "dev.pods.cli.Main", "repl", "-q", "-d", CLOJURE, "--local-repo", quote(LOCAL.toString()),
                "--history", quote(history.toString()));
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null");
        pb.redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        try {
            Screen screen = Screen.of(p.getInputStream());
            OutputStream keys = p.getOutputStream();
            int at = screen.await("clojure=> ", 0, 120);
            type(keys, "(+ 1\r");
            at = screen.await("...> ", at, 30); // the entry is open: a continuation prompt
            type(keys, "2)\r");
            at = screen.await("3", at, 30);
            at = screen.await("clojure=> ", at, 30);
            type(keys, "\u001bOA\r"); // up arrow (keypad mode, as JLine sets the terminal): the last entry again
            at = screen.await("3", at, 30);
            at = screen.await("clojure=> ", at, 30);
            type(keys, "(def x \"before\")\r");
            at = screen.await("#'user/x", at, 30);
            // Ctrl-B four times: the cursor moves back over ) " c b, and X goes in there
            type(keys, "(str \"abc\")\u0002\u0002\u0002\u0002X\r");
            at = screen.await("\"aXbc\"", at, 30);
            type(keys, ":reset\r");
            at = screen.await(";; a fresh clojure pod", at, 60);
            type(keys, "x\r");
            at = screen.await("Unable to resolve symbol: x", at, 30);
            type(keys, ":quit\r");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the REPL did not end: " + screen.toString());
            assertEquals(0, p.exitValue(), screen.toString());
            List<String> saved = new ArrayList<>(Files.readAllLines(history));
            assertTrue(saved.stream().anyMatch(l -> l.contains("(def x")), "history was saved: " + saved);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutATerminalFormsAreReadFromStandardInput() {
        Run r = Run.withInput("(def x 1)\n(+ x\n   2)\n{:a [1 '(2)] :r 1/3 :s #{:k}}\n:reset\nx\n(str \"still\" \" here\")\n",
                "repl", "-q", "-d", CLOJURE, "--local-repo", LOCAL.toString());
        List<String> out = r.out().lines().toList();
        assertEquals("#'user/x", out.get(0), r.toString());
        assertEquals("3", out.get(1), r.toString());
        assertEquals("{:a [1 (2)], :r 1/3, :s #{:k}}", out.get(2), r.toString());
        assertTrue(out.get(3).startsWith(";; a fresh clojure pod"), r.toString());
        assertEquals("\"still here\"", out.get(4), r.toString());
        assertTrue(r.err().contains("error: clojure code did not compile") && r.err().contains("Unable to resolve symbol: x"),
                r.toString());
        assertEquals(Main.USER_ERROR, r.code(), "a failed entry makes a script's exit code 1");
    }

    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
