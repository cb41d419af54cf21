package dev.pods.bench;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
import java.util.Arrays;

/**
 * Not a JMH benchmark: a loop of create, first call and close over {@link CreateBench}'s env,
 * timing each phase apart, to see where {@code newPodFirstCall} goes and whether a close slows the
 * next create. An optional pause between cycles (milliseconds; negative: spin instead of sleep)
 * imitates the harness's gap between single-shot iterations.
 *
 * <pre>{@code $ java -cp pod-bench/target/benchmarks.jar dev.pods.bench.CreateLoop 200 2}</pre>
 *
 * <p>Prints the median of each phase over cycles 20 to the end, and the threads left alive
 * afterwards (a close that left work behind would show here).
 */
public final class CreateLoop {
    private CreateLoop() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Fixtures fixtures = Fixtures.create();
        try {
            PodEnv env = fixtures.env(Fixtures.CALC);
            try (Pod p = Pods.create(env)) {
                p.call("bench.Calc/add", 1, 2); // resolution cached from here on, as in CreateBench
            }
            long[] create = new long[n];
            long[] first = new long[n];
            long[] close = new long[n];
            for (int i = 0; i < n; i++) {
                pause(pauseMillis);
                long t0 = System.nanoTime();
                Pod p = Pods.create(env);
                long t1 = System.nanoTime();
                p.call("bench.Calc/add", 1, 2);
                long t2 = System.nanoTime();
                p.close();
                long t3 = System.nanoTime();
                create[i] = t1 - t0;
                first[i] = t2 - t1;
                close[i] = t3 - t2;
            }
            int from = Math.min(20, n - 1);
            System.out.printf("cycles %d-%d, median us: create %d, first call %d, close %d%n", from, n,
                    median(create, from), median(first, from), median(close, from));
            System.out.println("threads alive: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .sorted().toList());
        } finally {
            fixtures.delete();
        }
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        } else if (millis < 0) {
            long end = System.nanoTime() - millis * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    private static long median(long[] nanos, int from) {
        long[] s = Arrays.copyOfRange(nanos, from, nanos.length);
        Arrays.sort(s);
        return s[s.length / 2] / 1000;
    }
}
