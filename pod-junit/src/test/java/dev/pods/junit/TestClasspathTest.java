package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.Jars;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the test classpath in the three forms a JVM gets it: Surefire's manifest-only booter
 * jar, a plain list, and a launcher's own class loader.
 */
class TestClasspathTest {
    @TempDir
    Path tmp;

    /** This JVM's test classpath, expanded (whichever form Surefire used to start it). */
    private static List<Path> real() {
        return TestClasspath.of(TestClasspathTest.class, Optional.empty());
    }

    @Test
    void theRealClasspathHoldsTheTestClassesTheirDependenciesAndNoManifestOnlyClassPathJar() throws Exception {
        List<Path> cp = real();
        assertTrue(cp.contains(TestClasspath.location(TestClasspathTest.class).orElseThrow()), cp::toString);
        assertTrue(cp.contains(TestClasspath.location(Test.class).orElseThrow()), "junit-jupiter-api");
        assertTrue(cp.contains(TestClasspath.location(PodMatrix.class).orElseThrow()), "the main classes");
        for (Path p : cp) {
            if (Files.isRegularFile(p)) {
                try (java.util.jar.JarFile jf = new java.util.jar.JarFile(p.toFile())) {
                    boolean classPath = jf.getManifest() != null
                            && jf.getManifest().getMainAttributes().getValue("Class-Path") != null;
                    assertTrue(!classPath || jf.stream().anyMatch(e -> !e.getName().startsWith("META-INF/")),
                            () -> p + " is a manifest-only Class-Path jar: the pod's loader would follow it");
                }
            }
        }
    }

    @Test
    void surefiresManifestOnlyBooterJarExpandsToTheClasspathItLists() throws Exception {
        List<Path> cp = real();
        // As Surefire writes it: absolute file: URIs, space separated, directories ending in '/'.
        String classPath = cp.stream().map(p -> p.toUri().toString()).collect(Collectors.joining(" "));
        Path booter = Jars.writeJar(tmp.resolve("surefirebooter123.jar"), Map.of(), Map.of(),
                Map.of("Class-Path", classPath, "Main-Class", "org.apache.maven.surefire.booter.ForkedBooter"));
        assertEquals(cp, TestClasspath.expand(List.of(booter)));
    }

    @Test
    void aPlainListIsTakenAsItIs() {
        List<Path> cp = real();
        String plain = cp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        assertEquals(cp, TestClasspath.expand(TestClasspath.parse(plain)));
    }

    @Test
    void classPathManifestsAreFollowedRelativelyRecursivelyOnceAndMissingEntriesAreSkipped() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("dir with space/classes"));
        Path b = Jars.writeJar(tmp.resolve("dir with space/b.jar"), Map.of("b/B.class", new byte[] {1}), Map.of(),
                Map.of("Class-Path", "a.jar"));
        // a.jar has classes of its own (kept) and points back at b.jar (a cycle) and at a missing jar
        Path a = Jars.writeJar(tmp.resolve("dir with space/a.jar"), Map.of("a/A.class", new byte[] {1}), Map.of(),
                Map.of("Class-Path", "b.jar missing.jar classes/"));
        Path booter = Jars.writeJar(tmp.resolve("booter.jar"), Map.of(), Map.of(),
                Map.of("Class-Path", "dir%20with%20space/a.jar"));
        assertEquals(List.of(TestClasspath.canonical(a), TestClasspath.canonical(b), TestClasspath.canonical(classes)),
                TestClasspath.expand(List.of(booter, tmp.resolve("nothing-here.jar"))));
    }

    @Test
    void aLaunchersOwnLoaderAddsItsUrlsAfterTheApplicationClasspath() throws Exception {
        Path dir = tmp.resolve("launched");
        Jars.writeDir(dir, Jars.compile(Map.of("x.Launched", "package x; public class Launched { }")));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> c = loader.loadClass("x.Launched");
            List<Path> cp = TestClasspath.of(c, Optional.empty());
            assertEquals(TestClasspath.canonical(dir), cp.get(cp.size() - 1));
            assertEquals(real(), cp.subList(0, cp.size() - 1));
        }
    }

    @Test
    void aClassFromNowhereOnTheClasspathIsAnErrorThatSaysHowToGiveIt() throws Exception {
        Path dir = tmp.resolve("elsewhere");
        Jars.writeDir(dir, Jars.compile(Map.of("x.Elsewhere", "package x; public class Elsewhere { }")));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> c = loader.loadClass("x.Elsewhere");
            PodMatrixException e = assertThrows(PodMatrixException.class,
                    () -> TestClasspath.of(c, Optional.of(tmp.resolve("other").toString())));
            assertTrue(e.getMessage().startsWith("cannot find the test classpath of x.Elsewhere: it was loaded from "
                    + TestClasspath.canonical(dir)), e.getMessage());
            assertTrue(e.getMessage().endsWith("Set the configuration parameter dev.pods.junit.classpath to the test"
                    + " classpath (entries separated by '" + File.pathSeparator + "')."), e.getMessage());
            Files.createDirectories(tmp.resolve("other"));
            assertEquals(List.of(TestClasspath.canonical(tmp.resolve("other")), TestClasspath.canonical(dir)),
                    TestClasspath.of(c, Optional.of(tmp.resolve("other") + File.pathSeparator + dir)));
        }
        assertFalse(real().isEmpty());
    }
}
