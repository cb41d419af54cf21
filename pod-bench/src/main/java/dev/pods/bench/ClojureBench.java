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
 * A Clojure pod (org.clojure:clojure from the user's repositories) plus its first eval: made
 * cold, against one taken from a pool whose init hook already started the runtime. Boot's pods
 * took about 2 s each.
 *
 * <pre>{@code $ pod-bench/run.sh ClojureBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class ClojureBench {
    static final String CLOJURE = "org.clojure:clojure:1.12.0";

    private PodEnv env;
    private PodPool pool;

    @Setup
    public void setUp() {
        env = PodEnv.current().withDependencies(CLOJURE).withName("clojure");
        try (Pod p = Pods.create(env)) {
            p.eval("clojure", "(+ 1 2)"); // downloads once, outside the measurement
        }
        pool = PodPool.builder(env).size(2).init(p -> p.eval("clojure", "(+ 1 2)")).build();
        pool.current(Duration.ofMinutes(2));
    }

    @Setup(Level.Iteration)
    public void awaitWarm() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (pool.stats().warm() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @Goal("Boot: ~2 s per pod")
    public Object coldPodFirstEval() {
        try (Pod p = Pods.create(env)) {
            return p.eval("clojure", "(reduce + (range 10))");
        }
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 10)
    @Baseline("coldPodFirstEval")
    @Goal("warm pool: borrow + first eval")
    public Object warmPoolFirstEval() {
        try (PodLease lease = pool.borrow(Duration.ofMinutes(2))) {
            return lease.pod().eval("clojure", "(reduce + (range 10))");
        }
    }
}
