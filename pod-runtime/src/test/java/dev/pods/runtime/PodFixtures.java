package dev.pods.runtime;

import dev.pods.PodEnv;
import dev.pods.testing.Jars;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Fabricated pod jars for the runtime's tests. */
final class PodFixtures {
    private PodFixtures() {
    }

    /** Compiles {@code sources} (class name to text) into {@code dir/name}, with text resources. */
    static Path jar(Path dir, String name, Map<String, String> sources, Map<String, String> resources) {
        return Jars.writeJar(dir.resolve(name), Jars.compile(sources), resources);
    }

    static Path jar(Path dir, String name, Map<String, String> sources) {
        return jar(dir, name, sources, Map.of());
    }

    /** A jar holding copies of host test classes (so that the pod has its own copy of the same name). */
    static Path copyOfHostClasses(Path dir, String name, Class<?>... classes) {
        Map<String, byte[]> entries = new HashMap<>();
        for (Class<?> c : classes) {
            String path = c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
                entries.put(path, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Jars.writeJar(dir.resolve(name), entries, Map.of());
    }

    /** An env over fabricated jars only: no dependencies, no remote repository. */
    static PodEnv env(String name, Path... jars) {
        return PodEnv.empty().withDefaultRepositories(false).withName(name).withClasspath(jars);
    }

    /**
     * A class {@code com.acme.Jvm} that tells about the JVM it runs in: {@code pid()}, and
     * {@code threadAlive(name)} (a live thread of that name).
     */
    static Map<String, String> jvmProbe() {
        return Map.of("com.acme.Jvm", "package com.acme; public class Jvm {"
                + " public static long pid() { return ProcessHandle.current().pid(); }"
                + " public static boolean threadAlive(String name) {"
                + "   for (Thread t : Thread.getAllStackTraces().keySet()) {"
                + "     if (t.getName().equals(name) && t.isAlive()) { return true; } }"
                + "   return false; } }");
    }

    /** Whether process {@code pid} has exited, waiting for it at most {@code seconds}. */
    static boolean exited(long pid, long seconds) throws Exception {
        java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(seconds, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !h.get().isAlive();
        }
    }

    /** A class {@code com.acme.Hello} whose {@code version()} answers {@code version}. */
    static Map<String, String> hello(String version) {
        return Map.of("com.acme.Hello", "package com.acme; public class Hello {"
                + " public static String version() { return \"" + version + "\"; }"
                + " public static String echo(String s) { return \"" + version + ":\" + s; } }");
    }
}
