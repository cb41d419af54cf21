package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
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
 * Java eval through JShell: a one-line expression in a warm pod, and the first eval in a cold
 * pod (the pod made before the measured time, JShell started inside it).
 *
 * <pre>{@code $ pod-bench/run.sh EvalBench}</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class EvalBench {

    /** A pod whose JShell is already running. */
    @State(Scope.Benchmark)
    public static class Warm {
        Fixtures fixtures;
        Pod pod;
        int n;

        @Setup
        public void setUp() {
            fixtures = Fixtures.create();
            pod = Pods.create(fixtures.env(Fixtures.CALC));
            pod.eval("bench.Calc.add(1, 2)");
        }

        @TearDown
        public void tearDown() {
            pod.close();
            fixtures.delete();
        }
    }

    /** A new pod per iteration, made outside the measured time. */
    @State(Scope.Benchmark)
    public static class Cold {
        Fixtures fixtures;
        PodEnv env;
        Pod pod;

        @Setup
        public void setUp() {
            fixtures = Fixtures.create();
            env = fixtures.env(Fixtures.CALC);
        }

        @Setup(Level.Iteration)
        public void newPod() {
            pod = Pods.create(env);
        }

        @TearDown(Level.Iteration)
        public void closePod() {
            pod.close();
        }

        @TearDown
        public void tearDown() {
            fixtures.delete();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Goal("<= 10 ms median")
    public Object javaEvalWarmPod(Warm w) {
        return w.pod.eval("bench.Calc.add(20, " + (w.n++) + ")"); // new source each time: compiled by JShell
    }

    /** The same source again: the evaluator reruns the snippet it compiled before. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    @Baseline("javaEvalWarmPod")
    @Goal("repeated source (compiled-snippet cache)")
    public Object javaEvalWarmPodRepeated(Warm w) {
        return w.pod.eval("bench.Calc.add(20, 22)");
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @Baseline("javaEvalWarmPod")
    @Goal("first eval, cold pod")
    public Object javaFirstEvalColdPod(Cold c) {
        return c.pod.eval("bench.Calc.add(20, 22)");
    }
}
