package dev.pods.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's rule for what a pod takes from the host: dev.pods itself, and shared packages with their subpackages. */
class SharedClassesTest {
    @Test
    void sharedPackagesCoverSubpackagesOnly() {
        SharedClasses shared = SharedClasses.of(List.of("com.acme.spi"));
        assertTrue(shared.test("com.acme.spi.Greeter"));
        assertTrue(shared.test("com.acme.spi.sub.Thing"));
        assertFalse(shared.test("com.acme.spix.Greeter"), "a package is not a prefix of names");
        assertFalse(shared.test("com.acme.Other"));
        assertFalse(shared.test("com.acme.spi"), "the package's name is no class of it");
    }

    @Test
    void theApiPackageIsSharedButNotItsSubpackages() {
        SharedClasses none = SharedClasses.of(List.of());
        assertTrue(none.test("dev.pods.Pod"));
        assertTrue(none.test("dev.pods.PodEnv$Builder"));
        assertFalse(none.test("dev.pods.runtime.Pods"), "the runtime is host-only");
        assertFalse(none.test("dev.pods.internal.PoolSettings"), "pod-api's internals are host-only");
        assertFalse(none.test("dev.pods.spi.PodResolver"));
        assertFalse(none.test("dev.podsx.Pod"));
    }

    @Test
    void aSharedSubpackageOfTheApiIsShared() {
        assertTrue(SharedClasses.of(List.of("dev.pods.spi")).test("dev.pods.spi.PodResolver"));
    }
}
