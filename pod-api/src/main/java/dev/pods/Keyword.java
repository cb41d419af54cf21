package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Comparator;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A Clojure keyword as a host without Clojure sees it: {@code :name} or {@code :namespace/name}.
 * A pod's Clojure keyword arrives as this type (never as a string, so {@code :a} and {@code "a"}
 * stay apart), and this type passed to a Clojure function becomes a keyword in the pod. See
 * {@code Pod.eval} and the README's data mapping table for the whole mapping.
 *
 * <p>Ordered as Clojure orders keywords: no namespace first, then by namespace, then by name.
 *
 * @param namespace the namespace, or null for a simple keyword
 * @param name      the name; not empty
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record Keyword(String namespace, String name) implements Comparable<Keyword> {
    static final Comparator<String> NULL_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    public Keyword {
        Names.check("keyword", namespace, name);
    }

    /** A keyword without a namespace, {@code :name}. */
    public static Keyword of(String name) {
        return new Keyword(null, name);
    }

    /** {@code :namespace/name} (namespace may be null). */
    public static Keyword of(String namespace, String name) {
        return new Keyword(namespace, name);
    }

    /**
     * Reads {@code ":a"}, {@code ":ns/a"}, or the same without the colon. The namespace ends at
     * the first {@code /} (as Clojure reads it), so {@code ":a/b/c"} has namespace {@code a}.
     *
     * @throws IllegalArgumentException the text is empty or has an empty namespace or name
     */
    public static Keyword parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.startsWith(":") ? text.substring(1) : text;
        String[] parts = Names.split("keyword", text, t);
        return new Keyword(parts[0], parts[1]);
    }

    @Override
    public int compareTo(Keyword o) {
        int c = NULL_FIRST.compare(namespace, o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** As Clojure prints it: {@code :ns/name}. */
    @Override
    public String toString() {
        return ":" + (namespace == null ? name : namespace + "/" + name);
    }
}
