package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.runtime.bridge.RemoteExceptions;
import dev.pods.runtime.bridge.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The wire format alone: values and failure records written and read back, no process involved. */
class WireTest {
    private final ValueCodec host = new ValueCodec(getClass().getClassLoader(), PodBridgeException.Side.HOST, 1 << 20);
    private final ValueCodec pod = new ValueCodec(getClass().getClassLoader(), PodBridgeException.Side.POD, 1 << 20);
    private final Supplier<ValueCodec> hostCodec = () -> host;
    private final Supplier<ValueCodec> noCodec = () -> {
        throw new AssertionError("simple values must not need the codec");
    };

    private static Wire.In payload(Wire.Out o) {
        java.nio.ByteBuffer b = o.frame(1, Wire.OK);
        byte[] all = new byte[b.remaining()];
        b.get(all);
        return new Wire.In(java.util.Arrays.copyOfRange(all, Wire.HEADER, all.length));
    }

    @Test
    void simpleValuesCrossAsThemselvesWithoutTheCodec() {
        Object[] values = {null, "", "häuser ✓ 𝄞", 42, -7L, true, 2.5, 1.5f, (short) 3, (byte) -1, 'x',
                Double.NaN, Long.MIN_VALUE};
        Wire.Out o = new Wire.Out();
        for (Object v : values) {
            o.writeValue(v, noCodec);
        }
        Wire.In in = payload(o);
        for (Object v : values) {
            assertEquals(v, in.readValue(noCodec));
        }
    }

    @Test
    void argumentsGoInOneCodecPayloadWhenOneIsNotSimple() {
        List<Integer> shared = new ArrayList<>(List.of(1, 2));
        Object[] args = {"a", shared, shared};
        Object[] back = payload(new Wire.Out().writeArgs(args, hostCodec)).readArgs(() -> pod);
        assertEquals("a", back[0]);
        assertEquals(shared, back[1]);
        assertSame(back[1], back[2], "one payload: a shared reference stays shared");
        Object[] simple = payload(new Wire.Out().writeArgs(new Object[] {1, "b", null}, noCodec)).readArgs(noCodec);
        assertArrayEquals(new Object[] {1, "b", null}, simple);
    }

    @Test
    void callFailuresComeBackWithClassMessageStackCausesAndSuppressed() {
        IllegalStateException t = new IllegalStateException("outer", new java.io.IOException("inner"));
        t.addSuppressed(new IllegalArgumentException("also"));
        PodCallException sent = RemoteExceptions.toCallException("call com.acme.X/y", t);
        Wire.Out o = new Wire.Out();
        WireFailure.write(o, sent, "call com.acme.X/y");
        PodCallException got = assertInstanceOf(PodCallException.class, WireFailure.read(payload(o), "p", "call"));
        assertEquals(sent.getMessage(), got.getMessage());
        assertEquals("java.lang.IllegalStateException", got.remoteClassName());
        assertEquals(sent.remoteStackTrace(), got.remoteStackTrace());
        assertEquals("java.io.IOException", got.remoteCause().remoteClassName());
        assertEquals(sent.remoteCause().getMessage(), got.remoteCause().getMessage());
        assertEquals(List.of(sent.remoteCause().getStackTrace()), List.of(got.remoteCause().getStackTrace()),
                "a nested remote exception shows the pod's frames, as in-process");
        assertEquals(1, got.getSuppressed().length);
        assertEquals("java.lang.IllegalArgumentException", ((PodCallException) got.getSuppressed()[0]).remoteClassName());
    }

    @Test
    void evalBridgeClosedAndPlainFailuresKeepTheirType() {
        PodEvalException diag = new PodEvalException("java", List.of(new PodEvalException.Diagnostic(1, 9, "bad")));
        PodEvalException got = roundTrip(diag, PodEvalException.class);
        assertEquals(diag.getMessage(), got.getMessage());
        assertEquals(diag.diagnostics(), got.diagnostics());

        PodEvalException thrown = new PodEvalException("clojure", "clojure code threw x",
                RemoteExceptions.toCallException("eval clojure", new ArithmeticException("/ by zero")));
        PodEvalException t = roundTrip(thrown, PodEvalException.class);
        assertEquals("java.lang.ArithmeticException", ((PodCallException) t.getCause()).remoteClassName());

        PodBridgeException bridge = new PodBridgeException("com.acme.Missing", PodBridgeException.Side.POD,
                "class not found in the pod", new RuntimeException("kryo"));
        PodBridgeException b = roundTrip(bridge, PodBridgeException.class);
        assertEquals(bridge.getMessage(), b.getMessage());
        assertEquals(PodBridgeException.Side.POD, b.side());
        assertEquals("com.acme.Missing", b.typeName());
        assertEquals("java.lang.RuntimeException", ((PodCallException) b.getCause()).remoteClassName());

        PodClosedException closed = roundTrip(new PodClosedException("x", "eval java"), PodClosedException.class);
        assertEquals("p", closed.podName());

        PodException plain = roundTrip(new PodException("no overload of f fits (int)"), PodException.class);
        assertEquals(PodException.class, plain.getClass());
        assertEquals("no overload of f fits (int)", plain.getMessage());
        assertNull(plain.getCause());
    }

    @Test
    void anythingOutsideTheFamilyBecomesACallException() {
        Wire.Out o = new Wire.Out();
        WireFailure.write(o, new OutOfMemoryError("Java heap space"), "call com.acme.X/y");
        PodCallException got = assertInstanceOf(PodCallException.class, WireFailure.read(payload(o), "p", "call"));
        assertEquals("java.lang.OutOfMemoryError", got.remoteClassName());
        assertTrue(got.getMessage().startsWith("call com.acme.X/y threw"), got.getMessage());
    }

    @Test
    void aMalformedRecordIsRefused() {
        Wire.Out o = new Wire.Out().writeByte(99);
        assertThrows(IllegalStateException.class, () -> WireFailure.read(payload(o), "p", "call"));
    }

    private <T extends PodException> T roundTrip(PodException e, Class<T> type) {
        Wire.Out o = new Wire.Out();
        WireFailure.write(o, e, "what");
        return assertInstanceOf(type, WireFailure.read(payload(o), "p", "what"));
    }
}
