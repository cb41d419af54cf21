package dev.pods.bench;

import dev.pods.PodEnv;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Resolution of Guava 33.3.1-jre against a warm local repository (the user's, as a developer's
 * machine has it after the first build): in-memory memo hit, disk-cache hit in a fresh resolver,
 * against the whole process {@code mvn -q dependency:build-classpath} of the same artifact.
 *
 * <pre>{@code $ pod-bench/run.sh ResolutionBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class ResolutionBench {
    static final String GUAVA = "com.google.guava:guava:33.3.1-jre";

    private PodEnv env;
    private Resolver shared;
    private Path project;

    @Setup
    public void setUp() throws IOException {
        env = PodEnv.current().withDependencies(GUAVA).withName("guava");
        shared = Resolver.create();
        Resolution r = shared.resolve(env); // warms the local repository and the disk cache
        if (r.classpath().isEmpty()) {
            throw new IllegalStateException("empty classpath for " + GUAVA);
        }
        project = Files.createTempDirectory("pods-bench-mvn");
        Files.writeString(project.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>bench</groupId><artifactId>guava-classpath</artifactId><version>1</version>\n"
                + "  <dependencies><dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId>"
                + "<version>33.3.1-jre</version></dependency></dependencies>\n</project>\n");
        mvnBuildClasspath(); // the plugin itself downloaded once, outside the measurement
    }

    @TearDown
    public void tearDown() throws IOException {
        shared.close();
        try (var s = Files.walk(project)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    @Baseline("mvnBuildClasspath")
    @Goal("in-memory memo hit")
    public Resolution inMemoryHit() {
        return shared.resolve(env);
    }

    @Benchmark
    @Warmup(iterations = 5)
    @Measurement(iterations = 15)
    @Baseline("mvnBuildClasspath")
    @Goal("<= 5 ms; >= 10x faster than mvn")
    public Resolution diskCacheHitFreshResolver() {
        try (Resolver fresh = Resolver.create()) {
            return fresh.resolve(env);
        }
    }

    /** Maven Resolver collecting and resolving the whole graph again (the disk cache off), local repository warm. */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @Baseline("mvnBuildClasspath")
    @Goal("full resolution, warm local repository")
    public Resolution fullResolution() {
        try (Resolver fresh = Resolver.builder().diskCache(false).build()) {
            return fresh.resolve(env);
        }
    }

    /** The whole {@code mvn} process, offline (the local repository is warm), as a user would run it. */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void mvnBuildClasspath() {
        String mvn = System.getProperty("os.name").startsWith("Windows") ? "mvn.cmd" : "mvn";
        Fixtures.run(List.of(mvn, "-q", "-o", "-B",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + project.resolve("cp.txt")), project);
    }
}
