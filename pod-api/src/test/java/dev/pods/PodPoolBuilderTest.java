package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.internal.PoolSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PodPoolBuilderTest {

    @Test
    void eachSettingOnceWithTheOldValueInTheMessage() {
        PodPool.Builder b = PodPool.builder(PodEnv.empty()).size(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.size(3));
        assertEquals("size was already set to 2", e.getMessage());
    }

    @Test
    void badValuesAreRefusedAtOnce() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodPool.builder(PodEnv.empty()).size(-1))
                .getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class,
                () -> PodPool.builder(PodEnv.empty()).backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PodPool.builder(PodEnv.empty()).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).settings());
    }

    @Test
    void everyDurationMustBePositiveAndTheMessageNamesIt() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-5)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PodPool.builder(PodEnv.empty()).retireGrace(bad));
            assertEquals("retireGrace must be positive, was " + bad, e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> PodPool.builder(PodEnv.empty()).closeTimeout(bad));
            assertEquals("closeTimeout must be positive, was " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> PodPool.builder(PodEnv.empty()).backoff(Duration.ofMillis(1), bad));
        }
        // Settings built directly are held to the same rules as the builder's.
        PoolSettings ok = PodPool.builder(PodEnv.empty()).settings();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoolSettings(
                ok.env(), ok.size(), ok.init(), ok.destroy(), ok.executor(), ok.ticker(), ok.podFactory(), ok.reuse(),
                ok.maxInitAttempts(), ok.initialBackoff(), ok.maxBackoff(), Duration.ZERO, ok.retireGrace()));
        assertEquals("closeTimeout must be positive, was PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(
                ok.env(), ok.size(), ok.init(), ok.destroy(), ok.executor(), ok.ticker(), ok.podFactory(), ok.reuse(),
                0, ok.initialBackoff(), ok.maxBackoff(), ok.closeTimeout(), ok.retireGrace()));
    }

    @Test
    void defaults() {
        PoolSettings s = PodPool.builder(PodEnv.empty()).settings();
        assertEquals(1, s.size());
        assertEquals(3, s.maxInitAttempts());
        assertEquals(false, s.reuse());
        assertEquals(Duration.ofSeconds(1), s.retireGrace());
    }

    @Test
    void buildWithoutAnImplementationSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PodPool.builder(PodEnv.empty()).build());
        assertTrue(e.getMessage().contains("dev.pods:pod-pool"), e.getMessage());
    }
}
