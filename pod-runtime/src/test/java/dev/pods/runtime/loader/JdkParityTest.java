package dev.pods.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The pod's loader answers as the JDK's {@link URLClassLoader} over the same files: the same
 * resources (folders included), the same URL text, URLs that open the same way, and package
 * scans (JUnit's, and a Spring-style one through {@link JarURLConnection}) that find the same
 * classes. Every comparison is against a real {@code URLClassLoader}, not against expectations
 * written by hand.
 */
class JdkParityTest {
    @TempDir
    Path dir;
    private List<Path> classpath;
    private PodClassLoader pod;
    private URLClassLoader jdk;

    /** Names that exercise folders, the root, escaping, '..', a leading '/', and misses. */
    private static final List<String> NAMES = List.of(
            "com/acme", "com/acme/", "com", "com/", "com/acme/sub", "com/acme/flat", "com/acme/flat/", "com/acme/mr",
            "", "/", "/com/acme/a.txt", "com/acme/../acme/a.txt", "com/./acme/a.txt", "../classes dir/com/acme/d.txt",
            "com/acme/a.txt", "com/acme/d.txt", "com/acme/A.class", "com/acme/C.class", "com/acme/mr/M.class",
            "com/acme/mr/which.txt", LoaderFixtures.ODD_NAME, "com/acme/a.txt/", "META-INF/MANIFEST.MF", "META-INF",
            "com/acme/missing.txt", "missing", "x:y", "file:/etc/hostname");

    @BeforeEach
    void setUp() {
        classpath = LoaderFixtures.classpath(dir);
        pod = LoaderFixtures.podLoader("parity", classpath);
        jdk = LoaderFixtures.jdkLoader(classpath);
    }

    @AfterEach
    void tearDown() throws Exception {
        pod.close();
        jdk.close();
    }

    @Test
    void resourcesAndFoldersAreTheJdksWithTheSameUrlText() throws Exception {
        for (String name : NAMES) {
            assertEquals(strings(jdk.getResources(name)), strings(pod.getResources(name)), "getResources(\"" + name + "\")");
            assertEquals(String.valueOf(jdk.getResource(name)), String.valueOf(pod.getResource(name)),
                    "getResource(\"" + name + "\")");
            assertEquals(String.valueOf(jdk.findResource(name)), String.valueOf(pod.findResource(name)),
                    "findResource(\"" + name + "\")");
        }
        // What the comparison covers, stated: a package folder is found once per entry that has it
        // (the jar with folder entries, the class directory, and the multi-release jar, whose folder
        // for this JVM is its versioned one; the flat jar has no folder entry, for the JDK as for
        // the pod), with the JDK's URL forms.
        List<String> acme = strings(pod.getResources("com/acme"));
        assertEquals(List.of("jar:" + LoaderFixtures.url(classpath.get(0)) + "!/com/acme",
                LoaderFixtures.url(classpath.get(2)) + "com/acme",
                "jar:" + LoaderFixtures.url(classpath.get(3)) + "!/META-INF/versions/17/com/acme/"), acme);
        assertTrue(acme.get(0).startsWith("jar:file:/") && !acme.get(0).startsWith("jar:file:///"), acme.get(0));
        assertTrue(acme.get(1).startsWith("file:/") && !acme.get(1).startsWith("file:///"), acme.get(1));
        assertEquals(List.of(), strings(pod.getResources("com/acme/flat")), "no folder entry, no folder");
        assertEquals(1, strings(pod.getResources("com/acme/flat/F.class")).size());
    }

    @Test
    void urlsEqualTheJdksBothWaysWithEqualHashCodes() throws Exception {
        for (String name : List.of("com/acme", "com/acme/a.txt", LoaderFixtures.ODD_NAME, "com/acme/mr/which.txt")) {
            List<URL> p = Collections.list(pod.getResources(name));
            List<URL> j = Collections.list(jdk.getResources(name));
            assertEquals(j.size(), p.size(), name);
            for (int i = 0; i < p.size(); i++) {
                assertTrue(p.get(i).equals(j.get(i)) && j.get(i).equals(p.get(i)), p.get(i) + " vs " + j.get(i));
                assertEquals(j.get(i).hashCode(), p.get(i).hashCode(), p.get(i).toString());
                assertEquals(j.get(i).toURI(), p.get(i).toURI());
            }
        }
        URL a = pod.getResource("com/acme/a.txt");
        URL ja = jdk.getResource("com/acme/a.txt");
        for (String rel : List.of("d.txt", "/com/acme/A.class", "../acme/a.txt", "./a.txt", "sub/", "#frag")) {
            assertEquals(new URL(ja, rel).toString(), new URL(a, rel).toString(), "relative " + rel);
        }
        assertEquals("dirs", read(new URL(a, "../acme/a.txt")).substring(7, 11));
    }

    @Test
    void resourcesOpenAndReadAsTheJdksDo() throws Exception {
        for (String name : List.of("com/acme/a.txt", LoaderFixtures.ODD_NAME, "com/acme/mr/which.txt", "com/acme/d.txt")) {
            for (int i = 0; i < 2; i++) {
                List<URL> p = Collections.list(pod.getResources(name));
                List<URL> j = Collections.list(jdk.getResources(name));
                for (int k = 0; k < p.size(); k++) {
                    assertEquals(read(j.get(k)), read(p.get(k)), p.get(k).toString());
                }
            }
            try (InputStream pin = pod.getResourceAsStream(name); InputStream jin = jdk.getResourceAsStream(name)) {
                assertEquals(new String(jin.readAllBytes(), StandardCharsets.UTF_8),
                        new String(pin.readAllBytes(), StandardCharsets.UTF_8), name);
            }
        }
        assertEquals("17", read(pod.getResource("com/acme/mr/which.txt")), "the running JVM's version of a multi-release entry");

        // A jar's folder URL is a JarURLConnection onto the folder entry, as the JDK's.
        URL folder = pod.getResource("com/acme");
        URLConnection c = folder.openConnection();
        JarURLConnection jc = assertInstanceOf(JarURLConnection.class, c);
        JarURLConnection jdkJc = (JarURLConnection) jdk.getResource("com/acme").openConnection();
        assertEquals(jdkJc.getJarEntry().getName(), jc.getJarEntry().getName());
        assertTrue(jc.getJarEntry().isDirectory());
        assertEquals(jdkJc.getEntryName(), jc.getEntryName());
        assertEquals(jdkJc.getJarFileURL(), jc.getJarFileURL());
        assertEquals(jdkJc.getContentLengthLong(), jc.getContentLengthLong());
        assertEquals(jdkJc.getLastModified(), jc.getLastModified());
        assertEquals(jdk.getResource("com/acme/a.txt").openConnection().getContentType(),
                pod.getResource("com/acme/a.txt").openConnection().getContentType());
        try (InputStream in = c.getInputStream()) {
            assertEquals(0, in.readAllBytes().length, "a folder entry reads as empty, as the JDK's");
        }
        // A class directory's folder URL lists its files, as the JDK's (it is a plain file: URL).
        URL dirFolder = Collections.list(pod.getResources("com/acme")).get(1);
        assertEquals(read(Collections.list(jdk.getResources("com/acme")).get(1)), read(dirFolder));
        assertTrue(read(dirFolder).contains("d.txt"));
        try (InputStream pin = pod.getResourceAsStream("com/acme"); InputStream jin = jdk.getResourceAsStream("com/acme")) {
            assertArrayEquals(jin.readAllBytes(), pin.readAllBytes());
        }
        // A missing entry fails to open as the JDK's does.
        URL gone = new URL(pod.getResource("com/acme/a.txt"), "nope.txt");
        assertEquals(java.io.FileNotFoundException.class, failure(gone).getClass());
        assertEquals(java.io.FileNotFoundException.class, failure(new URL(jdk.getResource("com/acme/a.txt"), "nope.txt")).getClass());
    }

    @Test
    void junitPackageScanFindsTheSameClassesAsInAJvm() {
        List<String> inPod = junitScan(pod, "com.acme");
        List<String> inJvm = junitScan(jdk, "com.acme");
        // The flat jar's classes are missing from both: a jar without folder entries is invisible to
        // package scans in a plain JVM too.
        assertEquals(List.of("com.acme.A", "com.acme.D", "com.acme.mr.M", "com.acme.special.S", "com.acme.sub.B",
                "com.acme.sub.E"), inJvm);
        assertEquals(inJvm, inPod);
        assertEquals(List.of("com.acme.sub.B", "com.acme.sub.E"), junitScan(pod, "com.acme.sub"));
    }

    @Test
    void springStylePackageScanThroughJarUrlConnectionFindsTheSameFiles() throws Exception {
        assertEquals(springScan(jdk, "com/acme/"), springScan(pod, "com/acme/"));
        assertTrue(springScan(pod, "com/acme/").contains("com/acme/sub/B.class"));
        assertTrue(springScan(pod, "com/acme/").contains("com/acme/sub/E.class"));
    }

    @Test
    void classesComeWithTheJdksCodeSourceAndOneProtectionDomainPerEntry() throws Exception {
        assertArrayEquals(jdk.getURLs(), pod.getURLs());
        for (String cls : List.of("com.acme.A", "com.acme.C", "com.acme.D", "com.acme.mr.M")) {
            Class<?> p = pod.loadClass(cls);
            Class<?> j = jdk.loadClass(cls);
            assertEquals(j.getProtectionDomain().getCodeSource(), p.getProtectionDomain().getCodeSource(), cls);
            assertEquals(String.valueOf(j.getProtectionDomain().getCodeSource().getLocation()),
                    String.valueOf(p.getProtectionDomain().getCodeSource().getLocation()), cls);
            assertTrue(List.of(pod.getURLs()).contains(p.getProtectionDomain().getCodeSource().getLocation()), cls);
            // Deliberately not the JDK's: a domain naming the loader pins it from every thread started
            // while pod code was on the stack (through the thread's inherited access control context).
            assertEquals(null, p.getProtectionDomain().getClassLoader(), cls);
            assertNull(p.getSigners(), cls);
            // Class.getResource of a folder and of the class itself, relative and absolute.
            assertEquals(String.valueOf(j.getResource("")), String.valueOf(p.getResource("")), cls);
            assertEquals(String.valueOf(j.getResource("/com/acme")), String.valueOf(p.getResource("/com/acme")), cls);
            String simple = cls.substring(cls.lastIndexOf('.') + 1) + ".class";
            assertEquals(String.valueOf(j.getResource(simple)), String.valueOf(p.getResource(simple)), cls);
        }
        assertEquals("17", pod.loadClass("com.acme.mr.M").getMethod("which").invoke(null));
        assertTrue(pod.loadClass("com.acme.A").getProtectionDomain() == pod.loadClass("com.acme.sub.B").getProtectionDomain(),
                "one protection domain per entry");
        assertFalse(pod.loadClass("com.acme.A").getProtectionDomain() == pod.loadClass("com.acme.D").getProtectionDomain());
    }

    @Test
    void everyCharacterOfANameIsEscapedAsTheJdkEscapesIt() throws Exception {
        StringBuilder chars = new StringBuilder();
        for (char c = 1; c < 0x80; c++) {
            if (c != '/') {
                chars.append(c);
            }
        }
        chars.append("\u00a0\u00e9\u07ff\u0800\u20ac\ufffd\uD83D\uDE00");
        java.util.Map<String, byte[]> entries = new java.util.TreeMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            String name = "n/a" + chars.charAt(i) + "b.txt";
            if (Character.isHighSurrogate(chars.charAt(i))) {
                name = "n/a" + chars.charAt(i) + chars.charAt(++i) + "b.txt";
            }
            names.add(name);
            entries.put(name, new byte[] {1});
        }
        Path jar = dev.pods.testing.Jars.writeJar(dir.resolve("names.jar"), entries,
                dev.pods.testing.Jars.manifest(java.util.Map.of(), java.util.Map.of()), false);
        Path classes = dev.pods.testing.Jars.writeDir(dir.resolve("names dir"),
                names.stream().filter(n -> n.indexOf('\0') < 0)
                        .collect(java.util.stream.Collectors.toMap(n -> n, n -> new byte[] {1})));
        List<Path> cp = List.of(jar, classes);
        try (PodClassLoader p = LoaderFixtures.podLoader("names", cp); URLClassLoader j = LoaderFixtures.jdkLoader(cp)) {
            int found = 0;
            for (String name : names) {
                List<String> urls = strings(p.getResources(name));
                assertEquals(strings(j.getResources(name)), urls, name);
                found += urls.size();
            }
            assertTrue(found >= 2 * names.size() - 1, "every name in the jar and (but perhaps the NUL one) in the directory: " + found);
            assertEquals("jar:" + LoaderFixtures.url(jar) + "!/n/a%20b.txt", p.getResource("n/a b.txt").toString());
        }
    }

    @Test
    void classesOfASignedJarCarryItsSignersAsTheJdksDo() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(keytool), "needs the JDK's keytool");
        Path store = dir.resolve("test.p12");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "secret", "-alias", "pods", "-dname", "CN=Pods Test", "-keyalg", "EC", "-validity", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
        java.security.KeyStore ks = java.security.KeyStore.getInstance(store.toFile(), "secret".toCharArray());
        java.security.PrivateKey key = (java.security.PrivateKey) ks.getKey("pods", "secret".toCharArray());
        java.security.cert.CertPath chain = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(ks.getCertificateChain("pods")));
        Path unsigned = dev.pods.testing.Jars.writeJar(dir.resolve("unsigned.jar"), dev.pods.testing.Jars.compile(
                java.util.Map.of("com.acme.signed.Sig", "package com.acme.signed; public class Sig {}")), java.util.Map.of());
        Path signed = dir.resolve("signed.jar");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(unsigned.toFile());
             java.io.OutputStream o = Files.newOutputStream(signed)) {
            new jdk.security.jarsigner.JarSigner.Builder(key, chain).build().sign(in, o);
        }
        try (PodClassLoader pod = LoaderFixtures.podLoader("signed", List.of(signed));
             URLClassLoader j = LoaderFixtures.jdkLoader(List.of(signed))) {
            Class<?> pc = pod.loadClass("com.acme.signed.Sig");
            Class<?> jc = j.loadClass("com.acme.signed.Sig");
            assertNotNull(jc.getSigners());
            assertArrayEquals(jc.getSigners(), pc.getSigners());
            assertEquals(jc.getProtectionDomain().getCodeSource(), pc.getProtectionDomain().getCodeSource());
            assertEquals(1, pc.getProtectionDomain().getCodeSource().getCodeSigners().length);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<String> strings(Enumeration<URL> urls) {
        List<String> out = new ArrayList<>();
        urls.asIterator().forEachRemaining(u -> out.add(u.toString()));
        return out;
    }

    private static String read(URL u) throws Exception {
        try (InputStream in = u.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Exception failure(URL u) {
        try (InputStream in = u.openStream()) {
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** JUnit's own package scan (what selectPackage runs), with {@code loader} as the context loader. */
    private static List<String> junitScan(ClassLoader loader, String pkg) {
        Thread t = Thread.currentThread();
        ClassLoader prev = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            List<Class<?>> found = ReflectionSupport.findAllClassesInPackage(pkg, c -> true, n -> true);
            for (Class<?> c : found) {
                assertEquals(loader, c.getClassLoader(), c.getName());
            }
            return found.stream().map(Class::getName).sorted().toList();
        } finally {
            t.setContextClassLoader(prev);
        }
    }

    /**
     * A scan as Spring's PathMatchingResourcePatternResolver does it: every root URL of the
     * folder; a jar root through its JarURLConnection's jar file and entry, a directory root by
     * walking the file tree.
     */
    private static TreeSet<String> springScan(ClassLoader loader, String folder) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (URL root : Collections.list(loader.getResources(folder))) {
            URLConnection con = root.openConnection();
            if (con instanceof JarURLConnection jc) {
                JarFile jar = jc.getJarFile();
                String prefix = jc.getJarEntry().getName();
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().startsWith(prefix) && !e.isDirectory()) {
                        out.add(e.getName());
                    }
                }
            } else {
                Path base = Path.of(root.toURI());
                Path up = base;
                for (String segment : folder.split("/")) {
                    up = segment.isEmpty() ? up : up.getParent();
                }
                Path top = up;
                try (Stream<Path> files = Files.walk(base)) {
                    files.filter(Files::isRegularFile).forEach(f -> out.add(top.relativize(f).toString().replace('\\', '/')));
                }
            }
        }
        return out;
    }
}
