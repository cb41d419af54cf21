package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
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
 * A new pod over an already cached resolution plus its first call, against a new JVM
 * ({@code java -cp calc.jar bench.Calc}) doing the same call. One pod per iteration, closed
 * outside the measured time.
 *
 * <pre>{@code $ pod-bench/run.sh CreateBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class CreateBench {
    private Fixtures fixtures;
    private PodEnv env;
    private Pod pod;

    @Setup
    public void setUp() {
        fixtures = Fixtures.create();
        env = fixtures.env(Fixtures.CALC);
        try (Pod p = Pods.create(env)) {
            p.call("bench.Calc/add", 1, 2); // resolution cached from here on
        }
    }

    @TearDown(Level.Iteration)
    public void closePod() {
        if (pod != null) {
            pod.close();
            pod = null;
        }
    }

    @TearDown
    public void tearDown() {
        fixtures.delete();
    }

    @Benchmark
    @Baseline("newJvmFirstCall")
    @Goal("<= 5 ms; >= 50x faster than a new JVM")
    public Object newPodFirstCall() {
        pod = Pods.create(env);
        return pod.call("bench.Calc/add", 1, 2);
    }

    @Benchmark
    public void newJvmFirstCall() {
        Fixtures.runJava(List.of(fixtures.jar(Fixtures.CALC)), "bench.Calc");
    }
}
