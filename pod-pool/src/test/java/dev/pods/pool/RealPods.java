package dev.pods.pool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;

/** Whether the real pods (dev.pods.runtime.Pods) are built yet; the real-pod tests skip until they are. */
final class RealPods {
    private RealPods() {
    }

    static void assumeAvailable() {
        boolean available;
        try (Pod p = Pods.create(PodEnv.empty().withDefaultRepositories(false).withName("probe"))) {
            available = p != null;
        } catch (UnsupportedOperationException e) {
            available = false;
        }
        assumeTrue(available, "dev.pods.runtime.Pods is still a placeholder");
    }
}
