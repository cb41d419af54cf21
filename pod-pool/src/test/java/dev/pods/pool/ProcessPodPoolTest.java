package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodProcessException;
import dev.pods.PodTimeoutException;
import dev.pods.testing.Jars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool, unchanged, over pods in JVMs of their own: it keeps children started and warmed (the
 * init hook ran in the child), replaces one that died, and a refreshed or returned pod's child
 * goes away.
 */
class ProcessPodPoolTest {
    @TempDir
    Path tmp;

    private static final String APP = "package app; public class App {"
            + " static String state = \"cold\";"
            + " public static void warm() { state = \"warm\"; }"
            + " public static String state() { return state; }"
            + " public static long pid() { return ProcessHandle.current().pid(); }"
            + " public static void exit(int code) { System.exit(code); }"
            + " public static void spin() { while (true) { Thread.onSpinWait(); } } }";

    private PodEnv env() {
        Path jar = Jars.writeJar(tmp.resolve("app.jar"), Jars.compile(Map.of("app.App", APP)), Map.of());
        return PodEnv.empty().withDefaultRepositories(false).withName("proc-pool").withClasspath(jar)
                .withIsolation(Isolation.PROCESS);
    }

    private static boolean gone(long pid) throws Exception {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        return true;
    }

    @Test
    @Timeout(120)
    void warmChildrenAreLentAndADeadOneIsReplaced() throws Exception {
        try (PodPool pool = PodPool.builder(env()).size(1).init(p -> p.call("app.App/warm")).build()) {
            Pod first = pool.current(Duration.ofSeconds(60));
            assertEquals("warm", first.call("app.App/state"), "the init hook ran in the child");
            long firstPid = first.call("app.App/pid");
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                assertEquals("warm", lease.pod().call("app.App/state"));
                assertNotEquals(firstPid, (long) lease.pod().call("app.App/pid"), "another child");
            }
            // The current pod's JVM dies behind the pool's back: the pool notices and replaces it.
            assertThrows(PodProcessException.class, () -> first.call("app.App/exit", 3));
            assertTrue(first.isClosed());
            Pod second = pool.current(Duration.ofSeconds(60));
            assertNotSame(first, second);
            assertEquals("warm", second.call("app.App/state"));
            assertTrue(gone(firstPid));
        }
    }

    @Test
    @Timeout(120)
    void anIdleChildKilledWhileWarmIsReplacedWithoutAnAcquire() throws Exception {
        try (PodPool pool = PodPool.builder(env()).size(1).reuse(true).build()) {
            long pid;
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                pid = lease.pod().call("app.App/pid");
            } // back to the pool, warm and idle
            assertEquals(1, pool.stats().created());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
            assertTrue(gone(pid));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pool.stats().created() < 2 || pool.stats().warm() < 1) {
                assertTrue(System.nanoTime() < deadline, "no replacement without an acquire: " + pool.stats());
                Thread.sleep(5);
            }
            assertEquals(1, pool.stats().retired(), pool.stats().toString());
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                assertNotEquals(pid, (long) lease.pod().call("app.App/pid"));
            }
        }
    }

    @Test
    @Timeout(120)
    void refreshAndReturnedLeasesEndTheirChildren() throws Exception {
        try (PodPool pool = PodPool.builder(env()).size(1).build()) {
            Pod old = pool.current(Duration.ofSeconds(60));
            long oldPid = old.call("app.App/pid");
            Pod fresh = pool.refresh();
            assertNotEquals(oldPid, (long) fresh.call("app.App/pid"));
            assertTrue(gone(oldPid), "the retired pod's child was ended by the pool's destroy");
            long leasedPid;
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                leasedPid = lease.pod().call("app.App/pid");
                // A deadline kills the leased child; the lease goes back all the same.
                assertThrows(PodTimeoutException.class,
                        () -> lease.pod().callWithTimeout(Duration.ofMillis(200), "app.App/spin"));
            }
            assertTrue(gone(leasedPid));
            try (PodLease lease = pool.borrow(Duration.ofSeconds(60))) {
                assertEquals("cold", lease.pod().call("app.App/state"), "a new, working child");
            }
        }
    }
}
