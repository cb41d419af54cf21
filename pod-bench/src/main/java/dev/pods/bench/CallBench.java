package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.runtime.Pods;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
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
 * A call's round trip through the bridge against a direct {@link MethodHandle} call of the same
 * method (the same class, loaded by a plain loader in the host).
 *
 * <pre>{@code $ pod-bench/run.sh CallBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallBench {
    private Fixtures fixtures;
    private Pod pod;
    private URLClassLoader direct;
    private MethodHandle add;
    private MethodHandle echo;
    private int a = 20;
    private int b = 22;
    private String s = "pods";

    @Setup
    public void setUp() throws Exception {
        fixtures = Fixtures.create();
        pod = Pods.create(fixtures.env(Fixtures.CALC));
        direct = new URLClassLoader(new URL[] {fixtures.jar(Fixtures.CALC).toUri().toURL()}, null);
        Class<?> calc = direct.loadClass("bench.Calc");
        add = MethodHandles.publicLookup().findStatic(calc, "add", MethodType.methodType(int.class, int.class, int.class));
        echo = MethodHandles.publicLookup().findStatic(calc, "echo", MethodType.methodType(String.class, String.class));
        if ((int) pod.call("bench.Calc/add", a, b) != 42) {
            throw new IllegalStateException("the pod's add is wrong");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        pod.close();
        direct.close();
        fixtures.delete();
    }

    /** add(int, int): boxed Integers in, an Integer out (immutable JDK values: the fast path). */
    @Benchmark
    @Baseline("directMethodHandle")
    @Goal("<= 2 us; <= 20x direct")
    public Object podCallSmallArgs() {
        return pod.call("bench.Calc/add", a, b);
    }

    /** echo(String): a String crosses both ways without a copy. */
    @Benchmark
    @Baseline("directMethodHandle")
    @Goal("immutable fast path")
    public Object podCallImmutable() {
        return pod.call("bench.Calc/echo", s);
    }

    /** pair(int, int): a List comes back, so the result is copied through Kryo. */
    @Benchmark
    @Baseline("directMethodHandle")
    @Goal("copied result")
    public Object podCallCopiedResult() {
        return pod.call("bench.Calc/pair", a, b);
    }

    /** The same add through a MethodHandle held by the host. */
    @Benchmark
    public Object directMethodHandle() throws Throwable {
        return add.invoke((Object) a, (Object) b);
    }

    /** Keeps the echo handle honest (unused otherwise). */
    List<MethodHandle> handles() {
        return List.of(add, echo);
    }
}
