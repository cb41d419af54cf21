package dev.pods.runtime.loader;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A closed pod whose class loader is still reachable: its name, when it was closed, and what is
 * known to hold it (live threads whose context loader or class is the pod's; otherwise a hint).
 */
public record PodLeak(String podName, Instant closedAt, List<String> holders) {
    public PodLeak {
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(closedAt, "closedAt");
        holders = List.copyOf(holders);
    }
}
