package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.testing.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which entries of a test classpath make the JUnit a class's pods share, and when they share one.
 * (That they do, and that a layer is closed and checked with its class: {@link PodMatrixTest}.)
 */
class JUnitLayerTest {
    @TempDir
    Path tmp;
    final ArtifactFiles files = new ArtifactFiles();

    private Path inRepo(String path) {
        return tmp.resolve("repo").resolve(path); // in a repository layout: decided by the path, never opened
    }

    @Test
    void theLayerHoldsTheEntriesOfJUnitsSharedPackagesFoundByGroupOrByTheirClassFiles() throws Exception {
        Path engine = inRepo("org/junit/jupiter/junit-jupiter-engine/5.14.1/junit-jupiter-engine-5.14.1.jar");
        Path platform = inRepo("org/junit/platform/junit-platform-launcher/1.14.1/junit-platform-launcher-1.14.1.jar");
        Path opentest4j = inRepo("org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar");
        Path reporting = inRepo("org/opentest4j/reporting/open-test-reporting-events/0.2.3/"
                + "open-test-reporting-events-0.2.3.jar");
        Path apiguardian = inRepo("org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar");
        Path lang = inRepo("org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar");
        Path vintage = inRepo("junit/junit/4.13.2/junit-4.13.2.jar");
        // Outside a layout: what the entry holds decides.
        Path eclipseBundle = Jars.writeJar(tmp.resolve("org.junit.jupiter.api_5.14.1.jar"),
                Map.of("org/junit/jupiter/api/Test.class", new byte[] {1}), Map.of());
        Path junit4Renamed = Jars.writeJar(tmp.resolve("old-junit.jar"),
                Map.of("org/junit/Test.class", new byte[] {1}), Map.of());
        Path testClasses = tmp.resolve("test-classes");
        Files.createDirectories(testClasses.resolve("com/acme"));
        Path platformClasses = tmp.resolve("platform-classes");
        Files.createDirectories(platformClasses.resolve("org/junit/platform/engine"));

        JUnitLayer.Contents c = JUnitLayer.Contents.of(List.of(testClasses, engine, lang, platform, opentest4j, reporting,
                apiguardian, vintage, eclipseBundle, junit4Renamed, platformClasses, tmp.resolve("missing.jar")), files);
        assertEquals(List.of(engine, platform, opentest4j, reporting, apiguardian, eclipseBundle, platformClasses),
                c.junit(), "JUnit 4 (package org.junit) is not shared: Jupiter does not need it");
        assertFalse(c.kotlin());
    }

    @Test
    void kotlinsStandardLibraryIsFoundByCoordinatesOrByItsMetadataClass() throws Exception {
        Path stdlib = inRepo("org/jetbrains/kotlin/kotlin-stdlib/2.0.21/kotlin-stdlib-2.0.21.jar");
        assertTrue(JUnitLayer.Contents.of(List.of(stdlib), files).kotlin());
        assertFalse(JUnitLayer.Contents.of(List.of(inRepo(
                "org/jetbrains/kotlin/kotlin-reflect/2.0.21/kotlin-reflect-2.0.21.jar")), files).kotlin());
        Path fat = Jars.writeJar(tmp.resolve("app-all.jar"), Map.of("kotlin/Metadata.class", new byte[] {1}), Map.of());
        assertTrue(JUnitLayer.Contents.of(List.of(fat), files).kotlin());
    }

    @Test
    void podsShareALayerUnlessTurnedOffOrKotlinIsThereOrPodsAreKeptWarmAcrossClasses() {
        JUnitLayer.Contents plain = new JUnitLayer.Contents(List.of(tmp.resolve("junit.jar")), false);
        JUnitLayer.Contents kotlin = new JUnitLayer.Contents(List.of(tmp.resolve("junit.jar")), true);
        JUnitLayer.Contents noJUnit = new JUnitLayer.Contents(List.of(), false);

        assertTrue(plain.wantsLayer(config(Map.of())));
        assertFalse(plain.wantsLayer(config(Map.of(Config.SHARED_JUNIT, "false"))));
        assertFalse(kotlin.wantsLayer(config(Map.of())));
        assertTrue(kotlin.wantsLayer(config(Map.of(Config.SHARED_JUNIT, "true"))), "asked for: the user's call");
        assertFalse(plain.wantsLayer(config(Map.of(Config.POOL_SIZE, "1"))), "warm pods outlive a class, a layer does not");
        assertTrue(plain.wantsLayer(config(Map.of(Config.POOL_SIZE, "1", Config.REUSE, "true"))), "one layer for the run");
        assertTrue(plain.wantsLayer(config(Map.of(Config.POOL_SIZE, "1", Config.SHARED_JUNIT, "true"))));
        assertFalse(noJUnit.wantsLayer(config(Map.of(Config.SHARED_JUNIT, "true"))), "nothing to share");
    }

    private static Config config(Map<String, String> params) {
        Map<String, String> p = new HashMap<>(params);
        return Config.read(k -> Optional.ofNullable(p.get(k)));
    }
}
