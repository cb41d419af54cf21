package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Isolation;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.runtime.loader.PodClassLoader;
import dev.pods.runtime.testspi.Greeter;
import dev.pods.runtime.testspi.Point;
import dev.pods.testing.Jars;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What pod code sees: its own classes, the JDK, pod-api and shared packages, never the host's
 * other classes. The same in a pod in this JVM and in a pod of its own (whose child JVM has the
 * runtime's classes on its class path: they must stay invisible there too).
 */
@ParameterizedClass
@EnumSource(Isolation.class)
class PodIsolationTest {
    @TempDir
    Path dir;
    @Parameter
    Isolation isolation;

    private PodEnv env(String name, Path... jars) {
        return PodFixtures.env(name, jars).withIsolation(isolation);
    }

    private boolean inProcess() {
        return isolation == Isolation.IN_PROCESS;
    }

    private static final String PROBE = "package com.acme; import java.util.*; public class Probe {"
            + " public static boolean sees(String cls) { try { Class.forName(cls); return true; }"
            + "   catch (ClassNotFoundException e) { return false; } }"
            + " public static List<String> services() { List<String> r = new ArrayList<>();"
            + "   for (dev.pods.runtime.testspi.Greeter g : ServiceLoader.load(dev.pods.runtime.testspi.Greeter.class)) r.add(g.version());"
            + "   return r; }"
            + " public static String resource(String name) throws Exception {"
            + "   try (java.io.InputStream in = Probe.class.getClassLoader().getResourceAsStream(name)) {"
            + "     return in == null ? null : new String(in.readAllBytes()).trim(); } }"
            + " public static int resourceCount(String name) throws Exception {"
            + "   return Collections.list(Thread.currentThread().getContextClassLoader().getResources(name)).size(); }"
            + " public static String loaderOf(String cls) throws Exception { ClassLoader l = Class.forName(cls).getClassLoader();"
            + "   return l == null ? \"boot\" : l.getName(); } }";

    private static final String POD_GREETER = "package com.acme; import dev.pods.runtime.testspi.*;"
            + " public class PodGreeter implements Greeter {"
            + " public String greet(String who) { return \"pod \" + who; }"
            + " public Point move(Point p, int dx) { return new Point(p.x() + dx, p.y()); }"
            + " public String version() { return \"pod\"; } }";

    private Path probeJar() {
        return PodFixtures.jar(dir, "probe.jar", Map.of("com.acme.Probe", PROBE, "com.acme.PodGreeter", POD_GREETER),
                Map.of("META-INF/services/dev.pods.runtime.testspi.Greeter", "com.acme.PodGreeter\n",
                        "config/app.properties", "origin=pod\n"));
    }

    @Test
    void twoVersionsOfOneClassInTwoPodsAtOnce() {
        Path v1 = PodFixtures.jar(dir, "hello-1.jar", PodFixtures.hello("1.0"));
        Path v2 = PodFixtures.jar(dir, "hello-2.jar", PodFixtures.hello("2.0"));
        try (Pod a = Pods.create(env("a", v1)); Pod b = Pods.create(env("b", v2))) {
            assertEquals("1.0", a.<String>call("com.acme.Hello/version"));
            assertEquals("2.0", b.<String>call("com.acme.Hello/version"));
            assertEquals("1.0:x", a.<String>call("com.acme.Hello/echo", "x"));
            assertEquals("2.0:x", b.<String>call("com.acme.Hello/echo", "x"));
            if (inProcess()) {
                assertTrue(a.classLoader() instanceof PodClassLoader);
            } else {
                PodException e = assertThrows(PodException.class, a::classLoader);
                assertTrue(e.getMessage().contains("JVM of its own"), e.getMessage());
            }
        }
    }

    @Test
    void hostClassesAreInvisibleAndJdkAndApiVisible() throws Exception {
        try (Pod pod = Pods.create(env("iso", probeJar()))) {
            assertEquals(false, pod.call("com.acme.Probe/sees", "org.slf4j.Logger"));
            assertEquals(false, pod.call("com.acme.Probe/sees", PodIsolationTest.class.getName()));
            assertEquals(false, pod.call("com.acme.Probe/sees", "com.esotericsoftware.kryo.kryo5.Kryo"));
            assertEquals(false, pod.call("com.acme.Probe/sees", "dev.pods.runtime.Pods"));
            assertEquals(true, pod.call("com.acme.Probe/sees", "java.sql.Connection"));
            assertEquals(true, pod.call("com.acme.Probe/sees", "javax.script.ScriptEngine"));
            assertEquals(true, pod.call("com.acme.Probe/sees", "dev.pods.Pod"));
            assertEquals(false, pod.call("com.acme.Probe/sees", "dev.pods.runtime.PodHostMain"));
            assertEquals("boot", pod.call("com.acme.Probe/loaderOf", "java.lang.String"));
            assertEquals("pod:iso", pod.call("com.acme.Probe/loaderOf", "com.acme.Probe"));
            assertEquals("app", pod.call("com.acme.Probe/loaderOf", "dev.pods.Pod"), "pod-api from the (child's) host");
            if (inProcess()) {
                assertThrows(ClassNotFoundException.class, () -> pod.classLoader().loadClass("org.slf4j.Logger"));
                assertSame(dev.pods.Pod.class, pod.classLoader().loadClass("dev.pods.Pod"));
            }
        }
    }

    @Test
    void sharedPackagesAreVisibleOnlyWhenShared() throws Exception {
        Path jar = probeJar();
        try (Pod shared = Pods.create(env("shared", jar).withSharedPackages("dev.pods.runtime.testspi"));
             Pod unshared = Pods.create(env("unshared", jar))) {
            if (inProcess()) {
                assertSame(Greeter.class, shared.classLoader().loadClass(Greeter.class.getName()));
                assertThrows(ClassNotFoundException.class,
                        () -> unshared.classLoader().loadClass(Greeter.class.getName()));
            }
            Greeter g = shared.proxy(Greeter.class, "com.acme.PodGreeter");
            assertEquals("pod you", g.greet("you"));
            assertEquals(new Point(3, 2), g.move(new Point(1, 2), 2));
            PodException e = assertThrows(PodException.class, () -> unshared.proxy(Greeter.class, "com.acme.PodGreeter"));
            assertTrue(e.getMessage().contains("withSharedPackages"), e.getMessage());
        }
    }

    @Test
    void proxyToAnInterfaceThePodLoadsItselfExplainsTheCastProblem() {
        // The pod has its own copy of Greeter (same name, not shared): without the check this would be
        // "Greeter cannot be cast to Greeter".
        Path copy = PodFixtures.copyOfHostClasses(dir, "spi-copy.jar", Greeter.class, Point.class);
        Path impl = PodFixtures.jar(dir, "impl.jar", Map.of("com.acme.PodGreeter", POD_GREETER));
        try (Pod pod = Pods.create(env("copy", impl, copy))) {
            PodException e = assertThrows(PodException.class, () -> pod.proxy(Greeter.class, "com.acme.PodGreeter"));
            assertTrue(e.getMessage().contains("cannot be cast") && e.getMessage().contains("dev.pods.runtime.testspi"),
                    e.getMessage());
        }
    }

    @Test
    void serviceLoaderSeesThePodsServicesOnly() {
        try (Pod pod = Pods.create(env("svc", probeJar()).withSharedPackages("dev.pods.runtime.testspi"))) {
            assertEquals(List.of("pod"), pod.call("com.acme.Probe/services"));
        }
        List<String> host = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(Greeter.class).forEach(g -> host.add(g.version()));
        assertEquals(List.of("host"), host);
    }

    @Test
    void resourcesComeFromThePodAlone() throws Exception {
        try (Pod pod = Pods.create(env("res", probeJar()))) {
            assertEquals("origin=pod", pod.call("com.acme.Probe/resource", "config/app.properties"));
            assertEquals(1, pod.<Integer>call("com.acme.Probe/resourceCount", "config/app.properties"));
            assertNull(pod.call("com.acme.Probe/resource", "host-only.txt"));
            assertEquals(0, pod.<Integer>call("com.acme.Probe/resourceCount", "META-INF/services/"
                    + "dev.pods.runtime.testspi.Greeter.missing"));
            // JDK resources stay visible, the host's do not
            assertEquals(1, pod.<Integer>call("com.acme.Probe/resourceCount", "java/lang/Object.class"));
            assertEquals(0, pod.<Integer>call("com.acme.Probe/resourceCount", "org/slf4j/Logger.class"));
            assertEquals(0, pod.<Integer>call("com.acme.Probe/resourceCount", "dev/pods/runtime/Pods.class"));
        }
        assertEquals("origin=host", new String(getClass().getClassLoader()
                .getResourceAsStream("config/app.properties").readAllBytes()).trim());
    }

    @Test
    void multiReleaseJarsAreHonoured() {
        Map<String, byte[]> base = Jars.compile(Map.of("com.acme.Mr",
                "package com.acme; public class Mr { public static String which() { return \"base\"; } }"));
        Map<String, byte[]> v17 = Jars.compile(Map.of("com.acme.Mr",
                "package com.acme; public class Mr { public static String which() { return \"17\"; } }"));
        Map<String, byte[]> entries = new java.util.HashMap<>(base);
        v17.forEach((k, v) -> entries.put("META-INF/versions/17/" + k, v));
        Path jar = Jars.writeJar(dir.resolve("mr.jar"), entries, Map.of(), Map.of("Multi-Release", "true"));
        try (Pod pod = Pods.create(env("mr", jar))) {
            assertEquals("17", pod.call("com.acme.Mr/which"));
        }
    }

    @Test
    void classDirectoriesWorkToo() {
        Path classes = Jars.writeDir(dir.resolve("classes"), Jars.compile(PodFixtures.hello("dir")));
        try (Pod pod = Pods.create(env("dir", classes))) {
            assertEquals("dir", pod.call("com.acme.Hello/version"));
        }
    }

    @Test
    void closedLoaderClosesItsJarsAndLoadsNothingNew() throws Exception {
        Map<String, String> classes = new java.util.HashMap<>(PodFixtures.jvmProbe());
        classes.put("com.acme.A", "package com.acme; public class A {}");
        classes.put("com.acme.B", "package com.acme; public class B {}");
        Path jar = PodFixtures.jar(dir, "h.jar", classes, Map.of("r.txt", "r"));
        Pod pod = Pods.create(env("closing", jar));
        if (!inProcess()) {
            // The loader and the jars it opened are in the child JVM: close ends that JVM, and the
            // pod loads nothing new.
            pod.require("com.acme.A");
            long pid = pod.call("com.acme.Jvm/pid");
            pod.close();
            assertTrue(PodFixtures.exited(pid, 10), "the closed pod's JVM (pid " + pid + ") is still running");
            assertThrows(dev.pods.PodClosedException.class, () -> pod.require("com.acme.B"));
            return;
        }
        ClassLoader l = pod.classLoader();
        assertNotSame(null, l.loadClass("com.acme.A"));
        java.net.URL r = l.getResource("r.txt");
        pod.close();
        assertThrows(ClassNotFoundException.class, () -> l.loadClass("com.acme.B"));
        assertNull(l.getResource("r.txt"));
        assertThrows(java.io.IOException.class, () -> r.openStream().close());
        assertEquals(Collections.emptyList(), Collections.list(l.getResources("r.txt")));
    }

    @Test
    void requireLoadsClassesAndExplainsMissingOnes() {
        Path jar = PodFixtures.jar(dir, "req.jar", Map.of("com.acme.Init",
                "package com.acme; public class Init { static { System.setProperty(\"pods.test.init\", \"yes\"); } }"));
        try (Pod pod = Pods.create(env("req", jar))) {
            assertEquals((Object) null, pod.call("java.lang.System/getProperty", "pods.test.init"));
            pod.require("com.acme.Init");
            assertEquals("yes", pod.call("java.lang.System/getProperty", "pods.test.init"));
            PodException e = assertThrows(PodException.class, () -> pod.require("com.acme.Missing"));
            assertTrue(e.getMessage().contains("com.acme.Missing") && e.getMessage().contains("req.jar"), e.getMessage());
        } finally {
            System.clearProperty("pods.test.init");
        }
    }
}
