package dev.pods.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nesting: whatever one side writes, the other reads, even on a thread with a modest stack; a
 * deeper value is refused when written, a deeper (hostile) payload is refused when read, and a
 * stack that overflows anyway is a typed error, never a raw {@link StackOverflowError}.
 */
class BridgeDepthTest {
    private static final int LIMIT = PodKryo.MAX_DEPTH;
    private static final long MODEST_STACK = 512 * 1024;
    private static final long DEFAULT_STACK = 1024 * 1024;
    private static final long HUGE_STACK = 512L * 1024 * 1024;

    @TempDir
    Path dir;
    private TwoSides s;

    @BeforeEach
    void sides() {
        s = TwoSides.same(dir, Map.of("com.acme.Node", "package com.acme; public class Node { public Object next;"
                + " public Node() { } public Node(Object n) { next = n; } }"));
    }

    @AfterEach
    void close() {
        s.close();
    }

    /** {@code depth} objects, each inside the one before (the innermost is a string). */
    private Object nest(String kind, int depth, ClassLoader nodes) {
        Object v = "leaf";
        for (int i = 1; i < depth; i++) {
            switch (kind) {
                case "list":
                    List<Object> l = new ArrayList<>();
                    l.add(v);
                    v = l;
                    break;
                case "map":
                    Map<Object, Object> m = new HashMap<>();
                    m.put("k", v);
                    v = m;
                    break;
                case "fields":
                    v = TwoSides.make(nodes, "com.acme.Node", v);
                    break;
                default:
                    throw new IllegalArgumentException(kind);
            }
        }
        return v;
    }

    /** Runs {@code work} on a new thread with the given stack size; returns its result or what it threw. */
    private static Object onThread(long stack, Callable<Object> work) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(work.call());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "bridge-depth", stack);
        t.start();
        t.join(60_000);
        assertTrue(!t.isAlive(), "the copy did not finish within a minute");
        return out.get();
    }

    private static int depthOf(Object v) {
        int d = 1;
        while (!(v instanceof String)) {
            v = v instanceof List ? ((List<?>) v).get(0) : v instanceof Map ? ((Map<?, ?>) v).get("k") : next(v);
            d++;
        }
        return d;
    }

    private static Object next(Object node) {
        try {
            return node.getClass().getField("next").get(node);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aValueAtTheLimitCrossesBothWaysAndIsReadOnAModestStack() throws Exception {
        for (String kind : List.of("list", "map", "fields")) {
            byte[] fromHost = s.host.write(nest(kind, LIMIT, s.hostLoader));
            Object inPod = onThread(MODEST_STACK, () -> s.pod.read(fromHost));
            assertEquals(LIMIT, depthOf(inPod), kind + ": " + inPod);
            byte[] fromPod = s.pod.write(nest(kind, LIMIT, s.podLoader));
            Object onHost = onThread(MODEST_STACK, () -> s.host.read(fromPod));
            assertEquals(LIMIT, depthOf(onHost), kind + ": " + onHost);
        }
    }

    @Test
    void oneLevelMoreIsRefusedWhenWrittenOnEitherSide() {
        for (String kind : List.of("list", "fields")) {
            PodBridgeException e = assertThrows(PodBridgeException.class, () -> s.toPod(nest(kind, LIMIT + 1, s.hostLoader)));
            assertEquals(PodBridgeException.Side.HOST, e.side());
            assertTrue(e.getMessage().contains("nested more than " + LIMIT + " levels deep"), e.getMessage());
            PodBridgeException back = assertThrows(PodBridgeException.class, () -> s.toHost(nest(kind, LIMIT + 1, s.podLoader)));
            assertEquals(PodBridgeException.Side.POD, back.side());
        }
    }

    @Test
    void aListTwoThousandDeepFailsTypedInsteadOfOverflowing() throws Exception {
        // Before: written without complaint on a thread with the JVM's default stack (1 MB on
        // 64-bit Linux), then a raw StackOverflowError when read on the same thread.
        Object deep = nest("list", 2000, null);
        Object there = onThread(DEFAULT_STACK, () -> s.toPod(deep));
        PodBridgeException e = assertInstanceOf(PodBridgeException.class, there);
        assertTrue(e.getMessage().contains("nested more than " + LIMIT + " levels deep"), e.getMessage());
        Object back = onThread(DEFAULT_STACK, () -> s.toHost(deep));
        assertInstanceOf(PodBridgeException.class, back);
    }

    @Test
    void aHostilePayloadDeeperThanTheLimitIsRefusedWhenRead() throws Exception {
        try (TwoSides lenient = TwoSides.ofClasses(dir.resolve("lenient"), Map.of(), Map.of(), 1_000_000)) {
            for (String kind : List.of("list", "map")) {
                Object deep = nest(kind, 20_000, null);
                byte[] payload = (byte[]) onThread(HUGE_STACK, () -> lenient.host.write(deep));
                Object read = onThread(MODEST_STACK, () -> s.pod.read(payload));
                PodBridgeException e = assertInstanceOf(PodBridgeException.class, read);
                assertEquals(PodBridgeException.Side.POD, e.side());
                assertTrue(e.getMessage().contains("nested more than " + LIMIT + " levels deep"), e.getMessage());
            }
        }
    }

    @Test
    void aStackThatOverflowsWithinTheLimitIsATypedError() throws Exception {
        // A reader whose limit is far above what its stack holds: the stack overflows inside Kryo.
        try (TwoSides lenient = TwoSides.ofClasses(dir.resolve("lenient"), Map.of(), Map.of(), 1_000_000)) {
            Object deep = nest("list", 20_000, null);
            byte[] payload = (byte[]) onThread(HUGE_STACK, () -> lenient.host.write(deep));
            Object read = onThread(MODEST_STACK, () -> lenient.pod.read(payload));
            PodBridgeException e = assertInstanceOf(PodBridgeException.class, read);
            assertTrue(e.getMessage().contains("overflowed this thread's stack"), e.getMessage());
            // The codec is not left broken: the next read works.
            assertEquals(List.of(List.of("x")), lenient.pod.read(lenient.host.write(List.of(List.of("x")))));
            // And a writer's overflow is typed too.
            Object written = onThread(MODEST_STACK, () -> lenient.host.write(deep));
            assertInstanceOf(PodBridgeException.class, written);
        }
    }
}
