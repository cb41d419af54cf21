/**
 * Pre-warmed pools of pods ({@link dev.pods.PodPool}, built with {@code PodPool.builder(env)})
 * and the reload loop ({@link dev.pods.pool.Reloader}) that resets a running application in a
 * fresh warm pod whenever its classes change.
 */
package dev.pods.pool;
