/** Fabricated jars and Maven repositories for Pods' hermetic tests (and users' own). */
module dev.pods.testing {
    requires java.compiler;
    requires static org.apiguardian.api;

    exports dev.pods.testing;
}
