package dev.pods.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.runtime.Pods;
import dev.pods.testing.Jars;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader makes of its classpath when it is built: a missing entry or a damaged jar is a
 * {@link PodException} at create naming the file and what to do (not a missing class later), and
 * a jar's manifest {@code Class-Path} is followed as the JDK follows it.
 */
class ClasspathEntriesTest {
    @TempDir
    Path dir;

    private Path goodJar(String name) {
        return Jars.writeJar(dir.resolve(name), Jars.compile(Map.of("com.acme.Ok", "package com.acme; public class Ok {}")),
                Map.of("ok.txt", "ok"));
    }

    @Test
    void aMissingEntryIsReportedAtCreateNamingThePathAndTheFix() {
        Path missing = dir.resolve("target/classes-that-were-never-built");
        PodException e = assertThrows(PodException.class,
                () -> LoaderFixtures.podLoader("missing", List.of(goodJar("ok.jar"), missing)));
        assertEquals("classpath entry " + missing + " of pod 'missing' does not exist: fix the path given to"
                + " PodEnv.withClasspath (or build what should be there before creating the pod)", e.getMessage());
    }

    @Test
    void aTruncatedJarIsReportedAtCreateNamingTheFileAndSayingToDeleteIt() throws Exception {
        Path jar = goodJar("commons-lang3-3.17.0.jar");
        byte[] whole = Files.readAllBytes(jar);
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 2)); // a download cut short
        PodException e = assertThrows(PodException.class, () -> LoaderFixtures.podLoader("cut", List.of(jar)));
        assertTrue(e.getMessage().startsWith("classpath entry " + jar + " of pod 'cut' is not a readable jar ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): if it is a downloaded dependency, delete it so that it is downloaded again;"
                + " if it is your own build's output, rebuild it"), e.getMessage());
        assertTrue(e.getCause() instanceof java.util.zip.ZipException, String.valueOf(e.getCause()));
    }

    @Test
    void anEmptyFileOrOneThatIsNotAZipIsReportedToo() throws Exception {
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        Path html = Files.writeString(dir.resolve("error-page.jar"), "<html>404 Not Found</html>");
        for (Path bad : List.of(empty, html)) {
            PodException e = assertThrows(PodException.class, () -> LoaderFixtures.podLoader("bad", List.of(bad)));
            assertTrue(e.getMessage().startsWith("classpath entry " + bad + " of pod 'bad' is not a readable jar"), e.getMessage());
            assertTrue(e.getMessage().contains("delete it so that it is downloaded again"), e.getMessage());
        }
    }

    @Test
    void aDamagedJarAfterGoodOnesLeavesNoFileOpen() throws Exception {
        Path ok = goodJar("ok.jar");
        Path bad = Files.writeString(dir.resolve("bad.jar"), "not a zip");
        assumeTrue(LoaderFixtures.openDescriptors(ok) >= 0, "needs /proc/self/fd");
        assertThrows(PodException.class, () -> LoaderFixtures.podLoader("leak", List.of(ok, bad)));
        assertEquals(0, LoaderFixtures.openDescriptors(ok), "the jar opened before the failure was closed again");
    }

    @Test
    void podsCreateFailsWithTheSameMessage() {
        Path missing = dir.resolve("nope");
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("create").withClasspath(missing);
        PodException e = assertThrows(PodException.class, () -> Pods.create(env).close());
        assertTrue(e.getMessage().startsWith("classpath entry " + missing + " of pod 'create' does not exist"), e.getMessage());
    }

    @Test
    void existingDirectoriesAndAnEmptyClasspathAreFine() throws Exception {
        Path emptyDir = Files.createDirectories(dir.resolve("empty-classes"));
        try (PodClassLoader l = LoaderFixtures.podLoader("dirs", List.of(emptyDir))) {
            assertNull(l.getResource("x.txt"));
            assertEquals(List.of(LoaderFixtures.url(emptyDir)), List.of(l.getURLs()));
        }
        try (PodClassLoader l = LoaderFixtures.podLoader("none", List.of())) {
            assertEquals(0, l.getURLs().length);
            assertThrows(ClassNotFoundException.class, () -> l.loadClass("com.acme.Ok"));
        }
        try (Pod pod = Pods.create(PodEnv.empty().withDefaultRepositories(false).withName("fine").withClasspath(emptyDir))) {
            assertNotNull(pod.classLoader());
        }
    }

    @Test
    void aDamagedEntryInsideAnIntactJarNamesTheJarWhenTheClassIsRead() throws Exception {
        // The central directory is fine (so the jar opens at create), the class's data is not.
        Path jar = dir.resolve("rot.jar");
        Jars.writeJar(jar, Jars.compile(Map.of("com.acme.Rot", "package com.acme; public class Rot { int a, b, c, d; }")),
                Map.of());
        byte[] b = Files.readAllBytes(jar);
        int at = indexOf(b, "com/acme/Rot.class".getBytes()) + "com/acme/Rot.class".length(); // first: the local header
        for (int i = at + 2; i < at + 40; i++) {
            b[i] = (byte) 0xFF;
        }
        Files.write(jar, b);
        try (PodClassLoader l = LoaderFixtures.podLoader("rot", List.of(jar))) {
            ClassNotFoundException e = assertThrows(ClassNotFoundException.class, () -> l.loadClass("com.acme.Rot"));
            assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
        }
    }

    @Test
    void manifestClassPathIsFollowedAsTheJdkFollowsIt() throws Exception {
        // app.jar lists lib/b.jar, a folder, a jar that is not there, and itself; b.jar lists c.jar.
        Path c = Jars.writeJar(dir.resolve("lib/c.jar"), Jars.compile(Map.of("com.acme.c.C", "package com.acme.c; public class C {}")),
                Map.of("shared.txt", "c"));
        Path b = Jars.writeJar(dir.resolve("lib/b.jar"), Jars.compile(Map.of("com.acme.b.B", "package com.acme.b; public class B {}")),
                Map.of("shared.txt", "b"), Map.of("Class-Path", "c.jar"));
        Path folder = Jars.writeDir(dir.resolve("lib/res"), Map.of("shared.txt", "res".getBytes()));
        Path app = Jars.writeJar(dir.resolve("app.jar"), Jars.compile(Map.of("com.acme.App", "package com.acme; public class App {}")),
                Map.of("shared.txt", "app"), Map.of("Class-Path", "lib/b.jar lib/res/ lib/gone.jar app.jar http://example.invalid/x.jar"));
        List<Path> cp = List.of(app, c);
        try (PodClassLoader pod = LoaderFixtures.podLoader("cp", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(cp)) {
            List<String> podUrls = strings(pod.getResources("shared.txt"));
            assertEquals(strings(jdk.getResources("shared.txt")), podUrls);
            assertEquals(List.of("jar:" + LoaderFixtures.url(app) + "!/shared.txt", "jar:" + LoaderFixtures.url(b) + "!/shared.txt",
                    "jar:" + LoaderFixtures.url(c) + "!/shared.txt", LoaderFixtures.url(folder) + "shared.txt"), podUrls);
            assertEquals(pod, pod.loadClass("com.acme.b.B").getClassLoader());
            assertEquals(LoaderFixtures.url(b), pod.loadClass("com.acme.b.B").getProtectionDomain().getCodeSource().getLocation());
            // getURLs is the classpath as given, as the JDK's is: Class-Path targets are not added.
            assertArrayEquals(jdk.getURLs(), pod.getURLs());
        }
    }

    @Test
    void aLongManifestsClassPathIsFollowedAsTheJdkFollowsIt() throws Exception {
        // A signed jar's manifest lists a digest per entry: past ClasspathJar.SHORT_MANIFEST it is
        // read through a second, plain zip file, up to its main section only.
        Path lib = Jars.writeJar(dir.resolve("lib/lib.jar"),
                Jars.compile(Map.of("com.acme.lib.L", "package com.acme.lib; public class L {}")), Map.of("r.txt", "lib"));
        Map<String, Map<String, String>> sections = new java.util.LinkedHashMap<>();
        for (int i = 0; sections.size() * 60 < 2 * ClasspathJar.SHORT_MANIFEST; i++) {
            sections.put("com/acme/Entry" + i + ".class", Map.of("SHA-256-Digest", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        }
        Path app = Jars.writeJar(dir.resolve("app.jar"), Map.of("r.txt", "app".getBytes()),
                Jars.manifest(Map.of("Class-Path", "lib/lib.jar"), sections), false);
        Path shortApp = Jars.writeJar(dir.resolve("short.jar"), Map.of("r.txt", "short".getBytes()),
                Jars.manifest(Map.of("Class-Path", "lib/lib.jar"), Map.of()), false);
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(app.toFile())) {
            assertTrue(j.getEntry("META-INF/MANIFEST.MF").getSize() > ClasspathJar.SHORT_MANIFEST);
        }
        for (Path jar : List.of(app, shortApp)) {
            List<Path> cp = List.of(jar);
            try (PodClassLoader pod = LoaderFixtures.podLoader("long", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(cp)) {
                assertEquals(strings(jdk.getResources("r.txt")), strings(pod.getResources("r.txt")));
                assertEquals(List.of("jar:" + LoaderFixtures.url(jar) + "!/r.txt", "jar:" + LoaderFixtures.url(lib) + "!/r.txt"),
                        strings(pod.getResources("r.txt")));
                assertEquals(LoaderFixtures.url(lib), pod.loadClass("com.acme.lib.L").getProtectionDomain().getCodeSource()
                        .getLocation());
            }
        }
    }

    @Test
    void aJarsUrlIsTheJdksWhateverCharactersItsPathHas() throws Exception {
        // Plain paths take a fast path that skips Path.toUri's file check; the rest take toUri.
        for (String name : List.of("plain-1.0_a~b.jar", "with space.jar", "plus+1.0.jar", "semi;colon,at@.jar",
                "per%20cent.jar", "dollar$and=eq&amp.jar", "hash#q?.jar", "UPPER.JAR")) {
            Path jar = goodJar(name).toAbsolutePath().normalize();
            URL jdkUrl = jar.toUri().toURL();
            URL ours = ClasspathEntry.jarUrlOf(jar);
            assertEquals(jdkUrl.toExternalForm(), ours.toExternalForm(), name);
            assertEquals(jdkUrl, ours, name);
            assertEquals(jdkUrl.getAuthority(), ours.getAuthority(), name);
            assertEquals(jdkUrl.getHost(), ours.getHost(), name);
            assertEquals(jdkUrl.getPath(), ours.getPath(), name);
            assertEquals(jdkUrl.toURI(), ours.toURI(), name);
            List<Path> cp = List.of(jar);
            try (PodClassLoader pod = LoaderFixtures.podLoader("url", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(cp)) {
                assertArrayEquals(jdk.getURLs(), pod.getURLs(), name);
                assertEquals(String.valueOf(jdk.getResource("ok.txt")), String.valueOf(pod.getResource("ok.txt")), name);
                assertEquals(jdk.loadClass("com.acme.Ok").getProtectionDomain().getCodeSource().getLocation(),
                        pod.loadClass("com.acme.Ok").getProtectionDomain().getCodeSource().getLocation(), name);
            }
        }
    }

    @Test
    void namesThatAreNoClassNamesAreNotFoundWithoutAnError() throws Exception {
        Path classes = Jars.writeDir(dir.resolve("classes"), Jars.compile(Map.of("com.acme.Ok", "package com.acme; public class Ok {}")));
        try (PodClassLoader l = LoaderFixtures.podLoader("names", List.of(classes, goodJar("ok.jar")))) {
            for (String bad : List.of("", ".com.acme.Ok", "com.acme.Ok.", "com..acme.Ok", "com/acme/Ok", "[Lcom.acme.Ok;",
                    "..etc.passwd", "/etc/hostname")) {
                ClassNotFoundException e = assertThrows(ClassNotFoundException.class, () -> l.loadClass(bad), bad);
                assertTrue(e.getMessage().contains("is not a class name"), e.getMessage());
            }
            assertEquals(l, l.loadClass("com.acme.Ok").getClassLoader());
        }
    }

    @Test
    void anEntryListedTwiceIsSearchedOnceAndReportedTwiceAsTheJdkDoes() throws Exception {
        Path ok = goodJar("ok.jar");
        List<Path> cp = List.of(ok, dir.resolve("./ok.jar"), ok);
        try (PodClassLoader pod = LoaderFixtures.podLoader("twice", cp); URLClassLoader jdk = LoaderFixtures.jdkLoader(List.of(ok, ok))) {
            assertEquals(strings(jdk.getResources("ok.txt")), strings(pod.getResources("ok.txt")));
            assertEquals(1, strings(pod.getResources("ok.txt")).size());
            assertEquals(3, pod.getURLs().length);
        }
    }

    @Test
    void aDamagedJarListedInAManifestClassPathIsReportedWithTheJarThatListsIt() throws Exception {
        Path bad = Files.writeString(Files.createDirectories(dir.resolve("lib")).resolve("bad.jar"), "truncated");
        Path app = Jars.writeJar(dir.resolve("app.jar"), Map.of(), Map.of(), Map.of("Class-Path", "lib/bad.jar"));
        PodException e = assertThrows(PodException.class, () -> LoaderFixtures.podLoader("cp", List.of(app)));
        assertTrue(e.getMessage().startsWith("classpath entry " + bad + " of pod 'cp' (listed in the manifest Class-Path of "
                + app + ") is not a readable jar"), e.getMessage());
    }

    private static List<String> strings(java.util.Enumeration<URL> urls) {
        List<String> out = new ArrayList<>();
        Collections.list(urls).forEach(u -> out.add(u.toString()));
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
