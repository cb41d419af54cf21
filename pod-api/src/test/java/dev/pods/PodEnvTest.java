package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodEnvTest {

    @Test
    void withReturnsNewValueAndLeavesTheOriginalAlone() {
        PodEnv base = PodEnv.empty();
        PodEnv guava = base.withDependencies("com.google.guava:guava:33.3.1-jre");
        assertTrue(base.dependencies().isEmpty());
        assertEquals(List.of(PodDependency.of("com.google.guava:guava:33.3.1-jre")), guava.dependencies());
    }

    @Test
    void equalEnvsAreEqualAndKeyMaps() {
        PodEnv a = PodEnv.empty().withDependencies("g:a:1").withSharedPackages("com.acme.spi").withName("x");
        PodEnv b = PodEnv.empty().withName("x").withDependencies("g:a:1").withSharedPackages("com.acme.spi");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.withOffline(true));
        assertNotEquals(a, a.withDefaultRepositories(false));
    }

    @Test
    void unchangedSettingReturnsTheSameInstance() {
        PodEnv a = PodEnv.empty().withName("same");
        assertSame(a, a.withName("same"));
        assertSame(a, a.withSharedPackages());
    }

    @Test
    void dependencyListsAreCopiesNotLiveViews() {
        List<String> exclusions = new ArrayList<>(List.of("g:x"));
        PodDependency dep = new PodDependency("g:a:1", exclusions);
        exclusions.add("g:y");
        assertEquals(List.of("g:x"), dep.exclusions());
        assertThrows(UnsupportedOperationException.class, () -> PodEnv.empty().dependencies().add(dep));
    }

    @Test
    void sinksCompareByIdentity() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PodEnv a = PodEnv.empty().withOutput(out, out);
        assertEquals(a, PodEnv.empty().withOutput(out, out));
        assertNotEquals(a, PodEnv.empty().withOutput(new ByteArrayOutputStream(), out));
        assertEquals(OutputMode.SINK, a.outputMode());
        assertEquals(OutputMode.INHERIT, a.withOutput(OutputMode.INHERIT).outputMode());
        assertFalse(a.withOutput(OutputMode.CAPTURE).stdoutSink().isPresent());
    }

    @Test
    void badInputIsRefusedWithTheValueInTheMessage() {
        IllegalArgumentException pkg = assertThrows(IllegalArgumentException.class,
                () -> PodEnv.empty().withSharedPackages("com.acme/spi"));
        assertTrue(pkg.getMessage().contains("com.acme/spi"), pkg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodEnv.empty().withName(" "));
        assertThrows(IllegalArgumentException.class, () -> PodEnv.empty().withOutput(OutputMode.SINK));
        IllegalArgumentException uri = assertThrows(IllegalArgumentException.class,
                () -> PodEnv.empty().withRepository("r", URI.create("no-scheme")));
        assertTrue(uri.getMessage().contains("no-scheme"), uri.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodEnv.empty().withMaxPayloadBytes(10));
    }

    @Test
    void repositoryWithTheSameIdReplacesTheOld() {
        PodEnv env = PodEnv.empty()
                .withRepository("r", URI.create("file:///a/"))
                .withRepository("s", URI.create("file:///b/"))
                .withRepository("r", URI.create("file:///c/"));
        assertEquals(List.of(new PodRepository("s", URI.create("file:///b/")),
                new PodRepository("r", URI.create("file:///c/"))), env.repositories());
    }

    @Test
    void classpathEntriesAreAbsolute() {
        PodEnv env = PodEnv.empty().withClasspath(Path.of("target/classes"));
        assertTrue(env.classpath().get(0).isAbsolute());
    }

    @Test
    void sharedPackagesAreKeptAsGiven() {
        PodEnv env = PodEnv.empty().withSharedPackages("com.acme.spi", "org.example");
        assertEquals(List.of("com.acme.spi", "org.example"), env.sharedPackages());
    }

    @Test
    void currentHonoursSettingsAndEmptyDoesNot() {
        assertTrue(PodEnv.current().userSettings());
        assertFalse(PodEnv.empty().userSettings());
        assertTrue(PodEnv.empty().withSettings(Path.of("s.xml")).userSettings());
    }

    @Test
    void isolationAndJvmSettingsArePartOfTheValue() {
        PodEnv base = PodEnv.empty().withName("x");
        assertEquals(Isolation.IN_PROCESS, base.isolation());
        assertEquals(PodJvm.defaults(), base.jvm());
        PodEnv process = base.withIsolation(Isolation.PROCESS);
        assertNotEquals(base, process);
        assertEquals(process, PodEnv.empty().withIsolation(Isolation.PROCESS).withName("x"));
        assertSame(process, process.withIsolation(Isolation.PROCESS));
        PodEnv small = process.withJvm(PodJvm.defaults().withMaxHeap("64m"));
        PodEnv small2 = process.withJvm(PodJvm.defaults().withMaxHeap("64m"));
        assertEquals(small, small2);
        assertEquals(small.hashCode(), small2.hashCode());
        assertNotEquals(small, process.withJvm(PodJvm.defaults().withMaxHeap("128m")));
        assertSame(process, process.withJvm(PodJvm.defaults()));
        assertTrue(small.toString().contains("PROCESS") && small.toString().contains("-Xmx64m"), small.toString());
        assertFalse(base.toString().contains("isolation"), base.toString());
    }

    @Test
    void managementIsPartOfTheValue() {
        PodEnv base = PodEnv.empty().withDependencies("com.acme:app:1.0");
        PodEnv pinned = base.withManagedVersions("com.acme:lib:2.0");
        PodEnv bom = base.withBoms("com.acme:bom:3");
        assertNotEquals(base, pinned);
        assertNotEquals(base, bom);
        assertNotEquals(pinned, bom);
        assertNotEquals(base.hashCode(), pinned.hashCode());
        assertEquals(pinned, base.withManagedVersions("com.acme:lib:2.0"));
        assertEquals(pinned.hashCode(), base.withManagedVersions("com.acme:lib:2.0").hashCode());
        assertEquals(List.of(), base.managedVersions());
        assertEquals(List.of("com.acme:bom:3"), bom.boms());
        assertSame(bom, bom.withBoms("com.acme:bom:3"), "importing the same BOM again changes nothing");
        assertTrue(pinned.toString().contains("managed=[com.acme:lib:2.0]"), pinned.toString());
        // Other settings keep the management.
        assertEquals(List.of("com.acme:lib:2.0"), pinned.withName("x").withOffline(true).managedVersions());
    }

    @Test
    void pinningAnArtifactAgainReplacesItsPinAndBomsKeepTheirOrder() {
        PodEnv env = PodEnv.empty().withManagedVersions("com.acme:lib:1.0", "com.acme:other:1.0")
                .withManagedVersions("com.acme:lib:2.0", "com.acme:lib:jar:tests:3.0");
        assertEquals(List.of("com.acme:other:1.0", "com.acme:lib:2.0", "com.acme:lib:jar:tests:3.0"),
                env.managedVersions());
        assertEquals(List.of("b:first:1", "a:second:1"), PodEnv.empty().withBoms("b:first:1", "a:second:1").boms());
        // the same artifact in another spelling (jar is the default extension) is the same pin
        assertEquals(List.of("com.acme:lib:jar:4.0"),
                PodEnv.empty().withManagedVersions("com.acme:lib:1.0").withManagedVersions("com.acme:lib:jar:4.0")
                        .managedVersions());
        assertThrows(NullPointerException.class, () -> PodEnv.empty().withBoms((String) null));
        assertThrows(NullPointerException.class, () -> PodEnv.empty().withManagedVersions((String) null));
    }
}
