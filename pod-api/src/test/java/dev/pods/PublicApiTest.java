package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * Pins pod-api's public surface, scanning the compiled classes (nested types included): a new
 * public type is a decision, not an accident. Every public type says how stable it is; those of
 * {@code dev.pods.internal} (wiring to pod-pool, exported to it alone) are internal.
 */
class PublicApiTest {

    @Test
    void publicTypesAreExactlyTheContract() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Pod.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (Modifier.isPublic(c.getModifiers())) {
                    found.add(c.getName());
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "dev.pods.CallTarget",
                "dev.pods.CapturedOutput",
                "dev.pods.Keyword",
                "dev.pods.Opaque",
                "dev.pods.OutputMode",
                "dev.pods.Pod",
                "dev.pods.PodBridgeException",
                "dev.pods.PodBridgeException$Side",
                "dev.pods.PodCallException",
                "dev.pods.PodClosedException",
                "dev.pods.PodDependency",
                "dev.pods.PodEnv",
                "dev.pods.PodEvalException",
                "dev.pods.PodEvalException$Diagnostic",
                "dev.pods.PodException",
                "dev.pods.Isolation",
                "dev.pods.PodJvm",
                "dev.pods.PodProcessException",
                "dev.pods.PodLeak",
                "dev.pods.PodLease",
                "dev.pods.PodPool",
                "dev.pods.PodPool$Builder",
                "dev.pods.PodPoolStats",
                "dev.pods.PodRepository",
                "dev.pods.PodResolutionException",
                "dev.pods.PodResolutionException$Failure",
                "dev.pods.PodResolutionException$Reason",
                "dev.pods.PodTargetException",
                "dev.pods.PodTimeoutException",
                "dev.pods.Ratio",
                "dev.pods.Symbol",
                "dev.pods.WithMeta",
                "dev.pods.internal.PodPoolFactory",
                "dev.pods.internal.PoolSettings",
                "dev.pods.spi.PodResolver")), found);
    }

    @Test
    void everyPublicTypeSaysHowStableItIs() throws Exception {
        Path classes = Path.of(Pod.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int seen = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (name.endsWith("package-info") || !Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                API api = c.getAnnotation(API.class);
                assertNotNull(api, c + " has no @API");
                assertEquals("1.0", api.since(), name);
                assertEquals(c.getPackageName().equals("dev.pods.internal"), api.status() == API.Status.INTERNAL,
                        c + " is " + api.status() + " in package " + c.getPackageName());
                seen++;
            }
        }
        assertTrue(seen > 30, "scanned " + seen + " public types");
    }
}
