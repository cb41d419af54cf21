package dev.pods.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodEvalException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.Pods;
import dev.pods.runtime.eval.fixtures.Point;
import dev.pods.testing.Jars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Evaluators through the real Pod API: values copied across the bridge, errors as data, deadlines;
 * in a pod in this JVM and in a pod of its own (where JShell runs in the child).
 */
@ParameterizedClass
@EnumSource(Isolation.class)
class PodEvalTest {
    @TempDir
    Path dir;
    @Parameter
    Isolation isolation;

    private PodEnv env(String name, Path... jars) {
        return PodEnv.empty().withDefaultRepositories(false).withName(name).withClasspath(jars).withIsolation(isolation);
    }

    private Path hello(String file, String version) {
        return TestContexts.jar(dir, file, Map.of("com.acme.Hello", "package com.acme; public class Hello {"
                + " public static String version() { return \"" + version + "\"; } }"));
    }

    /** A jar with the pod's own copy of the host's Point record. */
    private Path pointJar() throws IOException {
        String path = Point.class.getName().replace('.', '/') + ".class";
        try (InputStream in = Point.class.getClassLoader().getResourceAsStream(path)) {
            return Jars.writeJar(dir.resolve("point.jar"), Map.of(path, in.readAllBytes()), Map.of());
        }
    }

    @Test
    void javaIsOfferedAndStatePersists() {
        try (Pod pod = Pods.create(env("eval-basic", hello("h.jar", "1")))) {
            assertTrue(pod.languages().contains("java"), pod.languages().toString());
            assertEquals(3, pod.eval("1 + 2"));
            assertEquals(10, pod.eval("int x = 10;"));
            assertEquals(11, pod.eval("x + 1"));
            assertEquals("1", pod.eval("import com.acme.Hello;\nHello.version()"));
            assertEquals(List.of("a", "b"), pod.eval("java.util.List.of(\"a\", \"b\")"));
            assertEquals(Map.of("k", 1), pod.eval("java.util.Map.of(\"k\", 1)"));
            assertNull(pod.eval("System.out.println(\"ignored\");"));
        }
    }

    @Test
    void twoPodsEvalAgainstTheirOwnVersions() {
        try (Pod a = Pods.create(env("eval-v1", hello("v1.jar", "1")));
             Pod b = Pods.create(env("eval-v2", hello("v2.jar", "2")))) {
            assertEquals("1", a.eval("com.acme.Hello.version()"));
            assertEquals("2", b.eval("com.acme.Hello.version()"));
        }
    }

    @Test
    void recordsCrossAsRealValues() throws IOException {
        try (Pod pod = Pods.create(env("eval-record", pointJar()))) {
            Object p = pod.eval("new dev.pods.runtime.eval.fixtures.Point(3, 4)");
            assertEquals(new Point(3, 4), p);
            assertEquals(List.of(new Point(1, 2), new Point(5, 6)),
                    pod.eval("java.util.List.of(new dev.pods.runtime.eval.fixtures.Point(1, 2),"
                            + " new dev.pods.runtime.eval.fixtures.Point(5, 6))"));
        }
    }

    @Test
    void compileErrorsAndRuntimeExceptionsArriveAsData() {
        try (Pod pod = Pods.create(env("eval-errors"))) {
            PodEvalException compile = assertThrows(PodEvalException.class, () -> pod.eval("int y = \"no\";"));
            assertEquals(1, compile.diagnostics().size());
            assertEquals(1, compile.diagnostics().get(0).line());
            assertEquals(9, compile.diagnostics().get(0).column());

            PodEvalException thrown = assertThrows(PodEvalException.class,
                    () -> pod.eval("throw new IllegalArgumentException(\"bad\");"));
            PodCallException remote = assertInstanceOf(PodCallException.class, thrown.getCause());
            assertEquals("java.lang.IllegalArgumentException", remote.remoteClassName());
            assertEquals("bad", remote.remoteMessage());
            assertEquals(2, pod.eval("1 + 1"));

            PodEvalException unknown = assertThrows(PodEvalException.class, () -> pod.eval("cobol", "DISPLAY 1"));
            assertTrue(unknown.getMessage().contains("java"), unknown.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void anInfiniteLoopEndsWithATimeoutAndThePodStaysUsable() {
        try (Pod pod = Pods.create(env("eval-loop"))) {
            assertEquals(1, pod.eval("int kept = 1;"));
            assertThrows(PodTimeoutException.class,
                    () -> pod.evalWithTimeout(Duration.ofMillis(300), "java", "while (true) { }"));
            if (isolation == Isolation.PROCESS) {
                // the deadline killed the pod's JVM, and its JShell state with it
                assertTrue(pod.isClosed());
                assertThrows(dev.pods.PodProcessException.class, () -> pod.eval("kept + 1"));
                return;
            }
            assertEquals(2, pod.eval("kept + 1"));
            assertEquals(3, pod.evalWithTimeout(Duration.ofSeconds(30), "java", "kept + 2"));
        }
    }

    @Test
    @Timeout(60)
    void aSnippetStartingALongLivedThreadReturnsAtOnce() {
        try (Pod pod = Pods.create(env("eval-thread"))) {
            assertEquals("started", pod.eval("new Thread(() -> { try { Thread.sleep(600_000); }"
                    + " catch (InterruptedException e) { } }).start(); \"started\""));
        }
    }

    @Test
    @Timeout(60)
    void closeEndsAnEvalThatLoopsForeverWithoutADeadline() throws Exception {
        Pod pod = Pods.create(env("eval-close-loop"));
        assertEquals(1, pod.eval("1"));
        Path marker = dir.resolve("looping-" + isolation);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                pod.eval("java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + marker.toString().replace("\\", "\\\\")
                        + "\")); while (true) { }");
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        caller.start();
        // The snippet writes its marker just before it loops: close comes while the loop runs.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(marker)) {
            assertFalse(failure.isDone(), () -> "the eval ended before it looped: " + failure.join());
            assertTrue(System.nanoTime() < deadline, "the eval never started looping");
            Thread.sleep(1);
        }
        pod.close();
        Throwable t = failure.get(30, TimeUnit.SECONDS);
        assertNotNull(t, "the looping eval returned a value");
        // Cut by close: the caller is told the pod closed under it, naming the pod.
        PodClosedException closed = assertInstanceOf(PodClosedException.class, t);
        assertTrue(closed.getMessage().contains("eval-close-loop"), closed.getMessage());
        caller.join(10_000);
        assertFalse(caller.isAlive(), "close left the looping eval running");
        assertTrue(pod.isClosed());
    }

    @Test
    void closedPodRefusesEval() {
        Pod pod = Pods.create(env("eval-closed"));
        assertEquals(1, pod.eval("1"));
        pod.close();
        PodClosedException e = assertThrows(PodClosedException.class, () -> pod.eval("1"));
        assertTrue(e.getMessage().contains("eval-closed"), e.getMessage());
    }

    @Test
    void podWithoutClojureSaysWhatItOffers() {
        try (Pod pod = Pods.create(env("eval-noclj"))) {
            assertEquals(Set.of("java"), pod.languages());
            PodEvalException e = assertThrows(PodEvalException.class, () -> pod.eval("clojure", "(+ 1 2)"));
            assertTrue(e.getMessage().contains("java"), e.getMessage());
        }
    }
}
