package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pods.CallTarget;
import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodTargetException;
import dev.pods.testing.BadCallTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pod refuses a text that is not a call target with {@link CallTarget#parse}'s own error, the
 * same type and message in-process and in a child JVM, timed or not; and the pod stays usable.
 */
class BadTargetTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(Isolation.class)
    void everyBadTargetIsRefusedWithTheParsersMessage(Isolation isolation) {
        Path jar = PodFixtures.jar(dir, "hello-" + isolation + ".jar", PodFixtures.hello("v1"));
        try (Pod pod = Pods.create(PodFixtures.env("bad-targets", jar).withIsolation(isolation))) {
            for (String bad : BadCallTargets.ALL) {
                String expected = assertThrows(PodTargetException.class, () -> CallTarget.parse(bad)).getMessage();
                PodTargetException e = assertThrows(PodTargetException.class, () -> pod.call(bad, "x"), bad);
                assertEquals(expected, e.getMessage());
                PodTargetException timed = assertThrows(PodTargetException.class,
                        () -> pod.callWithTimeout(Duration.ofSeconds(5), bad), bad);
                assertEquals(expected, timed.getMessage());
            }
            assertEquals("v1", pod.call("com.acme.Hello/version"));
        }
    }
}
