package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.testing.Jars;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands resolve once: the pod is made over the jars the progress-showing resolution found. */
class PodMakerTest {
    @Test
    void thePodIsMadeOverTheJarsAlreadyResolvedWithoutResolvingAgain(@TempDir Path tmp) {
        Path jar = Jars.writeJar(tmp.resolve("calc.jar"), Jars.compile(Map.of("com.acme.Calc",
                "package com.acme; public class Calc { public static int add(int a, int b) { return a + b; } }")),
                Map.of());
        // Nothing could resolve this env: no repository, offline, an empty local repository.
        PodEnv env = PodEnv.empty().withName("once").withDefaultRepositories(false).withOffline(true)
                .withLocalRepository(tmp.resolve("empty-local")).withDependencies("com.acme:calc:1.0");
        try (Pod pod = PodMaker.create(env, List.of(jar))) {
            assertEquals(5, (int) pod.<Integer>call("com.acme.Calc/add", 2, 3));
            assertEquals(List.of(jar), pod.classpath());
        }
    }
}
