package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.runtime.Pods;
import dev.pods.testing.ClojureSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Clojure reloaded workflow's reset of a small system (three namespaces, an atom-holding
 * component: {@link ClojureSystem}): stop it, reload the changed code, start it. In the running
 * pod by tools.namespace's refresh (what the Reloader does on a change), in a fresh warm pod of a
 * pool (a full reset), and against a new JVM that loads the same namespaces and starts the
 * system ({@code clojure.main}, as a restart would).
 *
 * <pre>{@code $ pod-bench/run.sh ClojureResetBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class ClojureResetBench {
    static final String CLOJURE = "org.clojure:clojure:1.12.3";
    static final String TOOLS_NAMESPACE = "org.clojure:tools.namespace:1.5.0";

    private Path src;
    private Pod pod;
    private PodPool pool;
    private List<Path> classpath;
    private int edits;

    @Setup
    public void setUp() throws IOException {
        src = Files.createTempDirectory("clj-reset-bench");
        ClojureSystem.write(src, "hello", null);
        PodEnv env = PodEnv.current().withDependencies(CLOJURE, TOOLS_NAMESPACE).withClasspath(src).withName("clj-system");
        pod = Pods.create(env);
        pod.call("clojure:pods.pod/start-system", "dev/go");
        classpath = pod.classpath();
        pool = PodPool.builder(env).size(2).init(p -> p.call("clojure:pods.pod/warm")).build();
        pool.current(Duration.ofMinutes(2)).call("clojure:pods.pod/start-system", "dev/go");
    }

    /** A full pool, as after a person's pause between saves: no pod is being warmed during the measurement. */
    @Setup(Level.Iteration)
    public void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (pool.stats().warm() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        pod.close();
        pool.close();
        try (Stream<Path> files = Files.walk(src)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 15)
    @Baseline("newJvmStartsSystem")
    @Goal(">= 20x faster than a new JVM")
    public Object refreshInPod() {
        ClojureSystem.config(src, "hello " + ++edits); // a save: the config namespace changed
        pod.call("clojure:pods.pod/stop-system", "dev/halt");
        return pod.call("clojure:pods.pod/start-system", "dev/go"); // refresh (config, component, dev), then go
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @Baseline("newJvmStartsSystem")
    @Goal(">= 20x faster than a new JVM")
    public Object warmPodReset() {
        pool.current().call("clojure:pods.pod/stop-system", "dev/halt");
        Pod fresh = pool.refresh();
        return fresh.call("clojure:pods.pod/start-system", "dev/go"); // loads the three namespaces, then go
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public void newJvmStartsSystem() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toArray(String[]::new)));
        cmd.add("clojure.main");
        cmd.add("-e");
        cmd.add("(require 'dev) (dev/go) (dev/halt)");
        try {
            Fixtures.run(cmd, null);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("the new JVM failed: " + e.getMessage(), e));
        }
    }
}
