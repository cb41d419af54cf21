package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How far a pod is kept from its host; chosen with {@link PodEnv#withIsolation(Isolation)}. Both
 * levels offer the same {@link Pod} interface and behaviour.
 *
 * <ul>
 *   <li>{@link #IN_PROCESS} (the default): a class loader in the host JVM. Creating one costs
 *       about a millisecond, a call tens of nanoseconds. The pod shares the host's heap, its
 *       JVM-wide state and its fate: {@code System.exit} ends the host, a runaway loop can only be
 *       interrupted (or, below JDK 20, stopped).</li>
 *   <li>{@link #PROCESS}: the same class loader inside a child JVM the pod owns, reached over a
 *       local socket. A cold start costs a JVM start, a call some microseconds. The pod gets its
 *       own heap and JVM flags ({@link PodEnv#withJvm(PodJvm)}); {@code System.exit}, a crash or
 *       an {@code OutOfMemoryError} end only the child (as {@link PodProcessException}); a
 *       deadline kills the child on any JDK. It runs as the same user, with the same files and
 *       network: it is a boundary for faults, not a sandbox.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public enum Isolation {
    IN_PROCESS, PROCESS
}
