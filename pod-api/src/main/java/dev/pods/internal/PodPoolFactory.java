package dev.pods.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodPool;
import org.apiguardian.api.API;

/**
 * Service interface behind {@link PodPool.Builder#build()}: {@code dev.pods:pod-pool} registers
 * one in {@code META-INF/services}. Internal wiring between pod-api and pod-pool, not for
 * application code.
 */
@API(status = INTERNAL, since = "1.0")
public interface PodPoolFactory {
    /** Makes a pool with these settings and starts warming it. */
    PodPool create(PoolSettings settings);
}
