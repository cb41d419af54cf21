package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.CallTarget;
import dev.pods.PodTargetException;
import dev.pods.testing.BadCallTargets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, usage errors and argument checks: everything that fails before a pod is made. */
class ArgumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "eval", "call", "deps", "watch"})
    void everyCommandHasHelpQuietAndVerbose(String command) {
        Run r = Run.of(command, "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Usage: pods " + command), r::toString);
        assertTrue(r.out().contains("--quiet") && r.out().contains("--verbose") && r.out().contains("--help"), r::toString);
    }

    @Test
    void noCommandPrintsUsage() {
        Run r = Run.of();
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("demo") && r.out().contains("eval") && r.out().contains("watch"), r::toString);
    }

    @Test
    void unknownOptionIsAUserErrorOnOneLine() {
        Run r = Run.of("eval", "--nope", "1");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains("--nope") && r.err().contains("pods eval --help"), r::toString);
    }

    @Test
    void unknownCommandIsAUserError() {
        Run r = Run.of("frobnicate");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("frobnicate"), r::toString);
    }

    @Test
    void missingCodeIsAUserError() {
        Run r = Run.of("eval", "-d", "a:b:1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("CODE"), r::toString);
    }

    @Test
    void callArgumentsMustBeJson() {
        Run r = Run.of("call", "-d", "a:b:1", "com.acme.Tool/run", "ab");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("argument 1 'ab' is not a JSON literal"), r::toString);
        assertTrue(r.err().contains("\"ab\""), "says how to write a string: " + r);
    }

    @Test
    void depsNeedsADependency() {
        Run r = Run.of("deps");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("-d group:artifact:version"), r::toString);
    }

    @Test
    void depsViewsAreExclusive() {
        Run r = Run.of("deps", "-d", "a:b:1", "--tree", "--conflicts");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("mutually exclusive"), r::toString);
    }

    @Test
    void missingSettingsFileIsAUserError(@TempDir Path tmp) {
        Run r = Run.of("deps", "-d", "a:b:1", "-s", tmp.resolve("nope.xml").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("settings file"), r::toString);
    }

    @Test
    void repoThatIsNeitherUrlNorFolderIsAUserError(@TempDir Path tmp) {
        Run r = Run.of("deps", "-d", "a:b:1", "--repo", tmp.resolve("missing").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("neither a URL nor an existing directory"), r::toString);
    }

    @Test
    void watchNeedsAClassDirectory(@TempDir Path tmp) {
        Run r = Run.of("watch", "--classes", tmp.resolve("missing").toString(), "--start", "a.B/start");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("is not a directory"), r::toString);
    }

    /** Each bad target is refused before anything resolves, with the parser's own message (the pod's, the reloader's). */
    @Test
    void callAndWatchRefuseBadTargetsWithTheParsersMessage(@TempDir Path tmp) {
        for (String bad : BadCallTargets.ALL) {
            String expected = "pods: " + assertThrows(PodTargetException.class, () -> CallTarget.parse(bad)).getMessage();
            Run call = Run.of("call", "--offline", "-d", "com.acme:absent:1", bad, "1");
            assertEquals(1, call.code(), call::toString);
            assertEquals(expected, call.err().strip(), call::toString);
            Run start = Run.of("watch", "--classes", tmp.toString(), "--start", bad);
            assertEquals(1, start.code(), start::toString);
            assertEquals(expected, start.err().strip(), start::toString);
            Run stop = Run.of("watch", "--classes", tmp.toString(), "--start", "a.B/start", "--stop", bad);
            assertEquals(1, stop.code(), stop::toString);
            assertEquals(expected, stop.err().strip(), stop::toString);
        }
    }

    @Test
    void demoRefusesDependencies() {
        Run r = Run.of("demo", "-d", "a:b:1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("leave out -d"), r::toString);
    }
}
