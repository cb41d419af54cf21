package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A value that cannot cross the pod boundary: its type is missing on the receiving side, it
 * cannot be copied (a thread, a stream, a lambda), or it is larger than the pod's payload limit.
 */
@API(status = STABLE, since = "1.0")
public final class PodBridgeException extends PodException {
    private static final long serialVersionUID = 1L;

    /** Which side was writing or reading the value when it failed. */
    @API(status = STABLE, since = "1.0")
    public enum Side { HOST, POD }

    private final String typeName;
    private final Side side;

    public PodBridgeException(String typeName, Side side, String reason) {
        this(typeName, side, reason, null);
    }

    public PodBridgeException(String typeName, Side side, String reason, Throwable cause) {
        super("a value of type " + typeName + " cannot cross the pod boundary ("
                + side.name().toLowerCase(java.util.Locale.ROOT) + " side): " + reason, cause);
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.side = Objects.requireNonNull(side, "side");
    }

    /** The binary name of the type that could not cross. */
    public String typeName() {
        return typeName;
    }

    /** The side on which the value could not be written or read. */
    public Side side() {
        return side;
    }
}
