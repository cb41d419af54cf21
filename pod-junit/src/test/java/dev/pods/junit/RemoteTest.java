package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pods.junit.internal.InPodRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A pod's throwable, encoded as data inside the pod and rebuilt on the host: the JDK's own types
 * as themselves, opentest4j's as the host's copies, the rest as pod-junit's carriers with the
 * remote class name; stacks, causes and suppressed ones kept.
 */
class RemoteTest {
    private static Throwable roundTrip(Throwable t) {
        return Remote.rebuild(InPodRunner.encode(t));
    }

    /** Class, method, file and line of each frame (the loader and module names do not cross). */
    private static java.util.List<String> frames(Throwable t) {
        return java.util.Arrays.stream(t.getStackTrace())
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .toList();
    }

    /** A throwable of a class the host does not have under that name (here: a test class). */
    static final class LibraryException extends RuntimeException {
        LibraryException(String m, Throwable cause) {
            super(m, cause);
        }
    }

    static final class CustomAssertion extends AssertionError {
        CustomAssertion(String m) {
            super(m);
        }
    }

    @Test
    void jdkThrowablesComeBackAsThemselvesWithTheirStack() {
        NoSuchMethodError original = new NoSuchMethodError("'java.lang.String com.acme.Lib.upper(java.lang.String)'");
        Throwable back = roundTrip(original);
        assertSame(NoSuchMethodError.class, back.getClass());
        assertEquals(original.getMessage(), back.getMessage());
        assertEquals(frames(original), frames(back));
        assertSame(AssertionError.class, roundTrip(new AssertionError("plain")).getClass());
        assertNull(roundTrip(new IllegalStateException()).getMessage());
    }

    @Test
    void opentest4jKeepsExpectedAndActualAndAbortsStayAborts() {
        AssertionFailedError afe = assertInstanceOf(AssertionFailedError.class,
                roundTrip(new AssertionFailedError("differs", "two", "one")));
        assertEquals("two", afe.getExpected().getValue());
        assertEquals("one", afe.getActual().getValue());
        assertInstanceOf(TestAbortedException.class, roundTrip(new TestAbortedException("assumption")));
    }

    @Test
    void othersCarryTheRemoteClassNameTheirCausesAndSuppressed() {
        LibraryException original = new LibraryException("boom", new UncheckedIOException("io", new IOException("disk")));
        original.addSuppressed(new CustomAssertion("also"));
        PodTestException back = assertInstanceOf(PodTestException.class, roundTrip(original));
        assertEquals(LibraryException.class.getName(), back.remoteClassName());
        assertEquals(LibraryException.class.getName() + ": boom", back.getMessage());
        assertEquals(frames(original), frames(back));
        UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, back.getCause());
        assertEquals("io", cause.getMessage());
        assertSame(IOException.class, cause.getCause().getClass(), "the JDK cause rebuilt as itself");
        PodAssertionError suppressed = assertInstanceOf(PodAssertionError.class, back.getSuppressed()[0]);
        assertEquals(CustomAssertion.class.getName(), suppressed.remoteClassName());
    }

    @Test
    void aCyclicCauseChainIsCutNotFollowedForever() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        Throwable back = roundTrip(a);
        assertEquals("b", back.getCause().getMessage());
        assertEquals("[cause chain cut here: cyclic or deeper than 32]", back.getCause().getCause().getMessage());
        assertNull(back.getCause().getCause().getCause());
        Map<String, Object> encoded = InPodRunner.encode(a);
        assertEquals("java.lang.IllegalStateException", encoded.get(InPodRunner.E_CLASS));
    }

    @Test
    void aJdkClassThatCannotBeMadeFromOutsideIsCarriedByName() {
        Map<String, Object> e = Map.of(InPodRunner.E_CLASS, "sun.nio.fs.UnixException", InPodRunner.E_MESSAGE, "x",
                InPodRunner.E_STACK, java.util.List.of());
        PodTestException back = assertInstanceOf(PodTestException.class, Remote.rebuild(e));
        assertEquals("sun.nio.fs.UnixException", back.remoteClassName());
    }
}
