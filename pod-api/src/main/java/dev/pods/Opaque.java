package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What an evaluation returns for a value that cannot be copied out of the pod because it is not
 * data: a Clojure var, atom, ref, agent, function, namespace or another reference to live pod
 * state. It carries the value's type and its printed form (a var prints as its name,
 * {@code #'user/x}), as a REPL would show it, instead of failing or becoming null.
 *
 * <p>Only evaluation is lenient: a call ({@code Pod.call}) whose result holds such a value raises
 * {@link PodBridgeException} naming it, and so does a strict evaluation.
 *
 * @param type    the pod-side class name of the value
 * @param printed how the pod prints it
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record Opaque(String type, String printed) {
    public Opaque {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(printed, "printed");
    }

    /** The printed form. */
    @Override
    public String toString() {
        return printed;
    }
}
