/** Fabricated jars and Maven repositories for Pods' hermetic tests (and users' own). */
module dev.pods.testing {
    requires java.compiler;

    exports dev.pods.testing;
}
