package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodLeak;
import dev.pods.runtime.loader.PodClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What has no counterpart in a process pod, so runs once, outside the two-level suites
 * ({@link LifecycleTest}, {@link PodIsolationTest}):
 * <ul>
 *   <li>{@code Pods.leaks()} names loaders of this JVM that outlive their pod. A process pod's
 *       loader is in its child JVM, which close ends (checked at the process level of
 *       {@link LifecycleTest}): there is nothing left in this JVM to leak or to name.</li>
 *   <li>The JDBC test exercises {@link PodClassLoader} itself, no pod: the child of a process pod
 *       runs the same class, so a second isolation level would run the same code twice.</li>
 * </ul>
 */
class InProcessOnlyTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void leaksNameClosedPodsThatAreStillReachable() throws Exception {
        Path jar = PodFixtures.jar(dir, "leaky.jar", PodFixtures.hello("1"));
        Pod p = Pods.create(PodFixtures.env("leaky", jar));
        Class<?> held = p.classLoader().loadClass("com.acme.Hello");
        p.close();
        // Reported once the leak grace has passed with the loader still reachable (bounded wait).
        long deadline = System.nanoTime() + PodRuntime.LEAK_GRACE.toNanos() + TimeUnit.SECONDS.toNanos(10);
        Optional<PodLeak> found = Optional.empty();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            found = Pods.leaks().stream().filter(l -> l.podName().equals("leaky")).findFirst();
            if (found.isEmpty()) {
                Thread.sleep(20);
            }
        }
        PodLeak leak = found.orElseThrow(() -> new AssertionError("the closed, still reachable pod was never reported"));
        assertFalse(leak.holders().isEmpty());
        assertTrue(leak.holders().get(0).contains("heap dump"), leak.holders().toString());
        assertEquals("com.acme.Hello", held.getName());
    }

    @Test
    void jdbcDriversRegisteredByThePodAreDeregistered() throws Exception {
        String driver = "package com.acme; import java.sql.*; import java.util.Properties; import java.util.logging.Logger;"
                + " public class FakeDriver implements Driver {"
                + " static { try { DriverManager.registerDriver(new FakeDriver()); } catch (SQLException e) { throw new RuntimeException(e); } }"
                + " public Connection connect(String u, Properties p) { return null; }"
                + " public boolean acceptsURL(String u) { return u.startsWith(\"jdbc:fake:\"); }"
                + " public DriverPropertyInfo[] getPropertyInfo(String u, Properties p) { return new DriverPropertyInfo[0]; }"
                + " public int getMajorVersion() { return 1; } public int getMinorVersion() { return 0; }"
                + " public boolean jdbcCompliant() { return false; }"
                + " public Logger getParentLogger() { return null; } }";
        Path jar = PodFixtures.jar(dir, "drv.jar", Map.of("com.acme.FakeDriver", driver));
        try (PodClassLoader l = new PodClassLoader("jdbc", List.of(jar), getClass().getClassLoader(), n -> false)) {
            Class.forName("com.acme.FakeDriver", true, l);
            assertEquals(List.of("com.acme.FakeDriver"), l.deregisterJdbcDrivers());
            assertEquals(List.of(), l.deregisterJdbcDrivers());
        }
    }
}
