package dev.pods.pool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;

/** Whether the real pods (dev.pods.runtime.Pods) are built yet; the real-pod tests skip until they are. */
final class RealPods {
    private RealPods() {
    }

    /** The lib of the tests published as {@code test:lib:1.0} in a fabricated repository, resolved into a local one under {@code tmp}. */
    static PodEnv resolvedDeps(Path tmp) {
        FakeRepo repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact("test:lib:1.0").source("lib.Lib", ReloaderTest.LIB).publish();
        return ReloaderTest.DEPS.withRepository("fake", repo.uri()).withLocalRepository(tmp.resolve("local"))
                .withDependencies("test:lib:1.0");
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
