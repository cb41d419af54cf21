package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodJvm;
import dev.pods.testing.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archive of process pods' JVMs: made once per setup in the background
 * (a training run, then a real {@code -Xshare:dump}), then used; never for class directories or
 * when the user set class data sharing options; a changed jar is another setup.
 */
class ClassDataSharingTest {
    @TempDir
    Path dir;

    private Path jar(String name) {
        return Jars.writeJar(dir.resolve(name), Jars.compile(PodFixtures.hello("cds")), Map.of());
    }

    /** A stand-in for the training child: writes the class list a real one would record. */
    private static BiConsumer<PodJvm, List<String>> fakeTraining(List<List<String>> calls) {
        return (jvm, options) -> {
            calls.add(options);
            String file = options.get(0).substring("-XX:DumpLoadedClassList=".length());
            try {
                Files.writeString(Path.of(file), "java/lang/Object\njava/lang/String\ncom/acme/Hello\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    @Timeout(120)
    void anArchiveIsMadeOnceAndThenUsed() throws Exception {
        Path cache = dir.resolve("cds");
        List<Path> cp = List.of(jar("runtime.jar"));
        Path java = ProcessLauncher.hostJava();
        List<Path> asked = new CopyOnWriteArrayList<>();
        ClassDataSharing cds = new ClassDataSharing(cache, (j, runtime, jvm, archive) -> asked.add(archive));
        assertEquals(List.of(), cds.options(java, cp, PodJvm.defaults()), "no archive yet: children start without");
        assertEquals(List.of(), cds.options(java, cp, PodJvm.defaults()));
        Path archive = cache.resolve("pods-" + ClassDataSharing.key(java, cp, PodJvm.defaults()) + ".jsa");
        assertEquals(List.of(archive), asked, "its making was started once");

        // What the job does: a training run (here a stand-in writing a class list), then a real dump.
        List<List<String>> trainings = new CopyOnWriteArrayList<>();
        assertTrue(ClassDataSharing.make(java, cp, PodJvm.defaults(), archive, fakeTraining(trainings)));
        assertEquals(1, trainings.size());
        assertTrue(trainings.get(0).get(0).startsWith("-XX:DumpLoadedClassList="), trainings.toString());
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"),
                cds.options(java, cp, PodJvm.defaults()));
        try (var files = Files.list(cache)) {
            assertEquals(List.of(archive), files.toList(), "the class list, temporary dump and lock are gone");
        }
        assertTrue(ClassDataSharing.make(java, cp, PodJvm.defaults(), archive, fakeTraining(trainings)));
        assertEquals(1, trainings.size(), "a made archive is not made again");
        // The archive is real: a JVM that must map it (-Xshare:on fails otherwise) starts with it.
        Process p = new ProcessBuilder(java.toString(), "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-cp", cp.get(0).toString(), "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void classDirectoriesAndTheUsersOwnSharingOptionsGoWithout() throws Exception {
        List<Path> asked = new CopyOnWriteArrayList<>();
        ClassDataSharing.Maker maker = (j, runtime, jvm, archive) -> asked.add(archive);
        ClassDataSharing cds = new ClassDataSharing(dir.resolve("cds"), maker);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path java = ProcessLauncher.hostJava();
        assertEquals(List.of(), cds.options(java, List.of(jar("a.jar"), classes), PodJvm.defaults()));
        assertEquals(List.of(), cds.options(java, List.of(jar("b.jar")), PodJvm.defaults().withOptions("-Xshare:off")));
        assertEquals(List.of(), new ClassDataSharing(null, maker).options(java, List.of(jar("c.jar")),
                PodJvm.defaults()));
        assertEquals(List.of(), asked, "no archive was asked for");
    }

    @Test
    void aChangedJarOrOtherJvmOptionsAreAnotherSetup() throws Exception {
        Path java = ProcessLauncher.hostJava();
        Path j = jar("runtime.jar");
        String key = ClassDataSharing.key(java, List.of(j), PodJvm.defaults());
        assertEquals(key, ClassDataSharing.key(java, List.of(j), PodJvm.defaults()));
        assertNotEquals(key, ClassDataSharing.key(java, List.of(j), PodJvm.defaults().withMaxHeap("64m")));
        Files.setLastModifiedTime(j, FileTime.fromMillis(Files.getLastModifiedTime(j).toMillis() + 5_000));
        assertNotEquals(key, ClassDataSharing.key(java, List.of(j), PodJvm.defaults()));
    }
}
