package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * An exclusive hold on one pod of a {@link PodPool}: no other borrower gets the same pod while
 * the lease is open. Closing the lease returns it: the pod is destroyed and replaced by a clean
 * one, unless the pool was built to reuse pods.
 *
 * <pre>{@code
 * try (PodLease lease = pool.borrow(Duration.ofSeconds(5))) {
 *     lease.pod().call("com.acme.Tool/run", args);
 * }
 * }</pre>
 */
@API(status = STABLE, since = "1.0")
public interface PodLease extends AutoCloseable {
    /**
     * The leased pod, yours while the lease is open. Once the lease is closed, the pod (and any
     * reference kept to it) refuses work: the pool may have lent it to another borrower.
     *
     * @throws PodClosedException after the lease was closed, or its pool
     */
    Pod pod();

    /** Returns the pod to the pool; closing twice is harmless. */
    @Override
    void close();
}
