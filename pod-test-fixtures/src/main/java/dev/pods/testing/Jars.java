package dev.pods.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java source in memory and writes jars and class directories, for tests that need
 * real classes which the host does not have.
 *
 * <pre>{@code
 * Map<String, byte[]> classes = Jars.compile(Map.of("com.acme.Hello",
 *         "package com.acme; public class Hello { public static String hi() { return \"v1\"; } }"));
 * Jars.writeJar(dir.resolve("hello.jar"), classes, Map.of());
 * }</pre>
 */
public final class Jars {
    private Jars() {
    }

    /**
     * Compiles sources (binary class name to source text) against the given classpath plus the
     * test JVM's own classpath, for release 17. Returns each class file by its jar entry name
     * ({@code com/acme/Hello.class}), nested classes included.
     *
     * @throws IllegalArgumentException with the compiler's diagnostics when the source does not compile
     */
    public static Map<String, byte[]> compile(Map<String, String> sources, List<Path> classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        try (StandardJavaFileManager std = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className,
                                                           JavaFileObject.Kind kind, FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
                            + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                            out.put(className.replace('.', '/') + ".class", bytes);
                            return bytes;
                        }
                    };
                }
            };
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            }));
            List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn"));
            String cp = classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
            String host = System.getProperty("java.class.path", "");
            String full = cp.isEmpty() ? host : host.isEmpty() ? cp : cp + java.io.File.pathSeparator + host;
            if (!full.isEmpty()) {
                options.add("-classpath");
                options.add(full);
            }
            boolean ok = compiler.getTask(null, fm, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalArgumentException("test source did not compile: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> result = new TreeMap<>();
        out.forEach((k, v) -> result.put(k, v.toByteArray()));
        return result;
    }

    /** Compiles sources against the test JVM's classpath only. */
    public static Map<String, byte[]> compile(Map<String, String> sources) {
        return compile(sources, List.of());
    }

    /**
     * Writes a jar with a manifest, the given entries (name to bytes) and text resources, with
     * fixed timestamps so that equal content makes equal jars.
     */
    public static Path writeJar(Path jar, Map<String, byte[]> entries, Map<String, String> resources) {
        return writeJar(jar, entries, resources, Map.of());
    }

    /** Like {@link #writeJar(Path, Map, Map)} with extra main manifest attributes (e.g. {@code Multi-Release: true}). */
    public static Path writeJar(Path jar, Map<String, byte[]> entries, Map<String, String> resources,
                                Map<String, String> manifestAttributes) {
        Map<String, byte[]> all = new TreeMap<>(entries);
        resources.forEach((k, v) -> all.put(k, v.getBytes(StandardCharsets.UTF_8)));
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifestAttributes.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try {
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar), mf)) {
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    JarEntry je = new JarEntry(e.getKey());
                    je.setTime(315532800000L);
                    jos.putNextEntry(je);
                    jos.write(e.getValue());
                    jos.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /**
     * Writes a jar with the given manifest (main attributes and per-entry sections) and entries,
     * with fixed timestamps. With {@code directoryEntries}, every parent folder of an entry also
     * gets its own entry ({@code com/}, {@code com/acme/}), before the files, as Maven's and
     * Gradle's jar tasks write them; without, only files are written, as some other tools do.
     * Class loaders answer a lookup of a folder ({@code getResource("com/acme")}) only when the
     * jar has that folder's entry, so tests of package scanning need both shapes.
     */
    public static Path writeJar(Path jar, Map<String, byte[]> entries, Manifest manifest, boolean directoryEntries) {
        Map<String, byte[]> all = new TreeMap<>(entries);
        if (directoryEntries) {
            for (String name : entries.keySet()) {
                for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                    all.putIfAbsent(name.substring(0, i + 1), null);
                }
            }
        }
        try {
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    JarEntry je = new JarEntry(e.getKey());
                    je.setTime(315532800000L);
                    jos.putNextEntry(je);
                    if (e.getValue() != null) {
                        jos.write(e.getValue());
                    }
                    jos.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /**
     * A manifest with {@code Manifest-Version: 1.0}, the given main attributes, and per-entry
     * sections (section name, e.g. {@code com/acme/}, to its attributes), in the given order.
     */
    public static Manifest manifest(Map<String, String> mainAttributes, Map<String, Map<String, String>> sections) {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mainAttributes.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        sections.forEach((name, attrs) -> {
            Attributes a = new Attributes();
            attrs.forEach(a::putValue);
            mf.getEntries().put(name, a);
        });
        return mf;
    }

    /** Writes entries (name to bytes) as files below {@code dir}, e.g. a class directory. */
    public static Path writeDir(Path dir, Map<String, byte[]> entries) {
        try {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
