/**
 * Pre-warmed pools of pods and the reload loop.
 *
 * <p><b>The pool</b> ({@link dev.pods.PodPool}, built with {@code PodPool.builder(env)}; this
 * module's {@link dev.pods.pool.WarmPoolFactory} is what {@code build()} finds):
 * <ul>
 *   <li>{@code current()} is one volatile read once a pod is active; the first call promotes a
 *       warm pod (waiting for one if needed). The active pod stays the same until
 *       {@code refresh()} (or until something closes it behind the pool's back, when the next
 *       {@code current()} replaces it).</li>
 *   <li>{@code refresh()} swaps in a warm pod at once; it waits only when no warm pod exists.
 *       The old pod stays open for the retire grace ({@code retireGrace}, 1 s by default, on the
 *       ticker), so a caller that took it from {@code current()} just before can still make its
 *       calls; then the executor destroys it (destroy hook, then {@code Pod.close()}, which lets
 *       calls in flight finish within the pod's own grace period).</li>
 *   <li>Without {@code reuse} the pool keeps {@code size} warm pods plus one per waiting acquirer;
 *       every pod taken starts a replacement and a returned lease's pod is destroyed. With
 *       {@code reuse} it owns at most {@code max(size, 1)} lendable pods (besides the current
 *       one) and borrowers beyond that wait for a return. A warm pod that closes while it
 *       waits (a process pod whose JVM was killed or crashed) leaves the pool and a replacement
 *       starts at once, without waiting for an acquire.</li>
 *   <li>Until an attempt to create and init a pod has succeeded, one attempt runs at a time; a
 *       failed one is retried after a backoff on the ticker (initial, doubled, capped). Acquirers
 *       that wait share this round: after exactly {@code maxInitAttempts} attempts each gets a
 *       {@link dev.pods.PodException} whose cause is the last failure (the earlier ones
 *       suppressed). The next acquire starts a new round, so a transient failure does not poison
 *       the pool.</li>
 *   <li>{@code borrow} hands out a lease whose {@code pod()} is a view that refuses work once
 *       the lease is returned (with {@code reuse} the pod may already be another borrower's).</li>
 *   <li>Every duration (timeouts, backoff, grace) must be positive: zero or negative ones are
 *       refused with {@link IllegalArgumentException} naming the value.</li>
 *   <li>{@code close()} stops warming, destroys the current and warm pods <em>and the pods out on
 *       lease</em> and the retired pods still in their grace (so nothing outlives the pool even
 *       when a borrower never returns), and waits
 *       up to the close timeout. Afterwards {@code current}, {@code refresh}, {@code borrow} and
 *       {@code PodLease.pod()} raise {@link dev.pods.PodClosedException}; returning a lease is a
 *       no-op; {@code stats()}, {@code env()} and {@code isClosed()} keep answering.</li>
 *   <li>The ticker drives backoff, the retire grace and the latency statistics (of the acquires
 *       that take the lock: {@link dev.pods.PodPoolStats} says which); blocking waits
 *       (the timeouts of {@code current}, {@code borrow}, {@code close}) are real time. Due
 *       retries and retirements reach the executor through a callback from the JDK's shared delay scheduler
 *       ({@code CompletableFuture.delayedExecutor}), the only thread the pool does not own.</li>
 *   <li>Thread-safe; one lock guards the bookkeeping and is never held while a pod is made,
 *       initialised or closed. Without an executor the pool runs its own daemon threads
 *       (width: the processor count, at least 2), shut down by {@code close()}. No static state.</li>
 * </ul>
 *
 * <p><b>The reload loop</b> ({@link dev.pods.pool.Reloader}) resets a running application in a
 * fresh warm pod whenever its class files change.
 */
package dev.pods.pool;
