package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The reloaded workflow's reset: an application of 500 generated classes (a class folder, over
 * a fabricated dependency) is stopped, a warm pod of the pool takes over and starts it afresh;
 * against restarting a JVM that loads the same application.
 *
 * <pre>{@code $ pod-bench/run.sh ResetBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class ResetBench {
    static final int CLASSES = 500;

    private Fixtures fixtures;
    private Path app;
    private PodPool pool;

    @Setup
    public void setUp() {
        fixtures = Fixtures.create();
        app = fixtures.app(CLASSES);
        PodEnv env = fixtures.env(Fixtures.CALC).withClasspath(app).withName("app");
        pool = PodPool.builder(env).size(2).init(p -> p.call("bench.Calc/add", 1, 2)).build();
        pool.current(Duration.ofMinutes(2)).call("app.App/start");
    }

    @Setup(Level.Iteration)
    public void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (pool.stats().warm() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
        fixtures.delete();
    }

    @Benchmark
    @Warmup(iterations = 5)
    @Measurement(iterations = 15)
    @Baseline("newJvmLoadsApp")
    @Goal("<= 100 ms; >= 10x faster than a new JVM")
    public Object warmPoolReset() {
        pool.current().call("app.App/stop");
        Pod fresh = pool.refresh();
        return fresh.call("app.App/start");
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public void newJvmLoadsApp() {
        Fixtures.runJava(List.of(app, fixtures.jar(Fixtures.CALC)), "app.App");
    }
}
