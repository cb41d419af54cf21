package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Where a pod's {@code System.out} and {@code System.err} go.
 *
 * <ul>
 *   <li>{@link #INHERIT} (the default): to the host's streams, as if the host had printed (in
 *       their encoding);</li>
 *   <li>{@link #CAPTURE}: kept in memory and read with {@link Pod#output()} (no text lost, whatever
 *       the platform charset);</li>
 *   <li>{@link #SINK}: to streams the caller gave with {@link PodEnv#withOutput(java.io.OutputStream,
 *       java.io.OutputStream)}, text encoded as UTF-8.</li>
 * </ul>
 *
 * <p>{@code System.out} is one JVM-wide field; pods route it per thread: the writes of a
 * thread running pod code (or started by pod code) go to that pod's destination.
 */
@API(status = STABLE, since = "1.0")
public enum OutputMode {
    INHERIT, CAPTURE, SINK
}
