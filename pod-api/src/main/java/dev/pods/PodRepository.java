package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.net.URI;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A remote (or {@code file:}) Maven repository: an id, which settings.xml's mirrors and server
 * credentials refer to, and its URI.
 */
@API(status = STABLE, since = "1.0")
public record PodRepository(String id, URI uri) {
    public PodRepository {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
        if (id.isBlank()) {
            throw new IllegalArgumentException("repository id must not be blank (uri " + uri + ")");
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("repository '" + id + "' needs an absolute URI with a scheme"
                    + " (file:, https:, http:), got '" + uri + "'");
        }
    }
}
