package dev.pods.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's loader is a {@link URLClassLoader} to classpath-discovering libraries, without any
 * of {@code URLClassLoader}'s own lookups: its URLs are the pod's, its rules are the pod's, and its
 * files are its own (released at close, not left in the JVM-wide jar cache).
 */
class UrlClassLoaderContractTest {
    @TempDir
    Path dir;

    @Test
    void classpathDiscoveryAsLibrariesDoItFindsThePodsEntries() {
        List<Path> cp = LoaderFixtures.classpath(dir);
        try (PodClassLoader pod = LoaderFixtures.podLoader("urls", cp)) {
            // What clojure.java.classpath (tools.namespace), ClassGraph and Spring do: walk the loader
            // chain and take the URLs of every URLClassLoader on it.
            List<URL> found = new ArrayList<>();
            for (ClassLoader l = pod; l != null; l = l.getParent()) {
                if (l instanceof URLClassLoader u) {
                    found.addAll(List.of(u.getURLs()));
                }
            }
            assertEquals(cp.stream().map(LoaderFixtures::url).toList(), found);
            assertEquals("file:" + dir.toRealPath() + "/classes%20dir/", found.get(2).toString(), "a directory's URL ends in '/'");
            assertSame(ClassLoader.getPlatformClassLoader(), pod.getParent());
            URL[] urls = pod.getURLs();
            urls[0] = null;
            assertEquals(LoaderFixtures.url(cp.get(0)), pod.getURLs()[0], "getURLs hands out a copy");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theClasspathCannotGrowThroughAddUrl() throws Exception {
        List<Path> cp = LoaderFixtures.classpath(dir);
        try (PodClassLoader pod = LoaderFixtures.podLoader("add", List.of(cp.get(0)))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> pod.addURL(LoaderFixtures.url(cp.get(1))));
            assertTrue(e.getMessage().contains("PodEnv.withClasspath"), e.getMessage());
            assertThrows(ClassNotFoundException.class, () -> pod.loadClass("com.acme.C"));
            assertEquals(1, pod.getURLs().length);
        }
    }

    @Test
    void everyLookupOfUrlClassLoaderIsOverridden() throws Exception {
        // URLClassLoader's own search path is empty, and none of its lookup methods is inherited:
        // a method it adds in a later JDK shows up here first.
        for (Method m : URLClassLoader.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (java.lang.reflect.Modifier.isStatic(mod) || java.lang.reflect.Modifier.isPrivate(mod)
                    || m.getName().equals("getPermissions") || m.getName().equals("definePackage")) {
                continue; // permissions: no lookup; definePackage: used, the JDK's manifest rules
            }
            PodClassLoader.class.getDeclaredMethod(m.getName(), m.getParameterTypes()); // throws when not overridden
        }
        for (String name : List.of("getResource", "getResources", "loadClass")) {
            assertTrue(List.of(PodClassLoader.class.getDeclaredMethods()).stream().anyMatch(m -> m.getName().equals(name)), name);
        }
    }

    @Test
    void foldersOfSharedAndJdkPackagesComeFromWhereTheirClassesCome() throws Exception {
        List<Path> cp = LoaderFixtures.classpath(dir);
        ClassLoader host = getClass().getClassLoader();
        try (PodClassLoader pod = LoaderFixtures.podLoader("shared", cp)) {
            assertEquals(Collections.list(host.getResources("dev/pods")), Collections.list(pod.getResources("dev/pods")));
            assertTrue(Collections.list(pod.getResources("dev/pods")).size() > 0);
            assertEquals(host.getResource("dev/pods/"), pod.getResource("dev/pods/"));
            assertEquals(Collections.list(ClassLoader.getPlatformClassLoader().getResources("java/lang/")),
                    Collections.list(pod.getResources("java/lang/")));
            // Not shared: dev.pods.runtime is the host's machinery, not pod-api; a pod does not see its folder.
            assertEquals(List.of(), Collections.list(pod.getResources("dev/pods/runtime")));
        }
    }

    @Test
    void closeReleasesEveryFileAndLookupsFindNothingAfter() throws Exception {
        List<Path> cp = LoaderFixtures.classpath(dir);
        Path jar = cp.get(0);
        assumeTrue(LoaderFixtures.openDescriptors(jar) == 0, "needs /proc/self/fd");
        PodClassLoader pod = LoaderFixtures.podLoader("close", cp);
        assertEquals(1, LoaderFixtures.openDescriptors(jar), "opened once, at create");
        pod.loadClass("com.acme.A");
        URL a = pod.getResource("com/acme/a.txt");
        try (InputStream in = a.openStream()) {
            in.readAllBytes();
        }
        InputStream leftOpen = pod.getResourceAsStream("com/acme/a.txt");
        InputStream dirStream = pod.getResourceAsStream("com/acme/d.txt");
        JarURLConnection con = (JarURLConnection) a.openConnection();
        JarFile shared = con.getJarFile();
        shared.close(); // a caller closing the jar it got through a connection must not break the pod
        assertEquals("a from dirs.jar", new String(pod.getResourceAsStream("com/acme/a.txt").readAllBytes()));
        pod.loadClass("com.acme.sub.B");
        // setUseCaches(false) gives the caller a jar file of its own, as the JDK does.
        JarURLConnection own = (JarURLConnection) a.openConnection();
        own.setUseCaches(false);
        JarFile mine = own.getJarFile();
        assertNotSame(shared, mine);
        mine.close();
        assertEquals(1, LoaderFixtures.openDescriptors(jar), "no JVM-wide cache entry, no second handle");

        pod.close();
        assertEquals(0, LoaderFixtures.openDescriptors(jar), "closed with the loader");
        assertThrows(IOException.class, leftOpen::read);
        assertThrows(IOException.class, dirStream::read, "class-directory streams close with the loader, as the JDK's");
        assertThrows(IOException.class, () -> a.openStream().close());
        assertNull(pod.getResource("com/acme/a.txt"));
        assertNull(pod.getResource("com/acme"));
        assertNull(pod.findResource("com/acme/d.txt"));
        assertNull(pod.getResourceAsStream("com/acme/a.txt"));
        assertEquals(List.of(), Collections.list(pod.getResources("com/acme")));
        assertThrows(ClassNotFoundException.class, () -> pod.loadClass("com.acme.C"));
        assertEquals(4, pod.getURLs().length, "the URLs still describe the pod");
        pod.close(); // idempotent
        assertEquals(0, LoaderFixtures.openDescriptors(jar));
    }

    @Test
    @Timeout(60)
    void aUrlTheHostKeepsDoesNotKeepTheLoader() throws Exception {
        List<Path> cp = LoaderFixtures.classpath(dir);
        PodClassLoader pod = LoaderFixtures.podLoader("kept-url", cp);
        URL kept = pod.getResource("com/acme/a.txt");
        JarURLConnection keptConnection = (JarURLConnection) kept.openConnection();
        pod.loadClass("com.acme.A");
        pod.close();
        WeakReference<PodClassLoader> ref = new WeakReference<>(pod);
        pod = null;
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "a pod URL (and its connection) must not hold the pod's loader");
        assertEquals("jar", kept.getProtocol());
        assertInstanceOf(JarURLConnection.class, keptConnection);
    }

    @Test
    @Timeout(60)
    void classesOfOnePackageLoadedInParallelShareOnePackageWithItsAttributes() throws Exception {
        int classes = 24;
        java.util.Map<String, String> sources = new java.util.HashMap<>();
        for (int i = 0; i < classes; i++) {
            sources.put("com.acme.par.K" + i, "package com.acme.par; public class K" + i + " {}");
        }
        Path jar = dev.pods.testing.Jars.writeJar(dir.resolve("par.jar"), dev.pods.testing.Jars.compile(sources),
                dev.pods.testing.Jars.manifest(java.util.Map.of("Implementation-Version", "7.0"), java.util.Map.of()), true);
        for (int round = 0; round < 20; round++) {
            try (PodClassLoader pod = LoaderFixtures.podLoader("par", List.of(jar))) {
                assertTrue(pod.isRegisteredAsParallelCapable());
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
                try {
                    List<java.util.concurrent.Future<Package>> done = new ArrayList<>();
                    for (int i = 0; i < classes; i++) {
                        String name = "com.acme.par.K" + i;
                        done.add(pool.submit(() -> {
                            start.await();
                            return pod.loadClass(name).getPackage();
                        }));
                    }
                    start.countDown();
                    Package first = done.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals("7.0", first.getImplementationVersion());
                    for (java.util.concurrent.Future<Package> f : done) {
                        assertSame(first, f.get(30, java.util.concurrent.TimeUnit.SECONDS)); // no exception, one package
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}
