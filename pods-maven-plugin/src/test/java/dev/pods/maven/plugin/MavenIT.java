package dev.pods.maven.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plugin and pod-maven inside real Maven builds: the Maven on the PATH (3.8) and a 3.9
 * distribution, offline against a local repository the test prepares ({@link ItWorkspace}).
 *
 * <p>One sample reactor exercises the success paths in one run per Maven: the README's example
 * mojo at two versions of a tool, a program whose dependencies conflict with Maven's own, a
 * program that leaves a non-daemon thread, a warm pod reused by a second module, and
 * {@code pods:deps}. A second reactor fails six ways at once ({@code -fae}), each with one
 * clear message. Runs cost seconds each, so there are few.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MavenIT {
    private ItWorkspace ws;

    @BeforeAll
    void prepare() throws Exception {
        ws = ItWorkspace.create();
        // The one online run: fills the tests' repository from the outer build's (a file: mirror).
        Mvn.Run prime = Mvn.onPath().run(ws, ws.sample("reactor"), "prime", null, "validate");
        assertTrue(prime.succeeded(), "priming the tests' local repository failed: " + prime + "\n" + tail(prime));
    }

    @Test
    void sampleReactorOnTheMavenOnThePath() throws Exception {
        Mvn.Run run = Mvn.onPath().run(ws, ws.sample("reactor"), "reactor", "-verbose:class", "-o", "validate");
        assertReactor(run);
    }

    @Test
    @Tag("central")
    void sampleReactorOnMaven39() throws Exception {
        Mvn.Run run = maven39().run(ws, ws.sample("reactor"), "reactor", "-verbose:class", "-o", "validate");
        assertReactor(run);
    }

    @Test
    void eachFailureIsOneClearMavenErrorOnTheMavenOnThePath() throws Exception {
        assertFailures(Mvn.onPath().run(ws, ws.sample("failures"), "failures", null, "-o", "-fae", "validate"));
    }

    @Test
    @Tag("central")
    void eachFailureIsOneClearMavenErrorOnMaven39() throws Exception {
        assertFailures(maven39().run(ws, ws.sample("failures"), "failures", null, "-o", "-fae", "validate"));
    }

    /** The README's command line: no project, coordinates and arguments as properties. */
    @Test
    void runsFromTheCommandLineWithoutAProject() throws Exception {
        Path empty = Files.createDirectories(ws.work.resolve("no-project"));
        Mvn.Run run = Mvn.onPath().run(ws, empty, "no-project", null, "-o",
                "dev.pods:pods-maven-plugin:" + ws.version + ":java",
                "-Dpods.mainClass=dev.pods.it.Conflicts", "-Dpods.dependencies=dev.pods.it:programs:1.0",
                "-Dpods.arguments=p,q");
        assertTrue(run.succeeded(), run + "\n" + tail(run));
        assertContains(run, "[INFO] args: [p, q]");
        assertContains(run, "[INFO] guava: x{v=16}");
    }

    /**
     * In-process, the program's {@code System.exit} ends Maven's JVM with its code, before Maven
     * reports anything: what exec:java does too, and why {@code isolation=process} exists.
     */
    @Test
    void systemExitInProcessEndsMavenWithTheProgramsCode() throws Exception {
        Mvn.Run run = Mvn.onPath().run(ws, ws.sample("exits"), "exits", null, "-o", "validate");
        assertEquals(3, run.exitCode(), run + "\n" + tail(run));
        assertContains(run, "[INFO] exiting with 3");
        assertFalse(run.output().contains("BUILD SUCCESS") || run.output().contains("BUILD FAILURE"),
                "Maven got no chance to report: " + tail(run));
    }

    private void assertReactor(Mvn.Run run) {
        assertTrue(run.succeeded(), run + "\n" + tail(run));
        // The example mojo: one tool at two versions in one build; stdout at info, stderr at warn,
        // each version's output before the mojo's own line.
        for (String[] v : new String[][] {{"1.0", "a b"}, {"2.0", "c"}}) {
            assertInOrder(run, "[INFO] tool " + v[0] + " running", "[INFO] tool " + v[0] + " says: " + v[1]);
            assertContains(run, "[WARNING] tool " + v[0] + " warns");
        }
        // Dependencies that conflict with Maven's own: the program gets its own Guava and Resolver API,
        // and sees neither Maven's classes nor the plugin's.
        assertContains(run, "[INFO] guava: x{v=16}");
        assertContains(run, "[INFO] resolver-api: maven-resolver-api-" + ItWorkspace.property("pods.it.resolverVersion")
                + ".jar, CloseableSession");
        assertContains(run, "[INFO] maven: org.apache.maven.plugin.Mojo hidden");
        assertContains(run, "[INFO] pods plugin: dev.pods.maven.plugin.JavaMojo hidden");
        assertContains(run, "[INFO] args: [x, y z]");
        assertContains(run, "[INFO] property it.greeting=hello");
        // A non-daemon thread left behind is ended when main returns, and reported; the build goes on.
        assertInOrder(run, "[INFO] main returns, leaving it-worker", "[INFO] it-worker interrupted, ending",
                "[WARNING] pod 'java' left 1 thread running when it returned; ended at close: 'it-worker'");
        // The threads module has the conflicts module's classpath: its clean pod was made in advance.
        assertContains(run, "clean pod made in advance, run 2 in this build");
        // warm-b reuses warm-a's pod: its static counter goes on.
        assertInOrder(run, "[INFO] hello #1", "warm pod, run 2 in this build", "[INFO] hello #2");
        // pods:deps in the build's resolution settings.
        assertContains(run, "[INFO]   dev.pods.it:util: 1.0 chosen");
        assertContains(run, "loses  2.0 via dev.pods.it:lib-b:1.0 -> dev.pods.it:util:2.0");
        assertContains(run, "[INFO] Why dev.pods.it:util:");
        assertContains(run, "[INFO]   dev.pods.it:lib-a:1.0 -> dev.pods.it:util:1.0");
        // Every pod closed at the end of the build had its loader collected.
        assertFalse(run.output().contains("still reachable"), tail(run));
        // Pods' own resolver stack never loaded in the plugin realms (-verbose:class lists every class).
        List<String> loaded = run.output().lines().filter(l -> l.startsWith("[") && l.contains("[class,load]"))
                .collect(Collectors.toList());
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.pods.runtime.LocalPod ")),
                "-verbose:class shows the runtime's classes: " + run.log());
        List<String> resolverStack = loaded.stream()
                .filter(l -> l.contains(" dev.pods.runtime.resolve.") || l.contains("org.eclipse.aether.supplier")
                        || l.contains("org.jgrapht"))
                .collect(Collectors.toList());
        assertEquals(List.of(), resolverStack, "Pods' own resolver stack was loaded in Maven");
        // Nor did Maven ever resolve it for a plugin: it is not even in the tests' repository.
        assertFalse(Files.exists(ws.repo.resolve("org/apache/maven/resolver/maven-resolver-supplier-mvn3")),
                "Maven resolved Pods' own resolver stack for a plugin");
        assertFalse(Files.exists(ws.repo.resolve("org/jgrapht")), "Maven resolved JGraphT for a plugin");
    }

    private void assertFailures(Mvn.Run run) {
        assertEquals(1, run.exitCode(), run + "\n" + tail(run));
        assertContains(run, "BUILD FAILURE");
        assertContains(run, "in offline mode and the artifact dev.pods.it:absent:jar:9.9 has not been downloaded from it before");
        assertContains(run, "main class dev.pods.it.Nope is not on the pod's classpath");
        assertContains(run, "malformed coordinate 'just-a-name'");
        assertContains(run, "dev.pods.it.Slow did not return within 1s");
        // A process pod contains the program's System.exit: one clear failure with the exit code.
        assertContains(run, "dev.pods.it.Exits exited with code 3");
        assertContains(run, "dev.pods.it.Boom.main threw java.lang.IllegalStateException: boom");
        // The program's own stack trace is logged, cut where the program was entered.
        assertInOrder(run, "[ERROR] java.lang.IllegalStateException: boom", "\tat pod:java//dev.pods.it.Boom.main(Boom.java:5)",
                "frames of Pods and Maven");
        // Errors, not stack traces of the plugin's machinery (Maven prints those only with -e).
        assertFalse(run.output().contains("at dev.pods.maven."), tail(run));
    }

    private Mvn maven39() {
        return Mvn.at(Path.of(ItWorkspace.property("pods.it.maven39")));
    }

    private static void assertContains(Mvn.Run run, String text) {
        assertTrue(run.output().contains(text), "expected '" + text + "' in the output of " + run + "\n" + tail(run));
    }

    private static void assertInOrder(Mvn.Run run, String... texts) {
        int at = -1;
        for (String t : texts) {
            int i = run.output().indexOf(t, at + 1);
            assertTrue(i > at, "expected '" + t + "' after the previous expected lines in " + run + "\n" + tail(run));
            at = i;
        }
    }

    /** The output without -verbose:class noise, its last lines. */
    private static String tail(Mvn.Run run) {
        List<String> lines = run.output().lines().filter(l -> !l.contains("[class,load]")).collect(Collectors.toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
