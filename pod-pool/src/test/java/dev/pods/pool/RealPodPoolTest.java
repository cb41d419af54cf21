package dev.pods.pool;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.runtime.Pods;
import java.util.function.Function;

/** {@link PoolWithPodsTest} over real pods, the dependency resolved from a fabricated repository. */
class RealPodPoolTest extends PoolWithPodsTest {
    @Override
    PodEnv deps() {
        return RealPods.resolvedDeps(tmp);
    }

    @Override
    Function<PodEnv, Pod> pods() {
        return Pods::create;
    }
}
