/**
 * The Pods API: {@link dev.pods.Pod}, {@link dev.pods.PodEnv}, {@link dev.pods.PodPool} and the
 * values and errors that cross a pod's boundary. JDK-only.
 *
 * <p>{@code dev.pods.internal} is exported to pod-pool alone: it is how {@link dev.pods.PodPool}
 * finds its implementation through {@link java.util.ServiceLoader}.
 */
module dev.pods {
    requires static org.apiguardian.api;

    exports dev.pods;
    exports dev.pods.spi;
    exports dev.pods.internal to dev.pods.pool;

    uses dev.pods.internal.PodPoolFactory;
}
