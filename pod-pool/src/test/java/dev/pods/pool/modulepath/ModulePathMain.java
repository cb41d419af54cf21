package dev.pods.pool.modulepath;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.runtime.Pods;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A user's program with Pods on the module path (this class itself on the class path, so in the
 * unnamed module, which reads every module): makes an in-process pod, a process pod and a pool,
 * and reports what the runtime's module lets it reach. {@link ModulePathTest} runs it.
 */
public final class ModulePathMain {
    private ModulePathMain() {
    }

    public static void main(String[] args) throws Exception {
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("module-path")
                .withRepository("fake", URI.create(args[0])).withLocalRepository(Path.of(args[1]))
                .withDependencies("com.acme:app:1.0");
        System.out.println("module " + Pods.class.getModule().getName() + " " + Pod.class.getModule().getName()
                + " " + PodPool.class.getModule().getName());
        try (Pod pod = Pods.create(env)) {
            System.out.println("in-process " + pod.call("app.App/hi", "module path"));
        }
        try (Pod pod = Pods.create(env.withIsolation(Isolation.PROCESS))) {
            System.out.println("process " + pod.call("app.App/hi", "module path"));
        }
        try (PodPool pool = PodPool.builder(env).size(1).build(); PodLease lease = pool.borrow(Duration.ofMinutes(1))) {
            System.out.println("pool " + lease.pod().call("app.App/hi", "module path"));
        }
        for (String internal : new String[] {"dev.pods.runtime.bridge.ValueCodec", "dev.pods.runtime.loader.PodClassLoader",
                "dev.pods.internal.PoolSettings", "dev.pods.runtime.PodRuntime"}) {
            Class<?> c = Class.forName(internal);
            try {
                MethodHandles.publicLookup().accessClass(c);
                System.out.println("reachable " + internal);
            } catch (IllegalAccessException e) {
                System.out.println("fenced " + internal);
            }
        }
    }
}
