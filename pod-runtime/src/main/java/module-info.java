/**
 * The Pods runtime: {@link dev.pods.runtime.Pods} and {@link dev.pods.runtime.PodRuntime} make
 * pods, in this JVM or in a child JVM; {@code dev.pods.runtime.resolve} resolves their Maven
 * dependencies. The loader, the bridge and the evaluators are internal: the loader package is
 * exported only to pod-junit, which checks a test class's pods for leaks.
 */
module dev.pods.runtime {
    requires transitive dev.pods;
    requires static org.apiguardian.api;

    requires com.esotericsoftware.kryo.kryo5;
    requires org.slf4j;
    requires org.jgrapht.core;
    // The Maven Resolver stack, static: Maven 3.9's own jars cannot all sit on the module path
    // (maven-model and maven-model-builder both hold org.apache.maven.model.merge), so a modular
    // application puts that stack on the class path and lets the runtime read it with
    // --add-reads dev.pods.runtime=ALL-UNNAMED (see the README), or plugs in a PodResolver of
    // its own and needs none of it.
    requires static org.apache.maven.resolver;
    requires static org.apache.maven.resolver.util;
    requires static org.apache.maven.resolver.spi;
    requires static org.apache.maven.resolver.supplier;
    requires static maven.model;
    requires static maven.settings;
    requires static maven.settings.builder;
    requires static org.codehaus.plexus.util;

    // The areas of the JDK a pod's code may touch and close cleans up after (JUL, JMX, JDBC,
    // the Introspector, the security providers), the evaluators (JShell, JSR-223, javac) and
    // sun.misc.Unsafe for the thread fields close reads (see JdkInternals).
    requires java.logging;
    requires java.management;
    requires java.sql;
    requires java.desktop;
    requires java.scripting;
    requires java.compiler;
    requires jdk.jshell;
    requires jdk.unsupported;

    exports dev.pods.runtime;
    exports dev.pods.runtime.resolve;
    exports dev.pods.runtime.loader to dev.pods.junit;

    uses javax.script.ScriptEngineFactory;
}
