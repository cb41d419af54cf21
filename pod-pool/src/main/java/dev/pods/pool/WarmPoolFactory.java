package dev.pods.pool;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodPool;
import dev.pods.internal.PodPoolFactory;
import dev.pods.internal.PoolSettings;
import org.apiguardian.api.API;

/**
 * The {@link PodPoolFactory} registered in this module's {@code META-INF/services}: what
 * {@link PodPool.Builder#build()} finds. Application code uses {@code PodPool.builder(env)}.
 */
@API(status = INTERNAL, since = "1.0")
public final class WarmPoolFactory implements PodPoolFactory {

    /** For {@link java.util.ServiceLoader}. */
    public WarmPoolFactory() {
    }

    @Override
    public PodPool create(PoolSettings settings) {
        return WarmPool.start(settings);
    }
}
