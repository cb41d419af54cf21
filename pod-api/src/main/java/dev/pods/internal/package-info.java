/**
 * Not API: the wiring between pod-api and pod-pool ({@link dev.pods.internal.PodPoolFactory},
 * found by {@link java.util.ServiceLoader}, and the {@link dev.pods.internal.PoolSettings} that
 * {@code PodPool.builder} checked). Public only so that pod-pool can reach it; a module
 * descriptor exports it to pod-pool alone. Configure a pool with {@link dev.pods.PodPool#builder}.
 */
package dev.pods.internal;
