package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pods.Isolation;
import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodEnv;
import dev.pods.PodEvalException;
import dev.pods.PodLeak;
import dev.pods.PodProcessException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.eval.Evaluator;
import dev.pods.runtime.eval.EvaluatorProvider;
import dev.pods.runtime.loader.LeakWatcher;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Output, deadlines, close and concurrency: the same contract for a pod in this JVM and a pod in
 * a JVM of its own, where they differ (a deadline kills a process pod) the difference is asserted.
 * Tests of what only an in-process pod has (its loader, its threads in this JVM) run once.
 */
@ParameterizedClass
@EnumSource(Isolation.class)
class LifecycleTest {
    @TempDir
    static Path dir;
    static Path workJar;
    @Parameter
    Isolation isolation;

    private PodEnv env(String name, Path... jars) {
        return PodFixtures.env(name, jars).withIsolation(isolation);
    }

    private boolean inProcess() {
        return isolation == Isolation.IN_PROCESS;
    }

    /** Waits (bounded) until the pod code wrote its marker: the call is in flight inside the pod. */
    private static void awaitMarker(Path marker, Thread caller) throws InterruptedException {
        for (int i = 0; i < 30_000 && !Files.exists(marker) && caller.isAlive(); i++) {
            Thread.sleep(1);
        }
        assertTrue(Files.exists(marker), "the call never started");
    }

    private static final String WORK = "package com.acme; import java.util.*;"
            + " public class Work {"
            + " public static void print(String tag, int n) throws Exception {"
            + "   for (int i = 0; i < n; i++) { System.out.println(tag + \" \" + i); }"
            + "   System.err.println(tag + \" err\");"
            + "   Thread child = new Thread(() -> System.out.println(tag + \" child\")); child.start(); child.join(); }"
            + " public static String startSleeper(boolean stubborn) {"
            + "   Thread t = new Thread(() -> { while (true) { try { Thread.sleep(5); }"
            + "     catch (InterruptedException e) { if (!stubborn) return; } } }, \"sleeper-\" + stubborn);"
            + "   t.setDaemon(false); t.start(); return t.getName(); }"
            + " public static void spin() { while (true) { Thread.onSpinWait(); } }"
            + " public static String sleep(long ms) throws InterruptedException { Thread.sleep(ms); return \"slept\"; }"
            + " public static String sleepMarked(String marker, long ms) throws Exception {"
            + "   java.nio.file.Files.createFile(java.nio.file.Path.of(marker)); Thread.sleep(ms); return \"slept\"; }"
            + " public static String id(String pod, String s) { return pod + \":\" + s; }"
            + " static final java.util.concurrent.CountDownLatch GATE = new java.util.concurrent.CountDownLatch(1);"
            + " public static String awaitGate(String marker) throws Exception {"
            + "   java.nio.file.Files.createFile(java.nio.file.Path.of(marker));"
            + "   return GATE.await(30, java.util.concurrent.TimeUnit.SECONDS) ? \"opened\" : \"never opened\"; }"
            + " public static void openGate() { GATE.countDown(); }"
            + " public static int size(List<?> l) { return l.size(); }"
            + "}";

    @BeforeAll
    static void jar() {
        workJar = PodFixtures.jar(dir, "work.jar", Map.of("com.acme.Work", WORK));
    }

    private static Thread thread(String name) {
        return Arrays.stream(LeakWatcher.liveThreads()).filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    @Test
    @Timeout(60)
    void outputIsCapturedPerPodWhileFourPodsPrintConcurrently() throws Exception {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(Pods.create(env("out" + i, workJar).withOutput(OutputMode.CAPTURE)));
        }
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Pod p = pods.get(i);
                String tag = "pod" + i;
                Thread t = new Thread(() -> {
                    try {
                        gate.await();
                        p.call("com.acme.Work/print", tag, 500);
                    } catch (Throwable e) {
                        failures.add(e);
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
            for (int i = 0; i < 4; i++) {
                String out = pods.get(i).output().stdout();
                String[] lines = out.split("\\R");
                assertEquals(501, lines.length, "pod" + i + " printed " + lines.length + " lines");
                for (String line : lines) {
                    assertTrue(line.startsWith("pod" + i + " "), "cross-talk in pod" + i + ": " + line);
                }
                assertTrue(out.contains("pod" + i + " child"), "a thread the pod started prints to its pod");
                assertEquals("pod" + i + " err", pods.get(i).output().stderr().trim());
            }
            pods.get(0).output().reset();
            assertEquals("", pods.get(0).output().stdout());
        } finally {
            pods.forEach(Pod::close);
        }
    }

    @Test
    void outputGoesToTheCallersSink() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Pod p = Pods.create(env("sink", workJar).withOutput(sink, sink))) {
            p.call("com.acme.Work/print", "s", 2);
            assertEquals("", p.output().stdout());
        }
        String text = sink.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("s 0") && text.contains("s 1") && text.contains("s err") && text.contains("s child"), text);
    }

    @Test
    @Timeout(30)
    void closeStopsThePodsThreadsEvenStubbornOnes() {
        assumeTrue(inProcess(), "a process pod's threads are in its child JVM, which close ends");
        Pod p = Pods.create(env("threads", workJar));
        String polite = p.call("com.acme.Work/startSleeper", false);
        String stubborn = p.call("com.acme.Work/startSleeper", true);
        assertTrue(thread(polite).isAlive());
        assertTrue(thread(stubborn).isAlive());
        p.close();
        assertNull(thread(polite), "the interruptible thread ended at close");
        assertNull(thread(stubborn), "the thread that ignores interrupts was stopped (JDK 17 still has Thread.stop)");
    }

    @Test
    @Timeout(60)
    void aCallThatLoopsForeverEndsByTimeoutAndThePodStaysUsable() {
        if (!inProcess()) {
            // A process pod's deadline kills its JVM: the loop ends on any JDK, and the pod with it.
            try (Pod p = Pods.create(env("loop", workJar))) {
                PodTimeoutException e = assertThrows(PodTimeoutException.class,
                        () -> p.callWithTimeout(Duration.ofMillis(200), "com.acme.Work/spin"));
                assertEquals(Duration.ofMillis(200), e.timeout());
                assertTrue(p.isClosed(), "a process pod killed at a deadline counts as closed");
                PodProcessException after = assertThrows(PodProcessException.class,
                        () -> p.call("com.acme.Work/id", "a", "b"));
                assertTrue(after.getMessage().contains("call com.acme.Work/spin passed its deadline of 200 ms"),
                        after.getMessage());
                assertEquals(137, after.exitCode(), "SIGKILL");
            }
        }
        try (Pod p = Pods.create(env("loop", workJar))) {
            if (inProcess()) {
                PodTimeoutException e = assertThrows(PodTimeoutException.class,
                        () -> p.callWithTimeout(Duration.ofMillis(200), "com.acme.Work/spin"));
                assertEquals(Duration.ofMillis(200), e.timeout());
                assertThrows(PodTimeoutException.class,
                        () -> p.callWithTimeout(Duration.ofMillis(100), "com.acme.Work/sleep", 60_000L));
            }
            assertEquals("a:b", p.call("com.acme.Work/id", "a", "b"));
            assertEquals("slept", p.callWithTimeout(Duration.ofSeconds(10), "com.acme.Work/sleep", 1L));
            PodCallException thrown = assertThrows(PodCallException.class,
                    () -> p.callWithTimeout(Duration.ofSeconds(10), "com.acme.Work/size", (Object) null));
            assertEquals("java.lang.NullPointerException", thrown.remoteClassName());
        }
    }

    @Test
    @Timeout(30)
    void closeLetsCallsInFlightFinishAndRunsHooks() throws Exception {
        Pod p = Pods.create(env("inflight", workJar));
        List<String> events = new CopyOnWriteArrayList<>();
        p.onClose(pod -> events.add("hook1 " + pod.name()));
        p.onClose(pod -> {
            throw new IllegalStateException("a failing hook does not stop close");
        });
        p.onClose(pod -> events.add("hook3"));
        Path marker = dir.resolve("inflight-" + isolation);
        Thread caller = new Thread(() -> events.add(p.call("com.acme.Work/sleepMarked", marker.toString(), 300L)));
        caller.start();
        // Close only once the call is really in flight (sleeping inside the pod), not after a
        // guessed delay that a loaded machine can overrun.
        awaitMarker(marker, caller);
        p.close();
        caller.join();
        // The call finished (it was not cut short) and the hooks ran in order, the failing one
        // skipped. When the caller records "slept" relative to the hooks is its own race.
        assertEquals(Set.of("slept", "hook1 inflight", "hook3"), Set.copyOf(events));
        assertTrue(events.indexOf("hook1 inflight") < events.indexOf("hook3"), events.toString());
    }

    @Test
    @Timeout(30)
    void closeInterruptsACallInFlightOnAThreadThatCalledBeforeAndRestoresItsContext() throws Exception {
        Pod p = Pods.create(env("again", workJar));
        ClassLoader mine = new java.net.URLClassLoader(new java.net.URL[0], null);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Path marker = dir.resolve("again-" + isolation);
        Thread caller = new Thread(() -> {
            seen.add(p.call("com.acme.Work/id", "again", "first"));
            try {
                seen.add(p.call("com.acme.Work/sleepMarked", marker.toString(), 60_000L));
            } catch (dev.pods.PodClosedException e) {
                // Cut short by close: the pod's InterruptedException is the cause, not the outcome.
                seen.add(((PodCallException) e.getCause()).remoteClassName());
            }
            seen.add(Thread.currentThread().getContextClassLoader() == mine);
            seen.add("interrupted=" + Thread.currentThread().isInterrupted());
            try {
                p.call("com.acme.Work/id", "again", "after");
            } catch (dev.pods.PodClosedException e) {
                seen.add("refused");
            }
        });
        caller.setContextClassLoader(mine);
        caller.start();
        awaitMarker(marker, caller);
        p.close();
        caller.join();
        assertEquals(List.of("again:first", "java.lang.InterruptedException", true, "interrupted=false", "refused"),
                seen);
        assertThrows(dev.pods.PodClosedException.class, () -> p.call("com.acme.Work/id", "x", "y"));
    }

    @Test
    @Timeout(60)
    void aCallWaitingForAnotherCallDoesNotHoldItUp() throws Exception {
        // In a process pod the second call must be read while the first still runs in the child.
        try (Pod p = Pods.create(env("gate", workJar))) {
            Object[] first = new Object[1];
            Path marker = dir.resolve("gate-" + isolation);
            Thread waiter = new Thread(() -> first[0] = p.call("com.acme.Work/awaitGate", marker.toString()));
            waiter.start();
            awaitMarker(marker, waiter);
            p.call("com.acme.Work/openGate");
            waiter.join(30_000);
            assertEquals("opened", first[0]);
        }
    }

    @Test
    @Timeout(60)
    void callsFromManyShortLivedThreadsLeaveThePodUsableAndClosable() throws Exception {
        try (Pod p = Pods.create(env("threads-many", workJar))) {
            for (int i = 0; i < 300; i++) {
                String tag = "t" + i;
                Object[] r = new Object[1];
                Thread t = new Thread(() -> r[0] = p.call("com.acme.Work/id", "p", tag));
                t.start();
                t.join();
                assertEquals("p:" + tag, r[0]);
            }
            assertEquals("p:main", p.call("com.acme.Work/id", "p", "main"));
        }
    }

    @Test
    @Timeout(60)
    void theLoaderIsCollectedAfterCloseEvenWhileTheHostKeepsThePodAndAProxy() throws Exception {
        assumeTrue(inProcess(), "a process pod has no loader in this JVM");
        Object[] kept = new Object[2];
        WeakReference<ClassLoader> ref = createCallClose(kept);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the closed pod's loader is still reachable");
        assertTrue(Pods.leaks().stream().noneMatch(l -> l.podName().equals("collected")));
        Pod pod = (Pod) kept[0];
        assertThrows(dev.pods.PodClosedException.class, pod::classLoader);
        assertThrows(dev.pods.PodClosedException.class, () -> ((dev.pods.runtime.testspi.Greeter) kept[1]).version());
    }

    private WeakReference<ClassLoader> createCallClose(Object[] kept) {
        String greeter = "package com.acme; import dev.pods.runtime.testspi.*;"
                + " public class G implements Greeter { public String greet(String w) { return w; }"
                + " public Point move(Point p, int dx) { return p; } public String version() { return \"g\"; } }";
        Path g = PodFixtures.jar(dir, "g.jar", Map.of("com.acme.G", greeter));
        Pod p = Pods.create(env("collected", workJar, g).withOutput(OutputMode.CAPTURE)
                .withSharedPackages("dev.pods.runtime.testspi"));
        p.call("com.acme.Work/print", "x", 1);
        p.call("com.acme.Work/size", List.of(1, 2));
        dev.pods.runtime.testspi.Greeter proxy = p.proxy(dev.pods.runtime.testspi.Greeter.class, "com.acme.G");
        assertEquals("g", proxy.version());
        assertEquals(new dev.pods.runtime.testspi.Point(1, 1), proxy.move(new dev.pods.runtime.testspi.Point(1, 1), 0));
        WeakReference<ClassLoader> ref = new WeakReference<>(p.classLoader());
        p.close();
        kept[0] = p;
        kept[1] = proxy;
        return ref;
    }

    @Test
    @Timeout(30)
    void leaksNameClosedPodsThatAreStillReachable() throws Exception {
        assumeTrue(inProcess(), "a process pod has no loader in this JVM");
        Pod p = Pods.create(env("leaky", workJar));
        Class<?> held = p.classLoader().loadClass("com.acme.Work");
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
        assertEquals("com.acme.Work", held.getName());
    }

    @Test
    @Timeout(120)
    void aThousandCreateCallCloseCyclesKeepMetaspaceBounded() throws Exception {
        assumeTrue(inProcess(), "a process pod's classes are in its child JVM");
        java.lang.management.ClassLoadingMXBean classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
        cycles(100); // warm up the JDK's own caches
        gc();
        long loadedBefore = classes.getLoadedClassCount();
        long metaBefore = metaspaceUsed();
        cycles(1000);
        gc();
        long grownClasses = classes.getLoadedClassCount() - loadedBefore;
        long grownMeta = metaspaceUsed() - metaBefore;
        assertTrue(grownClasses < 200, "classes still loaded after 1000 cycles grew by " + grownClasses);
        assertTrue(grownMeta < 16L << 20, "metaspace grew by " + grownMeta + " bytes");
    }

    private static void cycles(int n) {
        for (int i = 0; i < n; i++) {
            try (Pod p = Pods.create(PodFixtures.env("cycle", workJar))) {
                assertEquals("c:" + i, p.call("com.acme.Work/id", "c", String.valueOf(i)));
            }
        }
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    private static long metaspaceUsed() {
        return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getName().equals("Metaspace")).mapToLong(m -> m.getUsage().getUsed()).sum();
    }

    @Test
    @Timeout(120)
    void sixteenThreadsCallFourPodsConcurrentlyWithoutCrossTalk() throws Exception {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path v = PodFixtures.jar(dir, "v" + i + ".jar", PodFixtures.hello("v" + i));
            pods.add(Pods.create(env("conc" + i, workJar, v)));
        }
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger done = new AtomicInteger();
            // 10,000 calls per thread in-process; a quarter over sockets keeps the test short and
            // still has every pod's socket shared by four threads for thousands of calls.
            int calls = inProcess() ? 10_000 : 2_500;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        gate.await();
                        for (int i = 0; i < calls; i++) {
                            int k = (id + i) % 4;
                            Pod p = pods.get(k);
                            String arg = id + "-" + i;
                            String r = p.call("com.acme.Hello/echo", arg);
                            if (!r.equals("v" + k + ":" + arg)) {
                                throw new AssertionError("cross-talk: pod " + k + " answered " + r);
                            }
                            if (i % 100 == 0) {
                                int size = p.call("com.acme.Work/size", List.of(id, i, arg));
                                if (size != 3) {
                                    throw new AssertionError("size " + size);
                                }
                            }
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                th.start();
                threads.add(th);
            }
            gate.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(16 * calls, done.get());
        } finally {
            pods.forEach(Pod::close);
        }
    }

    // ---- eval wiring -----------------------------------------------------------------------

    /** An evaluator that "evaluates" by echoing, throwing or looping, to check the wiring. */
    static final class FakeProvider implements EvaluatorProvider {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Set<String> languages(EvalContext ctx) {
            return Set.of("fake");
        }

        @Override
        public Evaluator create(String language, EvalContext ctx) {
            made.incrementAndGet();
            return new Evaluator() {
                @Override
                public String language() {
                    return language;
                }

                @Override
                public Object eval(String code) throws Exception {
                    switch (code) {
                        case "ctx":
                            return Thread.currentThread().getContextClassLoader() == ctx.loader();
                        case "fail":
                            throw new java.io.IOException("bad io", new IllegalArgumentException("root"));
                        case "syntax":
                            throw new PodEvalException(language, List.of(new PodEvalException.Diagnostic(1, 2, "oops")));
                        case "loop":
                            while (true) {
                                Thread.onSpinWait();
                            }
                        default:
                            return List.of(code);
                    }
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    @Test
    @Timeout(30)
    void evalUsesTheProvidersLazilyAndMapsFailures() {
        assumeTrue(inProcess(), "evaluator providers of a runtime's builder exist in this JVM only");
        FakeProvider provider = new FakeProvider();
        PodRuntime runtime = PodRuntime.builder().providers(List.of(provider)).build();
        Pod p = runtime.create(env("eval", workJar));
        assertEquals(Set.of("fake"), p.languages());
        assertEquals(0, provider.made.get(), "no evaluator before the first eval");
        assertEquals(List.of("x"), p.eval("fake", "x"));
        assertEquals(true, p.eval("fake", "ctx"));
        assertEquals(1, provider.made.get());
        PodEvalException failed = assertThrows(PodEvalException.class, () -> p.eval("fake", "fail"));
        PodCallException remote = (PodCallException) failed.getCause();
        assertEquals("java.io.IOException", remote.remoteClassName());
        assertEquals("java.lang.IllegalArgumentException", remote.remoteCause().remoteClassName());
        PodEvalException syntax = assertThrows(PodEvalException.class, () -> p.eval("fake", "syntax"));
        assertEquals(2, syntax.diagnostics().get(0).column());
        assertThrows(PodTimeoutException.class, () -> p.evalWithTimeout(Duration.ofMillis(100), "fake", "loop"));
        assertEquals(List.of("y"), p.evalWithTimeout(Duration.ofSeconds(5), "fake", "y"));
        PodEvalException unknown = assertThrows(PodEvalException.class, () -> p.eval("java", "1"));
        assertTrue(unknown.getMessage().contains("[fake]"), unknown.getMessage());
        p.close();
        assertEquals(1, provider.closed.get());
    }
}
