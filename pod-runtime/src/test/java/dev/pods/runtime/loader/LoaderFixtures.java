package dev.pods.runtime.loader;

import dev.pods.testing.Jars;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fabricated classpath for the loader's tests: every shape a real one has, under one folder.
 *
 * <ul>
 *   <li>{@code dirs.jar}: written as Maven writes jars (folder entries), with a manifest carrying
 *       package attributes (main section, and a section for {@code com/acme/special/});</li>
 *   <li>{@code flat.jar}: files only, no folder entries, no package attributes;</li>
 *   <li>{@code classes dir/}: a class directory (with a space in its name, as URLs must escape it);</li>
 *   <li>{@code mr.jar}: a multi-release jar whose class and resource have a Java 17 version.</li>
 * </ul>
 */
final class LoaderFixtures {
    private LoaderFixtures() {
    }

    static final String ODD_NAME = "com/acme/odd name #1 [x] é ü€.txt";

    /** The four entries, in classpath order. */
    static List<Path> classpath(Path dir) {
        Map<String, byte[]> dirsJar = new HashMap<>(Jars.compile(Map.of(
                "com.acme.A", "package com.acme; public class A {}",
                "com.acme.sub.B", "package com.acme.sub; public class B {}",
                "com.acme.special.S", "package com.acme.special; public class S {}")));
        dirsJar.put("com/acme/a.txt", bytes("a from dirs.jar"));
        dirsJar.put(ODD_NAME, bytes("odd"));
        Path dirs = Jars.writeJar(dir.resolve("dirs.jar"), dirsJar, Jars.manifest(Map.of(
                        "Implementation-Title", "acme-dirs",
                        "Implementation-Version", "3.17.0",
                        "Implementation-Vendor", "Acme Inc.",
                        "Specification-Title", "Acme API",
                        "Specification-Version", "3.17",
                        "Specification-Vendor", "Acme Spec Group"),
                Map.of("com/acme/special/", Map.of("Implementation-Version", "9.9-special",
                        "Specification-Title", "Special API"))),
                true);

        Map<String, byte[]> flatJar = new HashMap<>(Jars.compile(Map.of(
                "com.acme.C", "package com.acme; public class C {}",
                "com.acme.flat.F", "package com.acme.flat; public class F {}")));
        flatJar.put("com/acme/a.txt", bytes("a from flat.jar"));
        flatJar.put(ODD_NAME, bytes("odd flat"));
        Path flat = Jars.writeJar(dir.resolve("flat.jar"), flatJar, Jars.manifest(Map.of(), Map.of()), false);

        Map<String, byte[]> classes = new HashMap<>(Jars.compile(Map.of(
                "com.acme.D", "package com.acme; public class D {}",
                "com.acme.sub.E", "package com.acme.sub; public class E {}")));
        classes.put("com/acme/a.txt", bytes("a from classes"));
        classes.put("com/acme/d.txt", bytes("d"));
        Path classDir = Jars.writeDir(dir.resolve("classes dir"), classes);

        Map<String, byte[]> mr = new HashMap<>(Jars.compile(Map.of("com.acme.mr.M",
                "package com.acme.mr; public class M { public static String which() { return \"base\"; } }")));
        Jars.compile(Map.of("com.acme.mr.M",
                        "package com.acme.mr; public class M { public static String which() { return \"17\"; } }"))
                .forEach((k, v) -> mr.put("META-INF/versions/17/" + k, v));
        mr.put("com/acme/mr/which.txt", bytes("base"));
        mr.put("META-INF/versions/17/com/acme/mr/which.txt", bytes("17"));
        Path mrJar = Jars.writeJar(dir.resolve("mr.jar"), mr, Jars.manifest(Map.of("Multi-Release", "true",
                "Implementation-Version", "mr-1.0"), Map.of()), true);
        return List.of(dirs, flat, classDir, mrJar);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The JDK's loader over the same entries, for comparison: same URLs, same parent. */
    static URLClassLoader jdkLoader(List<Path> classpath) {
        return new URLClassLoader("jdk", classpath.stream().map(LoaderFixtures::url).toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
    }

    static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pod loader over {@code classpath} that shares nothing with the host but pod-api. */
    static PodClassLoader podLoader(String name, List<Path> classpath) {
        return new PodClassLoader(name, classpath, LoaderFixtures.class.getClassLoader(),
                n -> n.startsWith("dev.pods.") && n.indexOf('.', "dev.pods.".length()) < 0);
    }

    /** The file descriptors of this process that point at {@code file} (Linux: /proc/self/fd), or -1 where unknown. */
    static long openDescriptors(Path file) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var s = Files.list(fds)) {
            return s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile, or not a link
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
