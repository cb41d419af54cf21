/**
 * Warm pools of pods and the reloaded workflow: the implementation behind
 * {@link dev.pods.PodPool#builder}, and {@link dev.pods.pool.Reloader}.
 */
module dev.pods.pool {
    requires transitive dev.pods;
    requires dev.pods.runtime;
    requires static org.apiguardian.api;
    requires org.slf4j;

    exports dev.pods.pool;

    provides dev.pods.internal.PodPoolFactory with dev.pods.pool.WarmPoolFactory;
}
