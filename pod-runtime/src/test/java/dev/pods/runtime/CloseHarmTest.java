package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodLeak;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.loader.JdkInternals;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.testspi.LazyHostThread;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a pod does no harm (the design's close discipline): what the pod owns is stopped
 * gracefully, what it does not own keeps running, JVM-wide registries lose the pod's entries, the
 * loader is collected, and what cannot be undone is named in the leak report. Each test would
 * fail on the close of round 1 (which stopped threads by their context loader).
 */
class CloseHarmTest {
    @TempDir
    static Path dir;
    static Path jar;

    static final String HOSTILE = "package com.acme; import java.util.*; import java.util.concurrent.*;"
            + " import java.util.logging.*; import java.lang.management.*; import javax.management.*;"
            + " public class Hostile {"
            + "  static ExecutorService pool; static ScheduledExecutorService scheduler; static Timer timer;"
            + "  static final ThreadLocal<Object> LOCAL = new ThreadLocal<>(); static Thread keptHook;"
            + "  static volatile boolean released;"
            + "  public static String executors() throws Exception {"
            + "    pool = Executors.newFixedThreadPool(2);" // non-daemon workers, never shut down by the pod
            + "    pool.submit(() -> LOCAL.set(new Hostile())).get();"
            + "    scheduler = Executors.newScheduledThreadPool(1);"
            + "    scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.MILLISECONDS);"
            + "    return \"started\"; }"
            + "  public static String timer() {"
            + "    timer = new Timer(\"hostile-timer\", false);"
            + "    timer.schedule(new TimerTask() { public void run() { } }, 1, 1); return \"hostile-timer\"; }"
            + "  public static String poisonCommonPool() throws Exception {"
            + "    ClassLoader mine = Hostile.class.getClassLoader();"
            + "    BlockingQueue<String> name = new ArrayBlockingQueue<>(1);" // waiting on it never runs the task here
            + "    ForkJoinPool.commonPool().execute(() -> {"
            + "      Thread.currentThread().setContextClassLoader(mine); name.add(Thread.currentThread().getName()); });"
            + "    return name.take(); }"
            + "  public static String registries(String id) throws Exception {"
            + "    Logger.getLogger(\"\").addHandler(new Handler() { public void publish(LogRecord r) { }"
            + "      public void flush() { } public void close() { } });"
            + "    Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });"
            + "    ManagementFactory.getPlatformMBeanServer().registerMBean(new Probe(),"
            + "      new ObjectName(\"com.acme:type=Probe,id=\" + id));"
            + "    java.security.Security.addProvider(new java.security.Provider(\"acme-\" + id, \"1\", \"x\") { });"
            + "    return id; }"
            + "  public static void nonDaemonThread() { Thread t = new Thread(() -> {"
            + "    try { Thread.sleep(600_000); } catch (InterruptedException e) { } }, \"acme-non-daemon\"); t.start(); }"
            + "  public static void localOnCaller() { LOCAL.set(new Hostile()); }"
            + "  public static void hooks() {"
            + "    Runtime.getRuntime().addShutdownHook(new Thread(() -> { }, \"acme-hook\"));"
            + "    keptHook = new Thread(() -> { }, \"acme-kept-hook\"); Runtime.getRuntime().addShutdownHook(keptHook); }"
            + "  public static String ignoreInterrupt(String started) {"
            + "    Signal.ready(); while (!Thread.currentThread().isInterrupted()) { Thread.onSpinWait(); }"
            + "    return \"finished anyway\"; }"
            + "  public static String sleepForever() throws InterruptedException { Signal.ready(); Thread.sleep(600_000);"
            + "    return \"woke\"; }"
            + "  static volatile int stops;"
            + "  public static String swallowEverything() {"
            + "    while (!released) { try { Thread.sleep(1); } catch (ThreadDeath d) { stops++; } catch (Throwable t) { } }"
            + "    return \"released\"; }"
            + "  public static int stops() { return stops; }"
            + "  public static void release() { released = true; }"
            + "  public static String startLazyHost() { return dev.pods.runtime.testspi.LazyHostThread.start(); }"
            + " }";

    static final String SIGNAL = "package com.acme; public class Signal {"
            + " public static final java.util.concurrent.CountDownLatch READY = new java.util.concurrent.CountDownLatch(1);"
            + " public static void ready() { READY.countDown(); }"
            + " public static boolean await() throws InterruptedException {"
            + "   return READY.await(10, java.util.concurrent.TimeUnit.SECONDS); } }";

    @BeforeAll
    static void jar() {
        jar = PodFixtures.jar(dir, "hostile.jar", Map.of(
                "com.acme.Hostile", HOSTILE,
                "com.acme.Signal", SIGNAL,
                "com.acme.ProbeMBean", "package com.acme; public interface ProbeMBean { int getAnswer(); }",
                "com.acme.Probe", "package com.acme; public class Probe implements ProbeMBean {"
                        + " public int getAnswer() { return 42; } }"));
    }

    /** A runtime of its own (its own leak watcher), with a short grace period so tests do not wait a second. */
    private static final PodRuntime RUNTIME = PodRuntime.builder().closeGrace(Duration.ofMillis(200)).threadJoin(Duration.ofSeconds(5)).build();

    private static Pod pod(String name) {
        return RUNTIME.create(PodFixtures.env(name, jar).withSharedPackages("dev.pods.runtime.testspi"));
    }

    private static Thread thread(String name) {
        return Arrays.stream(LeakWatcher.liveThreads()).filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    /** A bounded GC loop: the loader must go within about five seconds. */
    static void assertCollected(WeakReference<?> ref, String what) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(ref.get(), what + ": the closed pod's loader is still reachable; " + RUNTIME.leakWatcher
                .leaks(Duration.ZERO));
    }

    @Test
    @Timeout(60)
    void executorsAndTimersThePodLeftRunningAreShutDownAndNoWorkerSurvives() throws Exception {
        Pod pod = pod("executors");
        assertEquals("started", pod.call("com.acme.Hostile/executors"));
        assertEquals("hostile-timer", pod.call("com.acme.Hostile/timer"));
        WeakReference<ClassLoader> loader = new WeakReference<>(pod.classLoader());
        List<Thread> before = Arrays.stream(LeakWatcher.liveThreads())
                .filter(t -> t.getContextClassLoader() == loader.get()).toList();
        assertEquals(3, before.size(), "a pool worker (one task so far), the scheduler's worker, the timer: " + before);

        pod.close();

        for (Thread t : before) {
            assertFalse(t.isAlive(), "thread '" + t.getName() + "' survived close");
        }
        assertNull(thread("hostile-timer"));
        assertCollected(loader, "executors and timer");
    }

    @Test
    @Timeout(60)
    void theCommonPoolKeepsWorkingWhenPodCodeLeftItsLoaderOnAWorker() throws Exception {
        Pod pod = pod("common-pool");
        String worker = pod.call("com.acme.Hostile/poisonCommonPool");
        Thread t = thread(worker);
        WeakReference<ClassLoader> loader = new WeakReference<>(pod.classLoader());
        assertSame(loader.get(), t.getContextClassLoader(), "the pod's code set the worker's context loader");
        assertTrue(t.isAlive(), "the worker ended before close: " + t);

        pod.close();

        assertTrue(t.isAlive(), "close killed a common pool worker");
        assertNotSame(loader.get(), t.getContextClassLoader());
        assertEquals(42, ForkJoinPool.commonPool().submit(() -> 42).get(10, TimeUnit.SECONDS));
        assertCollected(loader, "common pool");
    }

    @Test
    @Timeout(60)
    void aHostLibraryThreadStartedFromAPodCallIsLeftRunningWithTheHostsLoader() throws Exception {
        Pod pod = pod("lazy-host");
        assertEquals("host-lazy-worker", pod.call("com.acme.Hostile/startLazyHost"));
        Thread worker = LazyHostThread.worker();
        WeakReference<ClassLoader> loader = new WeakReference<>(pod.classLoader());
        assertSame(loader.get(), worker.getContextClassLoader(), "it inherited the pod's loader");
        try {
            pod.close();

            assertTrue(worker.isAlive(), "close stopped the host's thread");
            assertFalse(LazyHostThread.wasInterrupted(), "close interrupted the host's thread");
            assertSame(CloseHarmTest.class.getClassLoader(), worker.getContextClassLoader());
            assertCollected(loader, "host library thread");
        } finally {
            LazyHostThread.stop();
        }
    }

    @Test
    @Timeout(60)
    void jvmWideRegistriesLoseThePodsEntries() throws Exception {
        Thread.UncaughtExceptionHandler hostHandler = Thread.getDefaultUncaughtExceptionHandler();
        Pod pod = pod("registries");
        assertEquals("r1", pod.call("com.acme.Hostile/registries", "r1"));
        WeakReference<ClassLoader> loader = new WeakReference<>(pod.classLoader());
        javax.management.ObjectName probe = new javax.management.ObjectName("com.acme:type=Probe,id=r1");
        javax.management.MBeanServer mbs = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertTrue(mbs.isRegistered(probe));
        assertTrue(java.security.Security.getProvider("acme-r1") != null);

        pod.close();

        for (Handler h : Logger.getLogger("").getHandlers()) {
            assertNotSame(loader.get(), h.getClass().getClassLoader(), "a logging handler of the pod's is left");
        }
        assertFalse(mbs.isRegistered(probe), "the pod's MBean is still registered");
        assertNull(java.security.Security.getProvider("acme-r1"), "the pod's security provider is still installed");
        assertSame(hostHandler, Thread.getDefaultUncaughtExceptionHandler());
        assertCollected(loader, "registries");
    }

    @Test
    @Timeout(60)
    void aCallCutShortByCloseIsAPodClosedExceptionAndTheCallerKeepsItsInterruptStatus() throws Exception {
        Pod pod = pod("cut");
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(pod.call("com.acme.Hostile/sleepForever"));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue((boolean) pod.call("com.acme.Signal/await"), "the call never started");

        pod.close();
        caller.join();

        PodClosedException e = (PodClosedException) outcome.get();
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        assertEquals("java.lang.InterruptedException", ((PodCallException) e.getCause()).remoteClassName());
        assertFalse(interruptedAfter.get(), "close left the caller's interrupt flag set");
    }

    @Test
    @Timeout(60)
    void aCallThatIgnoresTheInterruptReturnsAndTheCallersFlagIsTakenBack() throws Exception {
        Pod pod = pod("ignores");
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            outcome.set(pod.call("com.acme.Hostile/ignoreInterrupt", "x"));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue((boolean) pod.call("com.acme.Signal/await"), "the call never started");

        pod.close();
        caller.join();

        assertEquals("finished anyway", outcome.get(), "a call that returned keeps its result");
        assertFalse(interruptedAfter.get(), "the interrupt close sent stayed on the caller's thread");
    }

    @Test
    @Timeout(60)
    void whatCloseCannotUndoIsNamedInTheLeakReport() throws Exception {
        Pod pod = pod("undoable");
        pod.call("com.acme.Hostile/hooks");
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch set = new CountDownLatch(1);
        Thread host = new Thread(() -> {
            pod.call("com.acme.Hostile/localOnCaller");
            set.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "host-with-a-local");
        host.start();
        assertTrue(set.await(10, TimeUnit.SECONDS));
        try {
            pod.close();
            assertTrue(JdkInternals.shutdownHooks().stream().noneMatch(h -> h.getName().equals("acme-kept-hook")),
                    "the hook kept in a static field was not removed");
            PodLeak leak = RUNTIME.leakWatcher.leaks(Duration.ZERO).stream()
                    .filter(l -> l.podName().equals("undoable")).findFirst().orElseThrow();
            String holders = String.join("\n", leak.holders());
            assertTrue(holders.contains("thread-local of thread 'host-with-a-local'")
                    && holders.contains("holding a com.acme.Hostile"), holders);
            assertTrue(holders.contains("shutdown hook thread 'acme-hook'"), holders);
        } finally {
            done.countDown();
            host.join();
            for (Thread h : JdkInternals.shutdownHooks()) {
                if (h.getName().equals("acme-hook")) {
                    Runtime.getRuntime().removeShutdownHook(h);
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void aTimedCallReleasesItsCallerAtTheDeadlineEvenWhenTheCodeSwallowsEverything() throws Exception {
        // The stop that follows a deadline comes after a grace this runtime makes an hour long: a
        // caller released only after the stop (round 1 stopped first, then threw) would hang here.
        PodRuntime patient = PodRuntime.builder().closeGrace(Duration.ofMillis(200)).threadJoin(Duration.ofSeconds(5))
                .deadlineStopGrace(Duration.ofHours(1)).build();
        try (Pod pod = patient.create(PodFixtures.env("deadline", jar))) {
            assertThrows(PodTimeoutException.class,
                    () -> pod.callWithTimeout(Duration.ofMillis(100), "com.acme.Hostile/swallowEverything"));
            assertEquals(0, (int) pod.call("com.acme.Hostile/stops"), "the caller waited for the stop");
            Thread worker = Arrays.stream(LeakWatcher.liveThreads())
                    .filter(t -> t.getName().startsWith("pod-deadline-timed-")).findFirst().orElseThrow();
            assertTrue(worker.isAlive(), "the work is still running: it ends only when released");
            pod.call("com.acme.Hostile/release");
            worker.join(10_000);
            assertFalse(worker.isAlive());
        }
    }

    @Test
    @Timeout(120)
    void aHostWhoseMainReturnedExitsAfterClosingAPodThatLeftNonDaemonThreadsRunning() throws Exception {
        String javaExe = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaExe, "-cp", System.getProperty("java.class.path"),
                HostExitMain.class.getName(), jar.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "the host JVM did not exit after main returned:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("main returned"), out);
        assertFalse(out.contains("Exception"), "the host's output shows an exception:\n" + out);
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        try (Pod pod = pod("refuse")) {
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> pod.callWithTimeout(Duration.ZERO, "com.acme.Hostile/release"));
            assertTrue(zero.getMessage().contains("must be positive, was PT0S"), zero.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> pod.evalWithTimeout(Duration.ofMillis(-5), "java", "1"));
        }
    }
}
