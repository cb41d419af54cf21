package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A value with Clojure metadata, as it crosses between two Clojure runtimes (a Clojure host
 * using {@code pods.boot} and a Clojure pod): code sent to a pod keeps its type hints, and a
 * result keeps its metadata when the host asks for it. A host without Clojure never receives
 * this type unless it asks for metadata; metadata is otherwise dropped.
 *
 * @param value the value, itself in the bridge's neutral form
 * @param meta  the metadata map, in the neutral form (keys usually {@link Keyword}s)
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record WithMeta(Object value, Map<Object, Object> meta) {
    public WithMeta {
        Objects.requireNonNull(meta, "meta");
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }
}
