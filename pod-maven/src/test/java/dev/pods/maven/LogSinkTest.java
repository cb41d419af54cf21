package dev.pods.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    private final LogPump pump = new LogPump("test-pump");
    private final LogSink sink = new LogSink("p", pump);

    @AfterEach
    void stop() {
        pump.close();
    }

    @Test
    void stdoutLinesAreInfoAndStderrLinesWarnAndFlushesDoNotSplitLines() {
        RecordingLog log = new RecordingLog();
        sink.target(log);
        PrintStream out = new PrintStream(sink.out, true, Charset.defaultCharset());
        PrintStream err = new PrintStream(sink.err, true, Charset.defaultCharset());
        out.print("a");
        out.print("b");
        out.println("c");
        err.println("careful");
        out.print("two\r\nlines\n");
        out.print("no newline yet");
        sink.target(null);
        assertEquals(List.of("INFO abc", "WARN careful", "INFO two", "INFO lines", "INFO no newline yet"), log.lines());
    }

    @Test
    void linesGoToTheTargetTheyWerePrintedUnder() {
        RecordingLog first = new RecordingLog();
        RecordingLog second = new RecordingLog();
        sink.target(first);
        PrintStream out = new PrintStream(sink.out, true, Charset.defaultCharset());
        out.println("one");
        out.print("half");
        sink.target(second);
        out.println("two");
        sink.target(null);
        assertEquals(List.of("INFO one", "INFO half"), first.lines());
        assertEquals(List.of("INFO two"), second.lines());
    }

    @Test
    void targetReturnsOnlyWhenEarlierLinesWereLoggedInOrder() {
        RecordingLog log = new RecordingLog();
        sink.target(log);
        PrintStream out = new PrintStream(sink.out, true, Charset.defaultCharset());
        for (int i = 0; i < 1_000; i++) {
            out.println("line " + i);
        }
        sink.target(null);
        List<String> lines = log.lines();
        assertEquals(1_000, lines.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals("INFO line " + i, lines.get(i));
        }
    }

    /** A pod's line must not land after a line the mojo logs once the pod's print returned. */
    @Test
    void aPrintReturnsOnlyOnceItsLineIsLogged() {
        RecordingLog log = new RecordingLog();
        sink.target(log);
        PrintStream out = new PrintStream(sink.out, true, Charset.defaultCharset());
        for (int i = 0; i < 200; i++) {
            out.println("pod " + i);
            log.info("mojo " + i);
        }
        List<String> lines = log.lines();
        for (int i = 0; i < 200; i++) {
            assertEquals(List.of("INFO pod " + i, "INFO mojo " + i), lines.subList(2 * i, 2 * i + 2));
        }
    }

    @Test
    void aClosedPumpLogsOnTheCaller() {
        RecordingLog log = new RecordingLog();
        sink.target(log);
        pump.close();
        new PrintStream(sink.out, true, Charset.defaultCharset()).println("after close");
        assertEquals(List.of("INFO after close"), log.lines());
    }
}
