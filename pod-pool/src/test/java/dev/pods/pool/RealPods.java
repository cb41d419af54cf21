package dev.pods.pool;

import dev.pods.PodEnv;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;

/** The fabricated dependency the real-pod variants of the pool and reload tests resolve. */
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
}
