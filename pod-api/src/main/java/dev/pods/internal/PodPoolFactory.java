package dev.pods.internal;

import dev.pods.PodPool;

/**
 * Service interface behind {@link PodPool.Builder#build()}: {@code dev.pods:pod-pool} registers
 * one in {@code META-INF/services}. Internal wiring between pod-api and pod-pool, not for
 * application code.
 */
public interface PodPoolFactory {
    /** Makes a pool with these settings and starts warming it. */
    PodPool create(PoolSettings settings);
}
