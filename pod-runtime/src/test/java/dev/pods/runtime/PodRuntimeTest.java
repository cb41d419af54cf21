package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodResolutionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime of one's own: its resolver is the one asked, its settings are checked once each. */
class PodRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void aPluggedInResolverIsAskedForTheEnvsDependencies() {
        Path jar = PodFixtures.jar(dir, "hello.jar", PodFixtures.hello("plugged"));
        List<PodEnv> asked = new CopyOnWriteArrayList<>();
        PodRuntime runtime = PodRuntime.builder().resolver(env -> {
            asked.add(env);
            return List.of(jar);
        }).build();
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("plugged")
                .withDependencies("com.acme:hello:1.0");
        try (Pod pod = runtime.create(env)) {
            assertEquals("plugged", pod.call("com.acme.Hello/version"));
            assertEquals(List.of(jar), pod.classpath());
        }
        assertEquals(List.of(env), asked);
    }

    @Test
    void aResolversFailureReachesTheCallerAsItIs() {
        PodResolutionException failure = new PodResolutionException("com.acme:gone:1.0 is nowhere", List.of(), List.of(),
                null);
        PodRuntime runtime = PodRuntime.builder().resolver(env -> {
            throw failure;
        }).build();
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withDependencies("com.acme:gone:1.0");
        assertEquals(failure, assertThrows(PodResolutionException.class, () -> runtime.create(env)));
    }

    @Test
    void sharedPackagesComeFromTheGivenHostLoader() throws Exception {
        // A layer: a pod's loader holding com.acme.Hello; pods of the runtime share that package from it.
        Path jar = PodFixtures.jar(dir, "layer.jar", PodFixtures.hello("layer"));
        Path user = dev.pods.testing.Jars.writeJar(dir.resolve("user.jar"), dev.pods.testing.Jars.compile(
                java.util.Map.of("com.user.Use", "package com.user;"
                + " public class Use { public static String v() { return com.acme.Hello.version() + \"@\""
                + " + com.acme.Hello.class.getClassLoader().getName(); } }"), List.of(jar)), java.util.Map.of());
        try (Pod layer = Pods.create(PodFixtures.env("layer", jar))) {
            PodRuntime runtime = PodRuntime.builder().hostLoader(layer.classLoader()).build();
            try (Pod a = runtime.create(PodFixtures.env("a", user).withSharedPackages("com.acme"));
                 Pod b = runtime.create(PodFixtures.env("b", user).withSharedPackages("com.acme"))) {
                assertEquals("layer@pod:layer", a.call("com.user.Use/v"));
                assertEquals("layer@pod:layer", b.call("com.user.Use/v"));
            }
        }
        IllegalArgumentException blind = assertThrows(IllegalArgumentException.class,
                () -> PodRuntime.builder().hostLoader(new java.net.URLClassLoader(new java.net.URL[0], null)));
        assertTrue(blind.getMessage().contains("does not see dev.pods.Pod"), blind.getMessage());
    }

    @Test
    void settingsAreCheckedAndSetOnce() {
        PodRuntime.Builder b = PodRuntime.builder().closeGrace(Duration.ofMillis(50));
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.closeGrace(Duration.ofSeconds(2)));
        assertTrue(twice.getMessage().contains("closeGrace was already set to PT0.05S"), twice.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> PodRuntime.builder().threadJoin(Duration.ZERO));
        assertTrue(zero.getMessage().contains("threadJoin must be positive"), zero.getMessage());
        assertEquals(Duration.ofMillis(50), b.build().closeGrace());
        assertEquals(Duration.ofSeconds(1), PodRuntime.defaults().closeGrace());
    }

    @Test
    void processSettingsAreCheckedAndSetOnce() {
        PodRuntime.Builder b = PodRuntime.builder().processStartTimeout(Duration.ofSeconds(5)).classDataSharing(false);
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> b.processStartTimeout(Duration.ofSeconds(9)));
        assertTrue(twice.getMessage().contains("processStartTimeout was already set to PT5S"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> b.classDataSharing(true));
        assertThrows(IllegalArgumentException.class, () -> PodRuntime.builder().processStartTimeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> PodRuntime.builder().classDataCache(null));
    }

    @Test
    void aProcessPodThatDoesNotConnectInTimeIsKilledWithATypedError() {
        Path jar = PodFixtures.jar(dir, "hello.jar", PodFixtures.hello("late"));
        PodRuntime runtime = PodRuntime.builder().processStartTimeout(Duration.ofMillis(1)).build();
        dev.pods.PodProcessException e = assertThrows(dev.pods.PodProcessException.class,
                () -> runtime.create(PodFixtures.env("late", jar).withIsolation(dev.pods.Isolation.PROCESS)));
        assertTrue(e.getMessage().contains("could not start") && e.getMessage().contains("within 1 ms and was killed"),
                e.getMessage());
        assertTrue(ProcessHandle.of(e.pid()).map(h -> !h.isAlive()).orElse(true), "the child is gone");
    }
}
