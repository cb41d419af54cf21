package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A closed pod whose class loader is still reachable, as the runtime's leak check reports it
 * ({@code dev.pods.runtime.Pods.leaks()}). A leaked loader keeps every class the pod loaded, and
 * their statics, in memory: repeated, it ends in {@code OutOfMemoryError: Metaspace}.
 *
 * @param podName  the pod's name ({@link PodEnv#name()})
 * @param closedAt when the pod was closed
 * @param holders  what is known to hold the loader, one sentence each: live threads of the pod's
 *                 (or whose context loader is the pod's), thread-locals holding its objects, shutdown
 *                 hooks, the default uncaught exception handler, what close could not undo; when
 *                 none is found, a hint of where to look (a heap dump's path to the loader is the
 *                 authority). Never empty.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record PodLeak(String podName, Instant closedAt, List<String> holders) {
    public PodLeak {
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(closedAt, "closedAt");
        holders = List.copyOf(holders);
    }
}
