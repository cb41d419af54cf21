package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.runtime.Pods;
import java.time.Duration;
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
 * Pool operations: {@code current()}, {@code borrow()} of a warm pod (a reusing pool, so the
 * lease goes back rather than being replaced), and {@code refresh()} with a warm replacement
 * ready (each iteration waits, unmeasured, until one is). Baseline: making a pod cold.
 *
 * <pre>{@code $ pod-bench/run.sh PoolBench}</pre>
 */
@Fork(1)
public class PoolBench {

    @State(Scope.Benchmark)
    public static class Pools {
        Fixtures fixtures;
        PodEnv env;
        PodPool pool;
        PodPool reusing;

        @Setup
        public void setUp() {
            fixtures = Fixtures.create();
            env = fixtures.env(Fixtures.CALC);
            pool = PodPool.builder(env).size(2).init(p -> p.call("bench.Calc/add", 1, 2)).build();
            reusing = PodPool.builder(env).size(2).reuse(true).build();
            pool.current(Duration.ofMinutes(2));
            reusing.current(Duration.ofMinutes(2));
        }

        @Setup(Level.Iteration)
        public void awaitWarm() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while ((pool.stats().warm() < 1 || reusing.stats().warm() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }

        @TearDown
        public void tearDown() {
            pool.close();
            reusing.close();
            fixtures.delete();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Baseline("coldPodCreate")
    @Goal("<= 1 us")
    public Pod current(Pools p) {
        return p.pool.current();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Baseline("coldPodCreate")
    @Goal("<= 10 us; a pool built with reuse, so the pod stays warm")
    public Pod borrowWarm(Pools p) {
        try (PodLease lease = p.reusing.borrow(Duration.ofSeconds(30))) {
            return lease.pod();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @Baseline("coldPodCreate")
    @Goal("<= 1 ms")
    public Pod refresh(Pools p) {
        return p.pool.refresh();
    }

    /** A pod made and closed cold, over the cached resolution. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public Object coldPodCreate(Pools p) {
        try (Pod pod = Pods.create(p.env)) {
            return pod.call("bench.Calc/add", 1, 2);
        }
    }
}
