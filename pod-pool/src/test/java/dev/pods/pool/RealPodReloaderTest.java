package dev.pods.pool;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
import java.util.function.Function;

/** {@link ReloaderTest} over real pods, the dependency resolved from a fabricated repository. */
class RealPodReloaderTest extends ReloaderTest {
    @Override
    PodEnv deps() {
        return RealPods.resolvedDeps(tmp);
    }

    @Override
    Function<PodEnv, Pod> pods() {
        return Pods::create;
    }
}
