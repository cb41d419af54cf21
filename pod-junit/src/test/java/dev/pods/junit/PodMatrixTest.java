package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.opentest4j.AssertionFailedError;

/** The matrix through the real JUnit Platform: tree, names, outcomes. */
class PodMatrixTest {
    @TempDir
    static Path tmp;
    static Matrix world;

    @BeforeAll
    static void world() {
        world = Matrix.create(tmp);
    }

    @Test
    void eachVersionIsItsOwnNodeAndTheClassLinksAgainstThatVersion() {
        EngineExecutionResults r = world.run("acme.LibTest", "package acme;\n" + Matrix.imports() + """
                @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"})
                public class LibTest {
                    @Test void upper() { assertEquals("PODS", Lib.upper("pods")); }
                    @Test void name() { assertEquals("two", Lib.name()); }
                }
                """);
        print(r);
    }

    static void print(EngineExecutionResults r) {
        r.allEvents().stream().forEach(e -> System.out.println(e.getType() + " " + e.getTestDescriptor().getUniqueId()
                + " | " + e.getTestDescriptor().getDisplayName() + " | "
                + e.getPayload().map(Object::toString).orElse("")));
    }
}
