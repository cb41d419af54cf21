package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pods demo} against Maven Central, into a temporary local repository. */
@Tag("integration")
@Tag("central")
class DemoTest {
    @Test
    @Timeout(300)
    void demoRunsAgainstMavenCentral(@TempDir Path tmp) {
        Run r = Run.of("demo", "--local-repo", tmp.resolve("local").toString());
        assertEquals(0, r.code(), r::toString);
        String out = r.out();
        assertTrue(out.contains("commons-lang3 3.8.1") && out.contains("commons-lang3 3.17.0"), r::toString);
        assertTrue(out.contains("\"PODS\""), "the newer version's method works: " + r);
        assertTrue(out.contains("FAILS"), "and fails in the older one: " + r);
        assertTrue(out.contains("lang3-3.8.1: ") && out.contains("toRootUpperCase"), "the failure is explained: " + r);
        assertTrue(out.contains("\"3.8.1\"") && out.contains("\"3.17.0\""), "each pod reads its own pom.properties: " + r);
        assertTrue(out.contains("pod gone, exit code 3"), "System.exit in the process pod ends that pod only: " + r);
        Matcher after = Pattern.compile("in-process pods afterwards: upperCase\\s+\"STILL HERE\"\\s+\"STILL HERE\"")
                .matcher(out);
        assertTrue(after.find(), "both in-process pods still answer: " + r);
        Matcher m = Pattern.compile("loaders collected\\s+(\\d+) of (\\d+)").matcher(out);
        assertTrue(m.find(), r::toString);
        assertEquals(m.group(2), m.group(1), "every loader collected: " + r);
    }
}
