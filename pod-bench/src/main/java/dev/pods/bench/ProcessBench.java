package dev.pods.bench;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.runtime.PodRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Process pods ({@code Isolation.PROCESS}): a call's round trip to the child JVM; borrowing a
 * warm child from a pool and calling it; a cold process pod and its first call against a new JVM
 * running the same call ({@code java -cp calc.jar bench.Calc}), with and without the class data
 * sharing archive. The runtime keeps its archive under the fixtures' temporary folder; setup
 * waits until it is made, so that measured cold starts use it.
 *
 * <pre>{@code $ pod-bench/run.sh ProcessBench}</pre>
 */
@Fork(1)
public class ProcessBench {

    @State(Scope.Benchmark)
    public static class Process {
        Fixtures fixtures;
        PodEnv env;
        PodRuntime runtime;
        PodRuntime noCds;
        Pod pod;
        PodPool reusing;
        PodPool fresh;
        Pod cold;
        int a = 20;
        int b = 22;

        @Setup
        public void setUp() throws Exception {
            fixtures = Fixtures.create();
            env = fixtures.env(Fixtures.CALC).withIsolation(Isolation.PROCESS);
            Path cds = Files.createDirectories(fixtures.dir.resolve("cds"));
            runtime = PodRuntime.builder().classDataCache(cds).build();
            noCds = PodRuntime.builder().classDataSharing(false).build();
            try (Pod first = runtime.create(env)) {
                first.call("bench.Calc/add", 1, 2); // resolution cached; the archive is being made
            }
            awaitArchive(cds);
            pod = runtime.create(env);
            if ((int) pod.call("bench.Calc/add", a, b) != 42) {
                throw new IllegalStateException("the pod's add is wrong");
            }
            reusing = PodPool.builder(env).size(1).reuse(true).podFactory(runtime::create).build();
            fresh = PodPool.builder(env).size(1).podFactory(runtime::create)
                    .init(p -> p.call("bench.Calc/add", 1, 2)).build();
            reusing.current(Duration.ofMinutes(2));
            fresh.current(Duration.ofMinutes(2));
        }

        private static void awaitArchive(Path dir) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.anyMatch(p -> p.getFileName().toString().endsWith(".jsa"))) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no class data sharing archive was made in " + dir);
        }

        /** A fresh pool hands out a new child each time: wait (unmeasured) until one is warm. */
        @Setup(Level.Iteration)
        public void awaitWarm() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (fresh.stats().warm() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }

        /**
         * Closes the cold pod and waits (unmeasured) until its JVM has exited: close does not wait
         * for that, and a child still shutting down would take CPU from the next measured start
         * (the baseline's JVM has exited when its measure ends).
         */
        @TearDown(Level.Iteration)
        public void closeCold() throws Exception {
            if (cold != null) {
                long pid = cold.call("bench.Calc/pid");
                cold.close();
                cold = null;
                ProcessHandle h = ProcessHandle.of(pid).orElse(null);
                if (h != null) {
                    h.onExit().get(1, TimeUnit.MINUTES);
                }
            }
        }

        @TearDown
        public void tearDown() {
            pod.close();
            reusing.close();
            fresh.close();
            fixtures.delete();
        }
    }

    /** add(int, int) in the child: boxed Integers over the socket and back. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Goal("<= 20 us median")
    public Object processCallSmallArgs(Process s) {
        return s.pod.call("bench.Calc/add", s.a, s.b);
    }

    /** Borrow from a reusing pool (the same warm child each time) and call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Goal("<= 100 us")
    public Object borrowWarmFirstCall(Process s) {
        try (PodLease lease = s.reusing.borrow(Duration.ofSeconds(30))) {
            return lease.pod().call("bench.Calc/add", s.a, s.b);
        }
    }

    /**
     * Borrow a child that no caller has used (a pool without reuse, whose init hook made one call)
     * and make its first call; the returned child is destroyed and replaced outside the measure.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @Goal("informative: a child no caller used yet (its JIT is cold)")
    public Object borrowFreshFirstCall(Process s) {
        try (PodLease lease = s.fresh.borrow(Duration.ofSeconds(30))) {
            return lease.pod().call("bench.Calc/add", s.a, s.b);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @Baseline("newJvmFirstCall")
    @Goal("<= 2x a new JVM")
    public Object coldProcessPodFirstCall(Process s) {
        s.cold = s.runtime.create(s.env);
        return s.cold.call("bench.Calc/add", 1, 2);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    @Baseline("newJvmFirstCall")
    @Goal("without the class data sharing archive")
    public Object coldProcessPodFirstCallNoCds(Process s) {
        s.cold = s.noCds.create(s.env);
        return s.cold.call("bench.Calc/add", 1, 2);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public void newJvmFirstCall(Process s) {
        Fixtures.runJava(List.of(s.fixtures.jar(Fixtures.CALC)), "bench.Calc");
    }
}
