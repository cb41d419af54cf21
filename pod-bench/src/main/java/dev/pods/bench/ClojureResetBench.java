package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.pool.Reloader;
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
 * component: {@link ClojureSystem}): stop it, bring the code up to date, start it. Against a new
 * JVM that loads the same namespaces and starts the system ({@code clojure.main}, as a restart
 * would). Each measured operation is everything the user waits for at reset time:
 * <ul>
 * <li>{@code refreshInPod}: a save changed {@code app.config}; stop, reload it and the two
 *     namespaces that depend on it in the running pod, start (what the Reloader does on a change).
 * <li>{@code warmPodReset}: {@link Reloader#fullReset()}: stop, switch to a fresh warm pod of the
 *     Reloader's pool, compare the files with what that pod loaded, start. Done in the background
 *     before the pod counts as warm (a person's pause between resets; {@link #awaitWarm} waits for
 *     it unmeasured): the pod's Clojure, tools.namespace and compiler warmed, the application's
 *     namespaces loaded (not started) by {@code pods.pod/prepare}. Nothing changed since (as after
 *     a pause, or once the Reloader has loaded a change it saw into its warm pods in the
 *     background), so the start only checks the files (size, timestamps; content of recently
 *     changed ones) and starts.
 * <li>{@code warmPodResetAfterEdit}: the same right after a save the Reloader has not seen yet
 *     (no reset ran since): the fresh pod reloads the changed namespace and its dependents with
 *     its JIT-cold compiler before the start (informative: the worst case of a full reset), while
 *     the pool starts warming the next pod.
 * </ul>
 * The Reloader's watcher is given a debounce longer than the run, so the measured full reset is
 * the only reset; the file changes are made by the benchmark.
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
    private Path reloaderSrc;
    private Pod pod;
    private Reloader reloader;
    private List<Path> classpath;
    private int edits;

    @Setup
    public void setUp() throws IOException {
        src = Files.createTempDirectory("clj-reset-bench");
        ClojureSystem.write(src, "hello", null);
        PodEnv deps = PodEnv.current().withDependencies(CLOJURE, TOOLS_NAMESPACE).withName("clj-system");
        pod = Pods.create(deps.withClasspath(src));
        pod.call("clojure:pods.pod/start-system", "dev/go");
        classpath = pod.classpath();
        reloaderSrc = Files.createTempDirectory("clj-reset-bench-reloader");
        ClojureSystem.write(reloaderSrc, "hello", null);
        reloader = Reloader.builder(deps).classes(reloaderSrc).start("clojure:dev/go").stop("clojure:dev/halt")
                .debounce(Duration.ofDays(1)).build();
        Reloader.Reset first = reloader.start();
        if (!first.succeeded()) {
            throw new IllegalStateException("the system did not start", first.failure().get());
        }
    }

    /** A warm pod ready, as after a person's pause between resets: none is being prepared during the measurement. */
    @Setup(Level.Iteration)
    public void awaitWarm() throws InterruptedException {
        PodPool pool = reloader.pool().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (pool.stats().warm() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no warm pod within two minutes: " + pool.stats());
            }
            Thread.sleep(2);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        pod.close();
        reloader.close();
        for (Path dir : List.of(src, reloaderSrc)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        return pod.call("clojure:pods.pod/start-system", "dev/go"); // reload config, component, dev; then go
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @Baseline("newJvmStartsSystem")
    @Goal(">= 20x faster than a new JVM")
    public Reloader.Reset warmPodReset() {
        return checked(reloader.fullReset());
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @Baseline("newJvmStartsSystem")
    @Goal("informative: a save after the warm pod loaded the code")
    public Reloader.Reset warmPodResetAfterEdit() {
        ClojureSystem.config(reloaderSrc, "hello " + ++edits);
        return checked(reloader.fullReset());
    }

    private static Reloader.Reset checked(Reloader.Reset r) {
        if (!r.succeeded() || r.kind() != Reloader.Kind.WARM_POD) {
            throw new IllegalStateException("the full reset did not take a warm pod: " + r, r.failure().orElse(null));
        }
        return r;
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
