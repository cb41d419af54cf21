package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.Isolation;
import dev.pods.Pod;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void smoke() {
        Path v1 = PodFixtures.jar(dir, "hello-1.jar", PodFixtures.hello("1.0"));
        long t0 = System.nanoTime();
        try (Pod p = Pods.create(PodFixtures.env("smoke", v1).withIsolation(Isolation.PROCESS))) {
            System.err.println("created in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals("1.0", p.call("com.acme.Hello/version"));
            System.err.println("first call at " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals("1.0:x", p.call("com.acme.Hello/echo", "x"));
            assertEquals(java.util.List.of(1, 2), p.call("java.util.List/of", 1, 2));
            for (int r = 0; r < 2; r++) {
                long[] lat = new long[20000];
                for (int i = 0; i < lat.length; i++) {
                    long t = System.nanoTime();
                    p.call("com.acme.Hello/echo", "x");
                    lat[i] = System.nanoTime() - t;
                }
                java.util.Arrays.sort(lat);
                System.err.println("median " + lat[10000] / 1000.0 + " us p10 " + lat[2000] / 1000.0 + " p90 " + lat[18000] / 1000.0);
            }
            System.err.println(p.languages());
            long c0 = System.nanoTime();
            p.close();
            System.err.println("close took " + (System.nanoTime() - c0) / 1_000_000 + " ms");
        }
        System.err.println("closed at " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
