package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodJvm;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodProcessException;
import dev.pods.cli.tour.Greeting;
import dev.pods.runtime.Pods;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.testing.FakeRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's API tour. The blocks between {@code // README:name} and {@code // README:end}
 * are quoted verbatim in README.md ({@link ReadmeTest} checks that they match), so every
 * example there compiles and runs.
 */
@Timeout(120)
class ReadmeExamplesTest {
    @TempDir
    Path tmp;

    /** In real code {@code PodEnv.current()}; here a fabricated repository, so the test is hermetic. */
    PodEnv base;
    FakeRepo repo;

    @BeforeEach
    void repository() {
        repo = FakeRepo.at(tmp.resolve("remote"));
        repo.artifact("com.acme:greeter:1.0").source("com.acme.Greeter", "package com.acme;\n"
                + "public class Greeter {\n"
                + "  public static String greet(String who) { return \"hello \" + who + \" from 1.0\"; }\n"
                + "}\n").publish();
        repo.artifact("com.acme:greeter:2.0").source("com.acme.Greeter", "package com.acme;\n"
                + "public class Greeter {\n"
                + "  public static String greet(String who) { return \"hello \" + who + \" from 2.0\"; }\n"
                + "  public static String shout(String who) { return greet(who).toUpperCase(); }\n"
                + "  public static int parse(String s) { return Integer.parseInt(s); }\n"
                + "}\n").source("com.acme.Polite", "package com.acme;\n"
                + "public class Polite implements dev.pods.cli.tour.Greeting {\n"
                + "  public String greet(String who) { return \"good day, \" + who; }\n"
                + "}\n").publish();
        base = PodEnv.empty().withDefaultRepositories(false).withRepository("acme", repo.uri())
                .withLocalRepository(tmp.resolve("local"));
    }

    @Test
    void twoVersionsSideBySide() {
        // README:side-by-side
        PodEnv v1 = base.withDependencies("com.acme:greeter:1.0").withName("greeter-1");
        PodEnv v2 = base.withDependencies("com.acme:greeter:2.0").withName("greeter-2");
        try (Pod one = Pods.create(v1); Pod two = Pods.create(v2)) {
            assertEquals("hello pods from 1.0", one.call("com.acme.Greeter/greet", "pods"));
            assertEquals("hello pods from 2.0", two.call("com.acme.Greeter/greet", "pods"));
            assertEquals("HELLO PODS FROM 2.0", two.call("com.acme.Greeter/shout", "pods"));
            assertThrows(PodException.class, () -> one.call("com.acme.Greeter/shout", "pods")); // 1.0 has no shout
        }
        // README:end
    }

    @Test
    void evalJava() {
        try (Pod pod = Pods.create(base.withDependencies("com.acme:greeter:2.0"))) {
            // README:eval
            pod.eval("import com.acme.Greeter;");
            pod.eval("var names = java.util.List.of(\"ada\", \"grace\");");      // state persists across evals
            Object greetings = pod.eval("names.stream().map(Greeter::shout).toList()");
            assertEquals(List.of("HELLO ADA FROM 2.0", "HELLO GRACE FROM 2.0"), greetings); // a real List, copied
            // README:end
        }
    }

    @Test
    void errorsAsData() {
        try (Pod pod = Pods.create(base.withDependencies("com.acme:greeter:2.0"))) {
            // README:errors
            PodCallException e = assertThrows(PodCallException.class,
                    () -> pod.call("com.acme.Greeter/parse", "forty-two"));
            assertEquals("java.lang.NumberFormatException", e.remoteClassName()); // the pod's class, as a name
            assertTrue(e.getMessage().contains("forty-two"));
            // README:end
        }
    }

    @Test
    void proxyThroughASharedInterface() {
        // README:proxy
        PodEnv env = base.withDependencies("com.acme:greeter:2.0")
                .withSharedPackages("dev.pods.cli.tour");                  // Greeting lives here, seen by both sides
        try (Pod pod = Pods.create(env)) {
            Greeting g = pod.proxy(Greeting.class, "com.acme.Polite");
            assertEquals("good day, pods", g.greet("pods"));
        }
        // README:end
    }

    @Test
    void pools() {
        PodEnv env = base.withDependencies("com.acme:greeter:2.0");
        // README:pool
        try (PodPool pool = PodPool.builder(env).size(2)
                .init(p -> p.require("com.acme.Greeter"))                   // runs before a pod counts as warm
                .build()) {
            Pod warm = pool.current();                                         // the same pod until a refresh
            assertSame(warm, pool.current());
            Pod fresh = pool.refresh();                                        // swap at once; old one closes in the background
            assertNotSame(warm, fresh);
            try (PodLease lease = pool.borrow(Duration.ofSeconds(5))) {        // exclusive; replaced on release
                assertEquals("hello pods from 2.0", lease.pod().call("com.acme.Greeter/greet", "pods"));
            }
        }
        // README:end
    }

    @Test
    void processPods() {
        // README:process
        PodEnv env = base.withDependencies("com.acme:greeter:2.0")
                .withIsolation(Isolation.PROCESS)                              // a JVM of its own
                .withJvm(PodJvm.defaults().withMaxHeap("256m").withSystemProperty("app.mode", "batch"));
        try (Pod pod = Pods.create(env)) {
            assertEquals("hello pods from 2.0", pod.call("com.acme.Greeter/greet", "pods"));
            assertEquals("batch", pod.call("java.lang.System/getProperty", "app.mode"));
            PodProcessException e = assertThrows(PodProcessException.class,
                    () -> pod.call("java.lang.System/exit", 3));               // ends the pod's JVM, not yours
            assertEquals(3, e.exitCode());
            assertTrue(pod.isClosed());                                        // a pool would replace it
        }
        // README:end
    }

    @Test
    void managedVersionsBomsAndExclusions() {
        // app 1.0 asks for greeter 1.0 and noisy; a BOM manages greeter at 2.0
        repo.artifact("com.acme:noisy:1.0").source("com.acme.Noisy",
                "package com.acme; public class Noisy { public static String hello() { return \"!\"; } }").publish();
        repo.artifact("com.acme:app:1.0").dependency("com.acme:greeter:1.0").dependency("com.acme:noisy:1.0").publish();
        repo.artifact("com.acme:acme-bom:2").packaging("pom").managed("com.acme:greeter:2.0").publish();
        // README:management
        PodEnv env = base.withBoms("com.acme:acme-bom:2")                        // its <dependencyManagement>: greeter 2.0
                .withDependencies(PodDependency.of("com.acme:app:1.0", "com.acme:noisy")); // app asks for greeter 1.0
        try (Pod pod = Pods.create(env)) {
            assertEquals("hello pods from 2.0", pod.call("com.acme.Greeter/greet", "pods")); // the BOM's version
            assertThrows(PodException.class, () -> pod.call("com.acme.Noisy/hello"));      // excluded, subtree and all
        }
        PodEnv pinned = base.withManagedVersions("com.acme:greeter:1.0")
                .withDependencies("com.acme:greeter");                              // no version: the managed one
        try (Resolver resolver = Resolver.create()) {
            Resolution r = resolver.resolve(pinned);
            assertEquals("com.acme:greeter (no version) -> 1.0 (managed by the env's managed versions)",
                    r.managed().get(0).toString());                                // what `pods deps --conflicts` prints
        }
        // README:end
    }
}
