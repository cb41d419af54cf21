package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.CallTarget;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodTargetException;
import dev.pods.testing.BadCallTargets;
import dev.pods.testing.Jars;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload loop over real class files. Pods come from {@link #pods()}: here the minimal
 * {@link LoaderPod}, in {@link RealPodReloaderTest} real pods over a fabricated repository.
 */
class ReloaderTest {
    static final PodEnv DEPS = PodEnv.empty().withDefaultRepositories(false).withName("app");

    @TempDir
    Path tmp;

    Function<PodEnv, Pod> pods() {
        return LoaderPod::new;
    }

    /** An application whose start/stop append to a log file; {@code version()} tells which code runs. */
    static String app(String version, Path log, boolean failStart) {
        String logPath = log.toString().replace("\\", "\\\\");
        return "package app;\n"
                + "import java.nio.file.*;\n"
                + "public class Main {\n"
                + "  public static String version() { return lib.Lib.tag() + \"" + version + "\"; }\n"
                + "  static void log(String s) {\n"
                + "    try { Files.writeString(Path.of(\"" + logPath + "\"), s + \"\\n\", StandardOpenOption.CREATE,"
                + " StandardOpenOption.APPEND); } catch (Exception e) { throw new RuntimeException(e); }\n"
                + "  }\n"
                + "  public static Object start() {\n"
                + (failStart ? "    throw new IllegalStateException(\"start of " + version + " broke\");\n"
                        : "    log(\"start " + version + "\"); return new StringBuilder(\"" + version + "\");\n")
                + "  }\n"
                + "  public static void stop(Object system) { log(\"stop \" + system); }\n"
                + "}\n";
    }

    static final String LIB = "package lib; public class Lib { public static String tag() { return \"lib:\"; } }";

    /** A dependency jar (what the pool keeps warm); the application's classes use it. */
    static Path libJar(Path dir) {
        Path jar = dir.resolve("lib-1.0.jar");
        if (!Files.exists(jar)) {
            Jars.writeJar(jar, Jars.compile(Map.of("lib.Lib", LIB)), Map.of());
        }
        return jar;
    }

    /** The dependency env: here the lib jar as a classpath entry; the real-pod tests resolve it from a repository. */
    PodEnv deps() {
        return DEPS.withClasspath(libJar(tmp));
    }

    static void compileInto(Path classes, String source) {
        Path lib = libJar(classes.getParent());
        Jars.writeDir(classes, Jars.compile(Map.of("app.Main", source), List.of(lib)));
    }

    @Test
    @Timeout(60)
    void aChangedClassFileIsRunningAfterTheResetAndAFailingStartDoesNotStopTheLoop() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path log = tmp.resolve("log.txt");
        compileInto(classes, app("v1", log, false));
        BlockingQueue<Reloader.Reset> resets = new LinkedBlockingQueue<>();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (Reloader r = Reloader.builder(deps()).classes(classes).start("app.Main/start").stop("app.Main/stop")
                .debounce(Duration.ofMillis(50)).listener(resets::add).podFactory(pods()).build()) {
            Reloader.Reset first = r.start();
            assertTrue(first.succeeded(), () -> first.failure().toString());
            assertEquals(1, first.generation());
            assertEquals(first, resets.take());
            assertEquals("lib:v1", r.pod().call("app.Main/version"));
            Pod firstPod = r.pod();
            loaders.add(new WeakReference<>(firstPod.classLoader()));

            compileInto(classes, app("v2", log, false));
            Reloader.Reset second = resets.poll(20, TimeUnit.SECONDS);
            assertTrue(second != null, "no reset after a class file changed");
            assertTrue(second.succeeded(), () -> second.failure().toString());
            assertTrue(second.changed().contains(classes.resolve("app/Main.class")), second.changed().toString());
            assertEquals("lib:v2", r.pod().call("app.Main/version"));
            assertNotSame(firstPod, r.pod());
            firstPod = null;
            assertEquals(List.of("start v1", "stop v1", "start v2"), Files.readAllLines(log));

            compileInto(classes, app("v3", log, true));
            Reloader.Reset third = resets.poll(20, TimeUnit.SECONDS);
            assertTrue(third != null, "no reset after a class file changed");
            assertFalse(third.succeeded());
            String msg = third.failure().get().getMessage();
            assertTrue(msg.contains("app.Main/start") && msg.contains("start of v3 broke"), msg);

            compileInto(classes, app("v4", log, false));
            Reloader.Reset fourth = resets.poll(20, TimeUnit.SECONDS);
            assertTrue(fourth != null, "the loop stopped watching after a failed start");
            assertTrue(fourth.succeeded(), () -> fourth.failure().toString());
            assertEquals("lib:v4", r.pod().call("app.Main/version"));
            assertEquals(List.of("start v1", "stop v1", "start v2", "stop v2", "start v4"), Files.readAllLines(log));
            assertTrue(fourth.generation() > third.generation());

            for (int i = 0; i < 3; i++) {
                loaders.add(new WeakReference<>(r.pod().classLoader()));
                compileInto(classes, app("v" + (5 + i), log, false));
                Reloader.Reset next = resets.poll(20, TimeUnit.SECONDS);
                assertTrue(next != null && next.succeeded(), String.valueOf(next));
                assertEquals("lib:v" + (5 + i), r.pod().call("app.Main/version"));
            }
            Reloader.Reset manual = r.reset();
            assertTrue(manual.succeeded());
            assertEquals("lib:v7", r.pod().call("app.Main/version"));
        }
        assertTrue(PoolWithPodsTest.collected(loaders), PoolWithPodsTest.alive(loaders) + " old pods' loaders still reachable");
        List<String> lines = Files.readAllLines(log);
        assertEquals("stop v7", lines.get(lines.size() - 1), "close stops the system");
    }

    @Test
    @Timeout(60)
    void newSubdirectoriesAreWatched() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path log = tmp.resolve("log.txt");
        BlockingQueue<Reloader.Reset> resets = new LinkedBlockingQueue<>();
        try (Reloader r = Reloader.builder(deps()).classes(classes).start("app.Main/start")
                .debounce(Duration.ofMillis(50)).listener(resets::add).podFactory(pods()).build()) {
            Reloader.Reset first = r.start(); // nothing compiled yet: the start fails, the loop watches
            assertFalse(first.succeeded());
            resets.take();
            compileInto(classes, app("v1", log, false)); // creates classes/app/ and then the class file
            Reloader.Reset next;
            do {
                next = resets.poll(20, TimeUnit.SECONDS);
                assertTrue(next != null, "no reset after classes appeared");
            } while (!next.succeeded());
            assertEquals("lib:v1", r.pod().call("app.Main/version"));
        }
    }

    @Test
    @Timeout(60)
    void aPodTakenJustBeforeAResetStillTakesTheCallItsCallerMakes() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compileInto(classes, app("v1", tmp.resolve("log.txt"), false));
        try (Reloader r = Reloader.builder(deps()).classes(classes).start("app.Main/start").stop("app.Main/stop")
                .podFactory(pods()).build()) {
            assertTrue(r.start().succeeded());
            Pod taken = r.pod();        // a request thread takes the pod ...
            assertTrue(r.reset().succeeded()); // ... a reset runs before its call ...
            assertNotSame(taken, r.pod());
            // ... and the call still works: the retired pod stays open for the pool's grace (1 s).
            // Without the grace its destruction starts at once and takes milliseconds.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < deadline) {
                assertFalse(taken.isClosed(), "the retired pod closed within its grace");
                Thread.sleep(5);
            }
            assertEquals("lib:v1", taken.call("app.Main/version"));
            PodClosedException e = assertThrows(PodClosedException.class, () -> {
                r.close();
                r.reset();
            });
            assertTrue(e.getMessage().startsWith("the reloader of 'app' is closed: cannot reset;"), e.getMessage());
        }
    }

    @Test
    void theBuilderChecksOnceAndNamesWhatIsWrong(@TempDir Path dir) throws Exception {
        Reloader.Builder b = Reloader.builder(DEPS);
        assertThrows(IllegalStateException.class, b::build);
        for (String text : BadCallTargets.ALL) {
            String expected = assertThrows(PodTargetException.class, () -> CallTarget.parse(text)).getMessage();
            assertEquals(expected, assertThrows(PodTargetException.class, () -> b.start(text)).getMessage());
            assertEquals(expected, assertThrows(PodTargetException.class, () -> b.stop(text)).getMessage());
        }
        b.start("app.Main/start");
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.start("app.Other/go"));
        assertTrue(twice.getMessage().contains("app.Main/start"));
        assertThrows(IllegalArgumentException.class, () -> b.classes(dir.resolve("missing")));
        assertThrows(IllegalStateException.class, b::build, "classes are required");
        assertThrows(IllegalArgumentException.class, () -> b.poolSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.debounce(Duration.ZERO));
        Reloader r = b.classes(dir).podFactory(pods()).build();
        assertThrows(IllegalStateException.class, r::reset, "not started");
        r.close();
        assertThrows(PodClosedException.class, r::start);
    }
}
