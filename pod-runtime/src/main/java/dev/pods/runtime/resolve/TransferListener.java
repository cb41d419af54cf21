package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Hears about downloads (and checksum fetches) while a resolution runs, so that a caller such as
 * the CLI can show progress. Our own small interface: callers do not depend on Maven Resolver.
 *
 * <p>Called on the resolver's transfer threads, possibly concurrently for different resources;
 * implementations must be thread-safe and quick, and must not throw (an exception is logged and
 * ignored). A resolution served from a cache transfers nothing.
 *
 * <pre>{@code
 * Resolver.builder().transferListener(e -> {
 *     if (e.kind() == TransferListener.Kind.SUCCEEDED) {
 *         System.err.println("downloaded " + e.resource());
 *     }
 * }).build();
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
@FunctionalInterface
public interface TransferListener {

    /** One event of one transfer. */
    void onEvent(Event event);

    /** The kind of an event, in the order a transfer goes through them. */
    @API(status = EXPERIMENTAL, since = "1.0")
    enum Kind {
        /** The transfer is about to start (the resource may not exist). */
        INITIATED,
        /** Bytes started arriving. */
        STARTED,
        /** More bytes arrived; see {@link Event#transferredBytes()}. */
        PROGRESSED,
        /** A checksum did not match; the transfer may be retried or fail. */
        CORRUPTED,
        /** The transfer finished. */
        SUCCEEDED,
        /** The transfer failed; see {@link Event#error()}. */
        FAILED
    }

    /**
     * One event.
     *
     * @param kind             what happened
     * @param repository       the repository, {@code id (url)}
     * @param resource         the resource's path within the repository, e.g. {@code com/acme/lib/1.0/lib-1.0.jar}
     * @param contentLength    the expected length in bytes, or -1 when unknown
     * @param transferredBytes the bytes transferred so far
     * @param error            the failure's message for {@link Kind#FAILED} and {@link Kind#CORRUPTED}
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    record Event(Kind kind, String repository, String resource, long contentLength, long transferredBytes,
                 Optional<String> error) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(error, "error");
        }
    }
}
