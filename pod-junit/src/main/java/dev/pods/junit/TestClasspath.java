package dev.pods.junit;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Finds the classpath a test class was loaded from, the way the JVM built it.
 *
 * <p>The JVM's application class path is {@code java.class.path} plus, for every jar on it, the
 * entries its manifest's {@code Class-Path} names (resolved against the jar's location, followed
 * recursively). That one rule covers Maven Surefire's default fork, where {@code java.class.path}
 * is a single "manifest-only" booter jar listing the real classpath; Surefire with
 * {@code useManifestOnlyJar=false}, Gradle and IDEs, where it is the plain list; and IDE
 * "classpath jar" shortening. Jars that hold nothing but a manifest are dropped once expanded: a
 * pod's loader must not follow their {@code Class-Path} back to the replaced artifact. Entries of
 * {@code jdk.module.path} are added (a pod loads them from its classpath), and then the URLs of
 * every {@link URLClassLoader} between the test class's loader and the application loader (a
 * launcher that loads test classes in a loader of its own). Missing files are left out, as the
 * JVM ignores them.
 *
 * <p>The result must contain the location the test class itself was loaded from; when it does
 * not, the classpath cannot be known and the class fails with a {@link PodMatrixException} that
 * says so and names {@value Config#CLASSPATH}, which sets it explicitly.
 */
final class TestClasspath {
    private TestClasspath() {
    }

    /** The test classpath of {@code testClass} in this JVM, or the explicit one when given. */
    static List<Path> of(Class<?> testClass, Optional<String> explicit) {
        List<Path> cp;
        if (explicit.isPresent()) {
            cp = expand(parse(explicit.get()));
        } else {
            List<Path> start = new ArrayList<>(parse(System.getProperty("java.class.path", "")));
            start.addAll(parse(System.getProperty("jdk.module.path", "")));
            Set<Path> all = new LinkedHashSet<>(expand(start));
            all.addAll(expand(loaderUrls(testClass.getClassLoader())));
            cp = List.copyOf(all);
        }
        Optional<Path> home = location(testClass);
        if (home.isEmpty() || !cp.contains(home.get())) {
            String from = home.map(Path::toString).orElse("an unknown location");
            throw new PodMatrixException("cannot find the test classpath of " + testClass.getName() + ": it was loaded"
                    + " from " + from + " by " + testClass.getClassLoader() + ", which is "
                    + (explicit.isPresent() ? "not on the classpath given by " + Config.CLASSPATH
                    : "neither on java.class.path (manifest Class-Path followed), jdk.module.path nor in a"
                    + " URLClassLoader above it")
                    + ". Set the configuration parameter " + Config.CLASSPATH
                    + " to the test classpath (entries separated by '" + File.pathSeparator + "').");
        }
        return cp;
    }

    /** The directory or jar a class was loaded from. */
    static Optional<Path> location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return Optional.empty();
        }
        return toPath(cs.getLocation()).map(TestClasspath::canonical);
    }

    /** A path list in the platform's form; empty elements are skipped. */
    static List<Path> parse(String pathList) {
        List<Path> out = new ArrayList<>();
        for (String s : pathList.split(File.pathSeparator)) {
            if (s.isBlank()) {
                continue;
            }
            try {
                out.add(Path.of(s.trim()));
            } catch (InvalidPathException e) {
                // the JVM ignores an entry it cannot use; so do we
            }
        }
        return out;
    }

    /**
     * Each entry followed by what its manifest's {@code Class-Path} names, recursively and without
     * repeats; missing files and manifest-only jars left out.
     */
    static List<Path> expand(List<Path> entries) {
        Set<Path> out = new LinkedHashSet<>();
        Set<Path> visited = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            todo.push(canonical(entries.get(i)));
        }
        while (!todo.isEmpty()) {
            Path p = todo.pop();
            if (!visited.add(p) || !Files.exists(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            Manifested m = readManifest(p);
            if (!m.manifestOnly() || m.classPath().isEmpty()) {
                out.add(p);
            }
            List<Path> next = m.classPath();
            for (int i = next.size() - 1; i >= 0; i--) {
                todo.push(next.get(i));
            }
        }
        return List.copyOf(out);
    }

    private record Manifested(List<Path> classPath, boolean manifestOnly) {
    }

    private static Manifested readManifest(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest mf = jf.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null || cp.isBlank()) {
                return new Manifested(List.of(), false);
            }
            List<Path> refs = new ArrayList<>();
            URI base = jar.toUri();
            for (String token : cp.trim().split("\\s+")) {
                try {
                    toPath(base.resolve(token).toURL()).map(TestClasspath::canonical).ifPresent(refs::add);
                } catch (IllegalArgumentException | MalformedURLException e) {
                    // as URLClassPath does: a bad Class-Path token is skipped
                }
            }
            return new Manifested(refs, onlyMetaInf(jf));
        } catch (IOException e) {
            return new Manifested(List.of(), false); // not a jar: the JVM would skip it as well
        }
    }

    private static boolean onlyMetaInf(JarFile jf) {
        Enumeration<? extends ZipEntry> en = jf.entries();
        while (en.hasMoreElements()) {
            if (!en.nextElement().getName().startsWith("META-INF/")) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> loaderUrls(ClassLoader loader) {
        Deque<List<Path>> chain = new ArrayDeque<>();
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (ClassLoader l = loader; l != null && l != app && l != ClassLoader.getPlatformClassLoader(); l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                List<Path> urls = new ArrayList<>();
                for (URL url : u.getURLs()) {
                    toPath(url).ifPresent(urls::add);
                }
                chain.push(urls); // parents first: the order in which delegation finds classes
            }
        }
        List<Path> out = new ArrayList<>();
        chain.forEach(out::addAll);
        return out;
    }

    private static Optional<Path> toPath(URL url) {
        if (!"file".equalsIgnoreCase(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            try {
                // an unencoded path (spaces) in a hand-written manifest
                return Optional.of(Path.of(URI.create("file:" + url.getPath().replace(" ", "%20"))));
            } catch (IllegalArgumentException e2) {
                return Optional.empty();
            }
        }
    }

    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }
}
