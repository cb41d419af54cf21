package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A Clojure symbol as a host without Clojure sees it: {@code name} or {@code namespace/name}.
 * A pod's symbol arrives as this type (never as a string), and this type passed to a Clojure
 * function becomes a symbol in the pod. Ordered as Clojure orders symbols.
 *
 * @param namespace the namespace, or null
 * @param name      the name; not empty
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record Symbol(String namespace, String name) implements Comparable<Symbol> {
    public Symbol {
        Names.check("symbol", namespace, name);
    }

    /** A symbol without a namespace. */
    public static Symbol of(String name) {
        return new Symbol(null, name);
    }

    /** {@code namespace/name} (namespace may be null). */
    public static Symbol of(String namespace, String name) {
        return new Symbol(namespace, name);
    }

    /**
     * Reads {@code "a"} or {@code "ns/a"}; the namespace ends at the first {@code /}, except
     * that {@code "/"} and {@code "ns//"} name the division function as in Clojure.
     *
     * @throws IllegalArgumentException the text is empty or has an empty namespace or name
     */
    public static Symbol parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("/")) {
            return new Symbol(null, "/");
        }
        String[] parts = Names.split("symbol", text, text);
        return new Symbol(parts[0], parts[1]);
    }

    @Override
    public int compareTo(Symbol o) {
        int c = Keyword.NULL_FIRST.compare(namespace, o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
