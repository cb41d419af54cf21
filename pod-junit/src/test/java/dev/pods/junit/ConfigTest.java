package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pods.PodEnv;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run's settings from configuration parameters. */
class ConfigTest {
    private static Config read(Map<String, String> params) {
        return Config.read(k -> Optional.ofNullable(params.get(k)));
    }

    @Test
    void defaultsHonourTheUsersMavenSettings() {
        Config c = read(Map.of());
        assertEquals(PodEnv.current(), c.baseEnv());
        assertEquals(0, c.poolSize());
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), c.prepareAhead());
        assertEquals(2000, c.leakTimeout().toMillis());
        assertEquals(Map.of(), c.forwarded());
    }

    @Test
    void repositoriesKeepTheirOrderAndTheEnvTakesEverySetting() {
        Config c = read(Map.of(Config.REPOSITORIES, "b=file:/b, a=https://repo.example.com/a",
                Config.USER_SETTINGS, "false", Config.DEFAULT_REPOSITORIES, "false", Config.OFFLINE, "true",
                Config.LOCAL_REPOSITORY, "/tmp/local", "junit.jupiter.execution.parallel.enabled", "true"));
        assertEquals(List.of("b", "a"), List.copyOf(c.repositories().keySet()));
        PodEnv expected = PodEnv.empty().withLocalRepository(Path.of("/tmp/local")).withOffline(true)
                .withDefaultRepositories(false).withRepository("b", URI.create("file:/b"))
                .withRepository("a", URI.create("https://repo.example.com/a"));
        assertEquals(expected, c.baseEnv());
        assertEquals(Map.of("junit.jupiter.execution.parallel.enabled", "true"), c.forwarded());
    }

    @Test
    void malformedValuesNameTheKey() {
        assertEquals("configuration parameter dev.pods.junit.offline is 'yes'; give true or false",
                assertThrows(PodMatrixException.class, () -> read(Map.of(Config.OFFLINE, "yes"))).getMessage());
        assertEquals("configuration parameter dev.pods.junit.pool.size is '-1'; give a whole number, 0 or more",
                assertThrows(PodMatrixException.class, () -> read(Map.of(Config.POOL_SIZE, "-1"))).getMessage());
        assertEquals("configuration parameter dev.pods.junit.repositories has 'nouri'; give id=uri pairs separated"
                + " by commas, e.g. staging=https://repo.example.com/staging",
                assertThrows(PodMatrixException.class, () -> read(Map.of(Config.REPOSITORIES, "nouri"))).getMessage());
    }
}
