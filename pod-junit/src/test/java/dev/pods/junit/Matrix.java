package dev.pods.junit;

import dev.pods.testing.FakeRepo;
import dev.pods.testing.Jars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A fabricated world for pod-junit's tests: a Maven repository with {@code com.acme:lib} in
 * several versions whose API differs, test classes compiled against version 2.0, and a host class
 * loader over them (the "test classpath": this JVM's own plus those classes and lib 2.0), run
 * through the real JUnit Platform with EngineTestKit.
 *
 * <ul>
 *   <li>{@code com.acme:lib:1.0}: {@code Lib.name()} is "one"; no {@code upper}.</li>
 *   <li>{@code com.acme:lib:2.0}: "two", {@code upper(String)}, and {@code helper()} from its
 *       dependency {@code com.acme:helper:1.0}.</li>
 *   <li>{@code com.acme:lib:2.0.1} ("two-zero-one"), {@code 2.1} ("two-one"), {@code 2.2-rc1} (a
 *       pre-release) and {@code 3.0} ("three"): as 2.0.</li>
 *   <li>{@code com.acme:other:1.0} and {@code 2.0}: {@code Other.v()} is 1 or 2.</li>
 *   <li>Every {@code Lib} counts its calls in a static: {@code Lib.calls()}.</li>
 * </ul>
 */
final class Matrix {
    final Path root;
    final FakeRepo repo;
    final Path local;
    final Path helperJar;
    final Path libJar;
    final Path otherJar;
    private final Map<String, String> params = new LinkedHashMap<>();

    private Matrix(Path root) {
        this.root = root;
        this.repo = FakeRepo.at(root.resolve("remote"));
        this.local = root.resolve("local");
        repo.artifact("com.acme:helper:1.0")
                .source("com.acme.Helper", "package com.acme; public class Helper {"
                        + " public static String tag() { return \"helper-1\"; } }")
                .publish();
        helperJar = repo.file("com.acme:helper:1.0", "jar");
        lib("1.0", "one", false);
        lib("2.0", "two", true);
        lib("2.0.1", "two-zero-one", true);
        lib("2.1", "two-one", true);
        lib("2.2-rc1", "two-two-rc", true);
        lib("3.0", "three", true);
        libJar = repo.file("com.acme:lib:2.0", "jar");
        for (int v = 1; v <= 2; v++) {
            repo.artifact("com.acme:other:" + v + ".0")
                    .source("com.acme.other.Other", "package com.acme.other; public class Other {"
                            + " public static int v() { return " + v + "; } }")
                    .publish();
        }
        otherJar = repo.file("com.acme:other:2.0", "jar");
        params.put(Config.USER_SETTINGS, "false");
        params.put(Config.DEFAULT_REPOSITORIES, "false");
        params.put(Config.REPOSITORIES, "fake=" + repo.uri());
        params.put(Config.LOCAL_REPOSITORY, local.toString());
        params.put(Config.LEAK_TIMEOUT, "3000");
    }

    private void lib(String version, String name, boolean modern) {
        FakeRepo.ArtifactBuilder b = repo.artifact("com.acme:lib:" + version);
        String body = "private static int calls;"
                + " public static synchronized int calls() { return ++calls; }"
                + " public static String name() { return \"" + name + "\"; }";
        if (modern) {
            b.dependency("com.acme:helper:1.0").compileAgainst(helperJar);
            body += " public static String upper(String s) { return s.toUpperCase(); }"
                    + " public static String helper() { return com.acme.Helper.tag(); }";
        }
        b.source("com.acme.Lib", "package com.acme; public class Lib { " + body + " }").publish();
    }

    static Matrix create(Path root) {
        return new Matrix(root);
    }

    Matrix param(String key, String value) {
        params.put(key, value);
        return this;
    }

    Matrix unparam(String key) {
        params.remove(key);
        return this;
    }

    /**
     * Compiles the test classes (binary name to source, compiled against lib 2.0, helper and other
     * 2.0 besides this JVM's classpath) and returns a loader that sees them, as a test launcher's
     * loader would.
     */
    URLClassLoader tests(Map<String, String> sources) {
        Path dir = root.resolve("test-classes-" + Integer.toHexString(sources.hashCode()));
        Jars.writeDir(dir, Jars.compile(sources, List.of(libJar, helperJar, otherJar)));
        try {
            return new URLClassLoader("tests", new URL[] {dir.toUri().toURL(), libJar.toUri().toURL(),
                    helperJar.toUri().toURL(), otherJar.toUri().toURL()}, Matrix.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This world's configuration parameters (a copy). */
    Map<String, String> params() {
        return new HashMap<>(params);
    }

    /** Runs classes of {@code loader} through the Jupiter engine with this world's settings. */
    EngineExecutionResults run(URLClassLoader loader, String... classNames) {
        List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
        for (String n : classNames) {
            try {
                selectors.add(DiscoverySelectors.selectClass(loader.loadClass(n)));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(n, e);
            }
        }
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(new HashMap<>(params))
                .selectors(selectors.toArray(new org.junit.platform.engine.DiscoverySelector[0]))
                .execute();
    }

    /** Compiles one class and runs it. */
    EngineExecutionResults run(String className, String source) {
        try (URLClassLoader loader = tests(Map.of(className, source))) {
            return run(loader, className);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The usual imports of a test class source. */
    static String imports() {
        return "import static org.junit.jupiter.api.Assertions.*;\n"
                + "import org.junit.jupiter.api.*;\n"
                + "import dev.pods.junit.*;\n"
                + "import com.acme.Lib;\n";
    }
}
