package dev.pods.pool.modulepath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.testing.FakeRepo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods from the module path, as a modular application gets them: the descriptors resolve with
 * the real dependencies (automatic modules where a library has no descriptor; the Maven Resolver
 * stack on the class path, read by the runtime), the pool is found as the service pod-pool
 * provides, a pod's dependency resolves, pods work in and out of process, and the internals the
 * descriptors do not export are fenced off. The tests run on the class path (see the parent
 * POM), so this one starts a JVM of its own.
 */
class ModulePathTest {
    /** The Maven Resolver stack and what it brings, which the README tells modular users to keep on the class path. */
    static final List<String> MAVEN_STACK = List.of("/org/apache/maven/", "/org/codehaus/plexus/", "/org/eclipse/sisu/",
            "/javax/inject/", "/commons-codec/", "/org/apache/httpcomponents/", "/jcl-over-slf4j/");

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void podsWorkFromTheModulePathAndTheInternalsAreFenced() throws Exception {
        FakeRepo repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact("com.acme:app:1.0").source("app.App",
                "package app; public class App { public static String hi(String w) { return \"hi \" + w; } }").publish();
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = e.replace('\\', '/');
            if (e.endsWith("test-classes") || MAVEN_STACK.stream().anyMatch(unix::contains)) {
                classPath.add(e);
            } else {
                modulePath.add(e);
            }
        }
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.pods.pool", "--add-reads", "dev.pods.runtime=ALL-UNNAMED",
                "-cp", String.join(File.pathSeparator, classPath), ModulePathMain.class.getName(),
                repo.uri().toString(), tmp.resolve("local").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(100, TimeUnit.SECONDS);
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertEquals(0, ended ? p.exitValue() : -1, output);
        List<String> lines = output.lines().filter(l -> !l.contains("SLF4J") && !l.contains(" INFO ")
                && !l.contains(" WARN ") && !l.contains(" DEBUG ")).toList();
        assertEquals(List.of(
                "module dev.pods.runtime dev.pods dev.pods",
                "in-process hi module path",
                "process hi module path",
                "pool hi module path",
                "fenced dev.pods.runtime.bridge.ValueCodec",
                "fenced dev.pods.runtime.loader.PodClassLoader",
                "fenced dev.pods.internal.PoolSettings",
                "reachable dev.pods.runtime.PodRuntime"), lines, output);
    }
}
