package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void defaults() {
        PodPool.Settings s = PodPool.builder(PodEnv.empty()).settings();
        assertEquals(1, s.size());
        assertEquals(3, s.maxInitAttempts());
        assertEquals(false, s.reuse());
    }

    @Test
    void buildWithoutAnImplementationSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PodPool.builder(PodEnv.empty()).build());
        assertTrue(e.getMessage().contains("dev.pods:pod-pool"), e.getMessage());
    }
}
