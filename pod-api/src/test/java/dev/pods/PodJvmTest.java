package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodJvmTest {

    @Test
    void settingsBecomeJvmArgumentsWithTheOptionsLast() {
        PodJvm jvm = PodJvm.defaults()
                .withOptions("-XX:+UseSerialGC")
                .withSystemProperty("a", "1")
                .withAddOpens("java.base/java.lang=ALL-UNNAMED")
                .withAddExports("java.base/sun.nio.ch=ALL-UNNAMED")
                .withJavaAgent(Path.of("/agents/a.jar"), "x=1")
                .withMaxHeap("64m");
        assertEquals(List.of("-Xmx64m", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-javaagent:" + Path.of("/agents/a.jar") + "=x=1",
                "-Da=1", "-XX:+UseSerialGC"), jvm.jvmArguments());
        assertEquals(List.of(), PodJvm.defaults().jvmArguments());
    }

    @Test
    void equalSettingsAreEqualAndUnchangedOnesTheSameInstance() {
        PodJvm a = PodJvm.defaults().withSystemProperty("k", "v").withEnvironment("E", "1");
        PodJvm b = PodJvm.defaults().withEnvironment("E", "1").withSystemProperty("k", "v");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertSame(a, a.withSystemProperty("k", "v"));
        assertSame(a, a.withAddOpens());
        assertNotEquals(a, a.withSystemProperty("k", "w"));
        assertEquals(Map.of("k", "w"), a.withSystemProperty("k", "w").systemProperties());
        assertTrue(a.withWorkingDirectory(Path.of("rel")).workingDirectory().orElseThrow().isAbsolute());
    }

    @Test
    void badSettingsAreRefusedWithTheValueInTheMessage() {
        IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> PodJvm.defaults().withMaxHeap("64 MB"));
        assertTrue(heap.getMessage().contains("'64 MB'"), heap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withMaxHeap("0m"));
        IllegalArgumentException cp = assertThrows(IllegalArgumentException.class,
                () -> PodJvm.defaults().withOptions("-cp", "x.jar"));
        assertTrue(cp.getMessage().contains("'-cp'") && cp.getMessage().contains("withClasspath"), cp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withOptions("--class-path=x.jar"));
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withOptions("Xmx1g"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PodJvm.defaults().withMaxHeap("64m").withOptions("-Xmx1g"));
        assertTrue(twice.getMessage().contains("64m"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withOptions("-Xmx1g").withMaxHeap("64m"));
        IllegalArgumentException opens = assertThrows(IllegalArgumentException.class,
                () -> PodJvm.defaults().withAddOpens("java.lang=ALL-UNNAMED"));
        assertTrue(opens.getMessage().contains("module/package=target-module"), opens.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withSystemProperty("a=b", "c"));
        assertThrows(IllegalArgumentException.class, () -> PodJvm.defaults().withEnvironment("", "c"));
    }
}
