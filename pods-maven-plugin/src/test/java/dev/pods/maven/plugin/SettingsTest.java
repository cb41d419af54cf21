package dev.pods.maven.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void timeoutsInTheUnitsUsersWrite() throws Exception {
        assertEquals(Duration.ofMillis(500), Settings.timeout("500ms"));
        assertEquals(Duration.ofSeconds(30), Settings.timeout(" 30s "));
        assertEquals(Duration.ofMinutes(2), Settings.timeout("2m"));
        assertEquals(Duration.ofHours(1), Settings.timeout("1h"));
        assertEquals(Duration.ofSeconds(90), Settings.timeout("PT1M30S"));
        assertNull(Settings.timeout(null));
        assertNull(Settings.timeout(" "));
    }

    @Test
    void aBadTimeoutSaysWhatIsExpected() {
        for (String bad : new String[] {"30", "soon", "-5s", "0ms", "PTxS"}) {
            MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> Settings.timeout(bad), bad);
            assertTrue(e.getMessage().startsWith("timeout '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void mainClassesAndScopes() throws Exception {
        assertEquals("com.acme.Main", Settings.mainClass(" com.acme.Main "));
        assertEquals("com.acme.Outer$Inner", Settings.mainClass("com.acme.Outer$Inner"));
        for (String bad : new String[] {"com.acme.", "com acme", "1com.Main", ".Main"}) {
            assertThrows(MojoExecutionException.class, () -> Settings.mainClass(bad), bad);
        }
        MojoExecutionException none = assertThrows(MojoExecutionException.class, () -> Settings.mainClass(null));
        assertTrue(none.getMessage().contains("-Dpods.mainClass"), none.getMessage());
        assertEquals("test", Settings.scope("TEST"));
        assertThrows(MojoExecutionException.class, () -> Settings.scope("provided"));
    }

    @Test
    void isolation() throws Exception {
        assertEquals(Isolation.IN_PROCESS, Isolation.of("in-process"));
        assertEquals(Isolation.PROCESS, Isolation.of(" Process "));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> Isolation.of("container"));
        assertTrue(e.getMessage().contains("is not one of in-process, process"), e.getMessage());
    }
}
