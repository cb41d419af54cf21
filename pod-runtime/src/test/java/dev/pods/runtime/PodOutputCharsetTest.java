package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.Isolation;
import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pod's captured or sunk output is UTF-8, as {@link dev.pods.CapturedOutput} promises, whatever
 * the host's console charset: non-ASCII text a pod prints comes back unchanged. The host's charset
 * is made US-ASCII for the test through {@code sun.stdout.encoding}, the property the router and
 * the process launcher read.
 */
class PodOutputCharsetTest {
    /** Latin-1, beyond Latin-1 (euro sign), and beyond the BMP (a surrogate pair). */
    private static final String TEXT = "gr\u00fc\u00dfe \u20ac \ud83d\ude00 \u2713";

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void jar() {
        jar = PodFixtures.jar(dir, "say.jar", Map.of("com.acme.Say", "package com.acme; public class Say {"
                + " public static void say(String s) { System.out.print(s); System.out.flush();"
                + " System.err.print(s); System.err.flush(); } }"));
    }

    @Test
    void theRouterCapturesUtf8AndLeavesTheHostStreamsTheirOwnEncoding() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream host = new ByteArrayOutputStream();
        withAsciiConsole(() -> {
            System.setOut(new PrintStream(host, true, StandardCharsets.US_ASCII));
            try {
                OutputRouter router = new OutputRouter();
                router.install();
                OutputRouter.Capture captured = new OutputRouter.Capture();
                OutputRouter.Route prev = router.enter(captured.route);
                try {
                    System.out.print(TEXT);
                    System.err.println(TEXT);
                } finally {
                    router.exit(prev, captured.route);
                }
                System.out.print("host \u00fc");
                assertEquals(TEXT, captured.stdout());
                assertEquals(TEXT + System.lineSeparator(), captured.stderr());
                assertEquals("host ?", host.toString(StandardCharsets.US_ASCII),
                        "the host's own stream keeps its encoding: the router does not re-encode it");
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Isolation.class)
    void capturedNonAsciiTextComesBackUnchanged(Isolation isolation) {
        PodEnv env = PodFixtures.env("say-capture", jar).withIsolation(isolation).withOutput(OutputMode.CAPTURE);
        try (Pod pod = withAsciiConsole(() -> Pods.create(env))) {
            pod.call("com.acme.Say/say", TEXT);
            assertEquals(TEXT, pod.output().stdout());
            assertEquals(TEXT, pod.output().stderr());
        }
    }

    @ParameterizedTest
    @EnumSource(Isolation.class)
    void sinksReceiveUtf8Bytes(Isolation isolation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PodEnv env = PodFixtures.env("say-sink", jar).withIsolation(isolation).withOutput(out, err);
        try (Pod pod = withAsciiConsole(() -> Pods.create(env))) {
            pod.call("com.acme.Say/say", TEXT);
        }
        assertEquals(TEXT, out.toString(StandardCharsets.UTF_8));
        assertEquals(TEXT, err.toString(StandardCharsets.UTF_8));
    }

    private static <T> T withAsciiConsole(Supplier<T> body) {
        String before = System.getProperty("sun.stdout.encoding");
        System.setProperty("sun.stdout.encoding", "US-ASCII");
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty("sun.stdout.encoding");
            } else {
                System.setProperty("sun.stdout.encoding", before);
            }
        }
    }
}
