package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodJvm;
import dev.pods.PodProcessException;
import dev.pods.PodTimeoutException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a pod in a JVM of its own can do: survive {@code System.exit}, a small heap's
 * {@code OutOfMemoryError}, {@code kill -9} and a runaway loop (the host carries on with a typed
 * error); take JVM settings; leave no child behind when the host dies. The behaviour both
 * isolation levels share is tested by the parameterized suites (CallTest, LifecycleTest, ...).
 * Tests that do not kill their pod share one child JVM.
 */
class ProcessPodTest {
    @TempDir
    static Path dir;
    static Path jar;
    /** The shared pod: JVM settings given, output captured. */
    static Pod shared;

    private static final String PROC = "package com.acme; import java.util.*;"
            + " public class Proc {"
            + " public static long pid() { return ProcessHandle.current().pid(); }"
            + " public static int classpathEntries() {"
            + "   return ((java.net.URLClassLoader) Proc.class.getClassLoader()).getURLs().length; }"
            + " public static void exit(int code, String why) { System.err.println(why); System.exit(code); }"
            + " public static int hog() { List<long[]> l = new ArrayList<>(); while (true) { l.add(new long[1 << 20]); } }"
            + " public static void spin() { while (true) { Thread.onSpinWait(); } }"
            + " public static String sleepMarked(String marker, long ms) throws Exception {"
            + "   java.nio.file.Files.createFile(java.nio.file.Path.of(marker)); Thread.sleep(ms); return \"slept\"; }"
            + " public static int stringBytes(String s) throws Exception {"
            + "   java.lang.reflect.Field f = String.class.getDeclaredField(\"value\"); f.setAccessible(true);"
            + "   return ((byte[]) f.get(s)).length; }"
            + " public static List<String> settings() throws Exception { return List.of(System.getProperty(\"pods.k\"),"
            + "   System.getenv(\"PODS_E\"), new java.io.File(\".\").getCanonicalPath()); }"
            + " public static byte[] twice(byte[] b) { byte[] r = Arrays.copyOf(b, b.length * 2);"
            + "   System.arraycopy(b, 0, r, b.length, b.length); return r; }"
            + " public static String typeOf(Object o) { return o.getClass().getName(); }"
            + " public static Object own() { return new Own(7); }"
            + " public record Own(int v) { }"
            + " public static void print(String tag, int n) { for (int i = 0; i < n; i++) {"
            + "   System.out.print(tag); System.out.print(\" \" + i); System.out.println(); } }"
            + "}";

    /** A host class the pod does not have. */
    record HostOnly(int x) {
    }

    @BeforeAll
    static void start() throws Exception {
        jar = PodFixtures.jar(dir, "proc.jar", Map.of("com.acme.Proc", PROC));
        Path work = Files.createDirectories(dir.resolve("work"));
        shared = Pods.create(process("shared").withOutput(OutputMode.CAPTURE).withJvm(PodJvm.defaults()
                .withAddOpens("java.base/java.lang=ALL-UNNAMED")
                .withSystemProperty("pods.k", "v")
                .withEnvironment("PODS_E", "e")
                .withWorkingDirectory(work)));
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    private static PodEnv process(String name) {
        return PodFixtures.env(name, jar).withIsolation(Isolation.PROCESS);
    }

    private static boolean gone(long pid, long seconds) throws Exception {
        var h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !h.get().isAlive();
        }
    }

    /**
     * The init request goes down the child's standard input with the token; one larger than a
     * pipe's buffer is written from a thread of its own, and the pod is made from all of it.
     */
    @Test
    @Timeout(60)
    void aClasspathLongerThanAPipesBufferStillMakesItsPod() throws Exception {
        List<Path> cp = new ArrayList<>(List.of(jar));
        int length = 0;
        for (int i = 0; length < 16_384; i++) {
            Path d = Files.createDirectories(dir.resolve("long-classpath").resolve("a-directory-with-a-rather-long-name-"
                    + "to-make-the-init-request-of-the-child-large-" + i));
            cp.add(d);
            length += d.toString().length();
        }
        try (Pod pod = Pods.create(PodFixtures.env("long-cp", cp.toArray(Path[]::new)).withIsolation(Isolation.PROCESS))) {
            assertEquals(cp, pod.classpath());
            long pid = pod.call("com.acme.Proc/pid");
            assertTrue(pid != ProcessHandle.current().pid());
            assertEquals(cp.size(), (int) pod.call("com.acme.Proc/classpathEntries"));
        }
    }

    @Test
    @Timeout(60)
    void systemExitEndsOnlyThePodWithATypedErrorCarryingTheExitCodeAndStderr() throws Exception {
        Pod pod = Pods.create(process("exits"));
        List<String> hooks = new CopyOnWriteArrayList<>();
        pod.onClose(p -> hooks.add("closed " + p.name()));
        long pid = pod.call("com.acme.Proc/pid");
        PodProcessException e = assertThrows(PodProcessException.class,
                () -> pod.call("com.acme.Proc/exit", 3, "leaving now"));
        assertEquals(3, e.exitCode());
        assertEquals(pid, e.pid());
        assertEquals("leaving now", e.stderrTail());
        assertTrue(e.getMessage().contains("call com.acme.Proc/exit failed: its JVM (pid " + pid + ") exited with code 3")
                && e.getMessage().contains("leaving now"), e.getMessage());
        assertTrue(pod.isClosed(), "a dead pod counts as closed");
        assertEquals(List.of("closed exits"), hooks, "the close hooks ran when the child died");
        PodProcessException later = assertThrows(PodProcessException.class, () -> pod.call("com.acme.Proc/pid"));
        assertEquals(3, later.exitCode());
        assertThrows(PodProcessException.class, () -> pod.eval("1"));
        pod.close(); // harmless
        assertEquals(1, hooks.size());
        assertEquals("3:x", shared.<Integer>call("java.lang.Math/max", 1, 3) + ":x", "the host and other pods carry on");
    }

    @Test
    @Timeout(60)
    void anOutOfMemoryErrorInASmallHeapEndsOnlyThePod() {
        try (Pod pod = Pods.create(process("oom").withJvm(PodJvm.defaults().withMaxHeap("64m")))) {
            PodProcessException e = assertThrows(PodProcessException.class, () -> pod.call("com.acme.Proc/hog"));
            assertEquals(3, e.exitCode());
            assertTrue(e.stderrTail().contains("java.lang.OutOfMemoryError: Java heap space"), e.stderrTail());
            assertTrue(e.getMessage().contains("ran out of memory"), e.getMessage());
        }
        assertEquals(4, shared.<Integer>call("java.lang.Math/max", 1, 4));
    }

    @Test
    @Timeout(60)
    void aLoopPastItsDeadlineIsEndedByKillingTheChild() throws Exception {
        Pod pod = Pods.create(process("runaway"));
        long pid = pod.call("com.acme.Proc/pid");
        long t0 = System.nanoTime();
        PodTimeoutException e = assertThrows(PodTimeoutException.class,
                () -> pod.callWithTimeout(Duration.ofMillis(300), "com.acme.Proc/spin"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "released near the deadline");
        assertEquals(Duration.ofMillis(300), e.timeout());
        assertTrue(gone(pid, 10), "the child was killed");
        assertTrue(pod.isClosed());
        pod.close();
    }

    @Test
    @Timeout(60)
    void killDashNineOfTheChildMidCallFailsTheCallWithATypedError() throws Exception {
        Pod pod = Pods.create(process("killed"));
        long pid = pod.call("com.acme.Proc/pid");
        Path marker = dir.resolve("killed-marker");
        Object[] outcome = new Object[1];
        Thread caller = new Thread(() -> {
            try {
                outcome[0] = pod.call("com.acme.Proc/sleepMarked", marker.toString(), 60_000L);
            } catch (RuntimeException ex) {
                outcome[0] = ex;
            }
        });
        caller.start();
        for (int i = 0; i < 30_000 && !Files.exists(marker); i++) {
            Thread.sleep(1);
        }
        assertTrue(Files.exists(marker), "the call never started");
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        caller.join(30_000);
        PodProcessException e = (PodProcessException) outcome[0];
        assertEquals(137, e.exitCode());
        assertTrue(e.getMessage().contains("signal 9 (SIGKILL)"), e.getMessage());
        assertTrue(pod.isClosed());
        assertThrows(PodProcessException.class, () -> pod.call("com.acme.Proc/pid"));
    }

    @Test
    @Timeout(90)
    void aHostKilledWithKillDashNineLeavesNoChildRunning() throws Exception {
        String javaExe = ProcessHandle.current().info().command().orElse("java");
        Process host = new ProcessBuilder(javaExe, "-cp", System.getProperty("java.class.path"),
                ProcessHostMain.class.getName(), jar.toString()).redirectErrorStream(true).start();
        long child = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("child ")) {
                    child = Long.parseLong(line.substring(6).trim());
                    break;
                }
            }
            assertTrue(child > 0, "the host never reported its child: " + lines);
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child runs");
            host.destroyForcibly();
            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            assertTrue(gone(child, 5), "the child of a killed host is still running");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "the orphan took too long to go");
        } finally {
            host.destroyForcibly();
            if (child > 0) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void addOpensLetsAProcessPodReflectIntoStringWhereAnInProcessPodCannot() {
        assertEquals(3, shared.<Integer>call("com.acme.Proc/stringBytes", "abc"));
        try (Pod local = Pods.create(PodFixtures.env("local", jar))) {
            PodCallException e = assertThrows(PodCallException.class, () -> local.call("com.acme.Proc/stringBytes", "abc"));
            assertEquals("java.lang.reflect.InaccessibleObjectException", e.remoteClassName());
        }
    }

    @Test
    void jvmSettingsReachTheChild() throws Exception {
        shared.output().reset();
        assertEquals(List.of("v", "e", dir.resolve("work").toRealPath().toString()), shared.call("com.acme.Proc/settings"));
        assertEquals("", shared.output().stderr(), "nothing of the runtime's own (no SLF4J warning) in the pod's stderr");
        assertEquals((Object) null, shared.call("java.lang.System/getProperty", "slf4j.provider"),
                "the runtime's logging setup leaves the pod's system properties alone");
    }

    @Test
    void jvmSettingsOnAnInProcessEnvAreRefusedAtCreate() {
        PodException e = assertThrows(PodException.class, () -> Pods.create(PodFixtures.env("local", jar)
                .withJvm(PodJvm.defaults().withMaxHeap("64m"))));
        assertTrue(e.getMessage().contains("Isolation.PROCESS") && e.getMessage().contains("-Xmx64m"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void aJvmThatCannotStartIsATypedErrorWithItsStderr() {
        PodProcessException e = assertThrows(PodProcessException.class, () -> Pods.create(process("bad-option")
                .withJvm(PodJvm.defaults().withOptions("-XX:+NoSuchOptionAnywhere"))));
        assertEquals(1, e.exitCode());
        assertTrue(e.stderrTail().contains("NoSuchOptionAnywhere"), e.stderrTail());
        assertTrue(e.getMessage().contains("could not start"), e.getMessage());
    }

    @Test
    void largeValuesCrossBothWays() {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] back = shared.call("com.acme.Proc/twice", (Object) big);
        assertEquals(big.length * 2, back.length);
        assertArrayEquals(big, java.util.Arrays.copyOfRange(back, big.length, back.length));
    }

    @Test
    void aValueThePodCannotReadIsABridgeErrorOfThePodSide() {
        PodBridgeException e = assertThrows(PodBridgeException.class,
                () -> shared.call("com.acme.Proc/typeOf", new HostOnly(1)));
        assertEquals(PodBridgeException.Side.POD, e.side());
        assertTrue(e.getMessage().contains(HostOnly.class.getName()), e.getMessage());
        assertEquals("java.util.ArrayList", shared.call("com.acme.Proc/typeOf", new ArrayList<>(List.of(1))));
        PodBridgeException thread = assertThrows(PodBridgeException.class,
                () -> shared.call("java.lang.Thread/currentThread"));
        assertEquals(PodBridgeException.Side.POD, thread.side(), "the pod cannot write a thread");
        PodBridgeException own = assertThrows(PodBridgeException.class, () -> shared.call("com.acme.Proc/own"));
        assertEquals(PodBridgeException.Side.HOST, own.side(), "the host has no class of the pod's own");
        assertTrue(own.getMessage().contains("com.acme.Proc$Own"), own.getMessage());
        assertEquals(4, shared.<Integer>call("java.lang.Math/max", 3, 4), "the pod is fine after either");
    }

    @Test
    @Timeout(60)
    void interruptingTheCallerInterruptsTheCallInTheChildAndThePodStaysUsable() throws Exception {
        Path marker = dir.resolve("interrupt-marker");
        Object[] outcome = new Object[2];
        Thread caller = new Thread(() -> {
            try {
                outcome[0] = shared.call("com.acme.Proc/sleepMarked", marker.toString(), 60_000L);
            } catch (RuntimeException ex) {
                outcome[0] = ex;
            }
            outcome[1] = Thread.currentThread().isInterrupted();
        });
        caller.start();
        for (int i = 0; i < 30_000 && !Files.exists(marker); i++) {
            Thread.sleep(1);
        }
        assertTrue(Files.exists(marker), "the call never started");
        caller.interrupt();
        caller.join(30_000);
        PodCallException e = (PodCallException) outcome[0];
        assertEquals("java.lang.InterruptedException", e.remoteClassName());
        assertEquals(true, outcome[1], "the caller's interrupt status is kept");
        assertFalse(shared.isClosed());
        assertEquals(5, shared.<Integer>call("java.lang.Math/max", 5, 4));
    }

    @Test
    @Timeout(60)
    void outputOfTwoProcessPodsPrintingAtOnceArrivesSeparatedPerPod() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (Pod pa = Pods.create(process("out-a").withOutput(a, a));
             Pod pb = Pods.create(process("out-b").withOutput(b, b))) {
            CountDownLatch gate = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (Object[] job : new Object[][] {{pa, "A"}, {pb, "B"}}) {
                Thread t = new Thread(() -> {
                    try {
                        gate.await();
                        ((Pod) job[0]).call("com.acme.Proc/print", job[1], 2000);
                    } catch (Throwable ex) {
                        failures.add(ex);
                    }
                });
                t.start();
                threads.add(t);
            }
            gate.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), failures);
            // The calls have returned: their output is in place (it arrives before the result).
            for (Object[] check : new Object[][] {{a, "A"}, {b, "B"}}) {
                String[] lines = ((ByteArrayOutputStream) check[0]).toString(StandardCharsets.UTF_8).split("\\R");
                assertEquals(2000, lines.length);
                for (int i = 0; i < lines.length; i++) {
                    assertEquals(check[1] + " " + i, lines[i]);
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void processPodsInheritingTheHostsStdoutPrintWholeLines() throws Exception {
        java.io.PrintStream saved = System.out;
        ByteArrayOutputStream host = new ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(host, true, StandardCharsets.UTF_8));
        try (Pod pa = Pods.create(process("inherit-a")); Pod pb = Pods.create(process("inherit-b"))) {
            Thread t = new Thread(() -> pa.call("com.acme.Proc/print", "A", 3000));
            t.start();
            pb.call("com.acme.Proc/print", "B", 3000);
            t.join(30_000);
        } finally {
            System.setOut(saved);
        }
        int[] next = new int[2];
        for (String line : host.toString(StandardCharsets.UTF_8).split("\\R")) {
            int pod = line.startsWith("A ") ? 0 : line.startsWith("B ") ? 1 : -1;
            assertTrue(pod >= 0, "a line mixes two pods' output: '" + line + "'");
            assertEquals(next[pod]++, Integer.parseInt(line.substring(2)), "out of order or mixed: " + line);
        }
        assertEquals(3000, next[0]);
        assertEquals(3000, next[1]);
    }

    @Test
    void aHugeTimeoutIsNoDeadline() {
        assertEquals(2, shared.<Integer>callWithTimeout(Duration.ofDays(365L * 1000), "java.lang.Math/max", 1, 2));
        assertEquals(2, shared.<Integer>callWithTimeout(Duration.ofSeconds(Long.MAX_VALUE), "java.lang.Math/max", 1, 2));
    }

    @Test
    @Timeout(60)
    void aCreatorInterruptedWhileTheChildStartsGetsAnErrorAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            PodException e = assertThrows(PodException.class, () -> Pods.create(process("interrupted")));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @Timeout(60)
    void closeEndsTheChild() throws Exception {
        Pod pod = Pods.create(process("closing"));
        long pid = pod.call("com.acme.Proc/pid");
        pod.close();
        assertTrue(gone(pid, 10), "the child of a closed pod is still running");
        PodException e = assertThrows(dev.pods.PodClosedException.class, () -> pod.call("com.acme.Proc/pid"));
        assertTrue(e.getMessage().contains("closing"), e.getMessage());
        assertThrows(PodException.class, pod::classLoader);
    }
}
