package dev.pods.bench;

import dev.pods.PodEnv;
import dev.pods.junit.PodMatrix;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.testing.Jars;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * pod-junit's matrix: the issue's {@code StringUtilsTest} (plus three more tests of the same
 * class) over four versions of commons-lang3, as one {@link PodMatrix} run in this JVM (a JUnit
 * launcher run: four pods sharing one JUnit loaded for the class, all of them closed and
 * leak-checked after the class), against four fresh JVMs, one per version, each running the same
 * tests with the JUnit launcher, one after the other as a CI matrix on one machine would. A second
 * pair runs the versions at once: JUnit's parallel execution (each version in its own pod) against
 * the four JVMs started together.
 *
 * <p>Both sides run the same compiled tests over the same jars from the local repository; on
 * 3.8.1 {@code toRootUpperCase} does not exist, so one test fails there on both sides (each run
 * checks that it saw exactly that).
 *
 * <p>Measured on 2 shared cores (three runs of the command below at load 1.5-3): the matrix 311-407
 * ms against 1995-2240 ms for the fresh JVMs, 4.9x, 5.6x and 7.2x (goal 5x); on a busy machine
 * 8-11x. Before the pods of a class shared one JUnit (each loaded its own ~900 JUnit classes and
 * lambda forms, as each fresh JVM does) it was 2-3.5x. Of what is left, about half is loading and
 * compiling that one JUnit (the first version's run), then a full GC for the leak check (~40 ms,
 * more when a JIT compiler thread still holds a pod's loader) and each later version's run
 * (~25-35 ms, JUnit still interpreted).
 *
 * <pre>{@code
 * $ pod-bench/run.sh JUnitMatrixBench
 * $ java -jar pod-bench/target/benchmarks.jar 'dev\.pods\.bench\.JUnitMatrixBench\.' -f 1 -i 8
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@Fork(1)
public class JUnitMatrixBench {
    static final List<String> VERSIONS = List.of("3.8.1", "3.12.0", "3.14.0", "3.17.0");
    /** The JUnit of this project (junit.version in the root pom). */
    static final String JUPITER = "5.14.1";
    static final String PLATFORM = "1.14.1";
    static final int TESTS = 4;

    private Fixtures fixtures;
    private Path testClasses;
    private List<Path> junit;
    private final Map<String, Path> lang = new LinkedHashMap<>();
    private URLClassLoader hostLoader;
    private Map<String, String> config;
    private Map<String, String> parallel;

    @Setup
    public void setUp() throws IOException {
        fixtures = Fixtures.create();
        Path root = Files.createTempDirectory("pods-bench-junit");
        try (Resolver resolver = Resolver.create()) {
            junit = resolver.resolve(PodEnv.current().withDependencies(
                    "org.junit.jupiter:junit-jupiter-engine:" + JUPITER,
                    "org.junit.platform:junit-platform-launcher:" + PLATFORM)).classpath();
            for (String v : VERSIONS) {
                lang.put(v, resolver.resolve(PodEnv.current().withDependencies(
                        "org.apache.commons:commons-lang3:" + v)).classpath().get(0));
            }
        }
        Path host = lang.get("3.17.0");
        // pod-junit's classes as a class folder of their own: in this shaded jar they sit beside
        // everything else, and a pod's classpath must not carry a second commons-lang3.
        Path podJunit = extract(PodMatrix.class, "dev/pods/junit/", root.resolve("pod-junit-classes"));
        testClasses = root.resolve("test-classes");
        List<Path> compileCp = new ArrayList<>(junit);
        compileCp.add(host);
        compileCp.add(podJunit);
        Jars.writeDir(testClasses, Jars.compile(sources(), compileCp));

        List<Path> testClasspath = new ArrayList<>(List.of(testClasses, podJunit));
        testClasspath.addAll(junit);
        testClasspath.add(host);
        config = new HashMap<>();
        config.put("dev.pods.junit.classpath", join(testClasspath));
        parallel = new HashMap<>(config);
        parallel.put("junit.jupiter.execution.parallel.enabled", "true");
        parallel.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        hostLoader = new URLClassLoader(new URL[] {testClasses.toUri().toURL(), host.toUri().toURL()},
                JUnitMatrixBench.class.getClassLoader());
        podMatrix(); // resolution of the four versions cached from here on, as in a developer's second run
        freshJvms(); // and each JVM's outcome checked once
    }

    @TearDown
    public void tearDown() throws IOException {
        hostLoader.close();
        fixtures.delete();
    }

    @Benchmark
    @Baseline("freshJvms")
    @Goal(">= 5x faster than 4 fresh JVMs")
    public long podMatrix() {
        TestExecutionSummary s = launch(hostLoader, "bench.StringUtilsMatrixTest", config);
        check(s, VERSIONS.size() * TESTS, 1, "the pod matrix");
        return s.getTestsSucceededCount();
    }

    @Benchmark
    public void freshJvms() {
        for (String v : VERSIONS) {
            Fixtures.run(freshJvm(v), null);
        }
    }

    /** The versions at once, with JUnit's parallel execution (each version its own pod). */
    @Benchmark
    @Baseline("freshJvmsParallel")
    @Goal("JUnit parallel execution; against 4 fresh JVMs at once")
    public long podMatrixParallel() {
        TestExecutionSummary s = launch(hostLoader, "bench.StringUtilsMatrixTest", parallel);
        check(s, VERSIONS.size() * TESTS, 1, "the parallel pod matrix");
        return s.getTestsSucceededCount();
    }

    @Benchmark
    public void freshJvmsParallel() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String v : VERSIONS) {
            Thread t = new Thread(() -> {
                try {
                    Fixtures.run(freshJvm(v), null);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** {@code java -cp ... bench.RunTests}: exits 0 when the tests ran as expected (one failure on 3.8.1, none after). */
    private List<String> freshJvm(String version) {
        List<Path> cp = new ArrayList<>(List.of(testClasses));
        cp.addAll(junit);
        cp.add(lang.get(version));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", join(cp),
                "bench.RunTests", "bench.StringUtilsTest", String.valueOf(TESTS), version.equals("3.8.1") ? "1" : "0");
    }

    static TestExecutionSummary launch(ClassLoader loader, String className, Map<String, String> config) {
        try {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(loader.loadClass(className)))
                    .configurationParameters(config).build(), listener);
            return listener.getSummary();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static void check(TestExecutionSummary s, long tests, long failures, String what) {
        if (s.getTestsFoundCount() != tests || s.getTestsFailedCount() != failures
                || s.getContainersFailedCount() != 0) {
            throw new IllegalStateException(what + " ran " + s.getTestsFoundCount() + " tests with "
                    + s.getTestsFailedCount() + " failures and " + s.getContainersFailedCount()
                    + " failed containers; expected " + tests + " and " + failures);
        }
    }

    private static Map<String, String> sources() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bench.StringUtilsTest", """
                package bench;
                import static org.junit.jupiter.api.Assertions.assertEquals;
                import org.apache.commons.lang3.StringUtils;
                import org.junit.jupiter.api.Test;
                public class StringUtilsTest {
                    @Test void upper() { assertEquals("PODS", StringUtils.toRootUpperCase("pods")); }
                    @Test void abbreviate() { assertEquals("po...", StringUtils.abbreviate("pods and more", 5)); }
                    @Test void capitalize() { assertEquals("Pods", StringUtils.capitalize("pods")); }
                    @Test void join() { assertEquals("a,b", StringUtils.join(new String[] {"a", "b"}, ',')); }
                }
                """);
        s.put("bench.StringUtilsMatrixTest", """
                package bench;
                import dev.pods.junit.PodMatrix;
                @PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = {"3.8.1", "3.12.0", "3.14.0", "3.17.0"})
                public class StringUtilsMatrixTest extends StringUtilsTest {
                }
                """);
        s.put("bench.RunTests", """
                package bench;
                import org.junit.platform.engine.discovery.DiscoverySelectors;
                import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
                import org.junit.platform.launcher.core.LauncherFactory;
                import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
                public class RunTests {
                    public static void main(String[] args) throws Exception {
                        SummaryGeneratingListener l = new SummaryGeneratingListener();
                        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(Class.forName(args[0]))).build(), l);
                        var s = l.getSummary();
                        boolean ok = s.getTestsFoundCount() == Long.parseLong(args[1])
                                && s.getTestsFailedCount() == Long.parseLong(args[2]);
                        System.exit(ok ? 0 : 1);
                    }
                }
                """);
        return s;
    }

    /** Copies the entries under {@code prefix} of the jar (or folder) {@code anchor} came from into {@code dir}. */
    private static Path extract(Class<?> anchor, String prefix, Path dir) throws IOException {
        Path from;
        try {
            from = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(from)) {
            try (var files = Files.walk(from.resolve(prefix))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = dir.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
            return dir;
        }
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(from))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                if (e.getName().startsWith(prefix) && !e.isDirectory()) {
                    Path to = dir.resolve(e.getName());
                    Files.createDirectories(to.getParent());
                    Files.write(to, readAll(zin));
                }
            }
        }
        return dir;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toArray(String[]::new));
    }
}
