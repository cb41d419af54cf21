/**
 * Run a test class once per version of a dependency, each in a pod: {@link dev.pods.junit.PodMatrix}
 * and {@link dev.pods.junit.PodTest}. The package is open to JUnit, which makes the extension
 * reflectively.
 */
module dev.pods.junit {
    requires transitive dev.pods;
    requires transitive org.junit.jupiter.api;
    requires dev.pods.runtime;
    requires dev.pods.pool;
    requires static org.apiguardian.api;
    requires org.junit.platform.launcher;
    requires org.apache.maven.resolver.util;
    requires org.slf4j;
    requires java.xml;

    exports dev.pods.junit;
    opens dev.pods.junit to org.junit.platform.commons;
}
