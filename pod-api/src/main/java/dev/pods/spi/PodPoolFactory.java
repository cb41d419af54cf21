package dev.pods.spi;

import dev.pods.PodPool;

/**
 * Service interface behind {@link PodPool.Builder#build()}: {@code dev.pods:pod-pool} registers
 * one in {@code META-INF/services}. Not for application code.
 */
public interface PodPoolFactory {
    /** Makes a pool with these settings and starts warming it. */
    PodPool create(PodPool.Settings settings);
}
