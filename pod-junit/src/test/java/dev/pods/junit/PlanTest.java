package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The variants a class's annotations make, and the misuse they refuse. */
class PlanTest {
    private static final Predicate<String> EVERYTHING = k -> true;
    private static final BiFunction<String, String, List<String>> RANGES = (key, range) -> Map.of(
            "com.acme:lib [1.0,)", List.of("1.0", "2.0", "2.0.1", "2.1", "2.2-rc1", "3.0"),
            "com.acme:lib [2.0,3.0)", List.of("2.0", "2.0.1", "2.1", "2.2-rc1"),
            "com.acme:lib [5,6)", List.<String>of()).get(key + " " + range);

    private static List<String> labels(Class<?> c) {
        return Plan.of(c, EVERYTHING, RANGES).stream()
                .map(v -> v.label() + (v.expectFailure() ? " (expect failure)" : "")).toList();
    }

    private static String misuse(Class<?> c) {
        return assertThrows(PodMatrixException.class, () -> Plan.of(c, EVERYTHING, RANGES)).getMessage();
    }

    @PodMatrix(artifact = "com.acme:lib", versions = {"[1.0,)"}, select = PodMatrix.Select.NEWEST_PER_MINOR,
            exclude = "3.*", expectFailure = "[1.0,2.0.1]")
    @PodMatrix(artifact = "org.other:other", versions = {"2", "1"})
    private static final class Product {
    }

    @Test
    void theProductRunsTheFirstMatrixSlowestWithExcludesAndExpectedFailuresApplied() {
        assertEquals(List.of("lib 1.0, other 2 (expect failure)", "lib 1.0, other 1 (expect failure)",
                "lib 2.0.1, other 2 (expect failure)", "lib 2.0.1, other 1 (expect failure)",
                "lib 2.1, other 2", "lib 2.1, other 1"), labels(Product.class));
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "[2.0,3.0)", preReleases = true, select = PodMatrix.Select.NEWEST)
    private static final class PreRelease {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "[2.0,3.0)", select = PodMatrix.Select.NEWEST)
    private static final class NoPreRelease {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "[1.0,)", select = PodMatrix.Select.NEWEST_PER_MAJOR)
    private static final class PerMajor {
    }

    @Test
    void rangesLeaveOutPreReleasesUnlessAsked() {
        assertEquals(List.of("lib 2.2-rc1"), labels(PreRelease.class));
        assertEquals(List.of("lib 2.1"), labels(NoPreRelease.class));
        assertEquals(List.of("lib 1.0", "lib 2.1", "lib 3.0"), labels(PerMajor.class));
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "1.0")
    @PodMatrix(artifact = "org.acme:lib", versions = "2.0")
    @PodTest(dependencies = "com.acme:helper:1.0", exclusions = {"org.yaml:snakeyaml", "junk-*.jar"})
    private static final class SameNames {
    }

    @Test
    void labelsUseTheGroupWhenArtifactNamesCollideAndNamePodTestChanges() {
        assertEquals(List.of("com.acme:lib 1.0, org.acme:lib 2.0, helper 1.0, without snakeyaml, without junk-*.jar"),
                labels(SameNames.class));
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "1.0")
    @PodMatrix(artifact = "com.acme:lib", versions = "2.0")
    private static final class Twice {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = "[5,6)")
    private static final class Empty {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = {"1.0", "2.0"}, exclude = {"1.0", "2.0"})
    private static final class AllExcluded {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = {"1.0"}, expectFailure = "1.1")
    private static final class ExpectTypo {
    }

    @PodMatrix(artifact = "com.acme:lib", versions = {"1.*"})
    private static final class GlobVersion {
    }

    @PodTest(dependencies = "com.acme:helper")
    private static final class NoVersion {
    }

    @PodTest
    private static final class NothingChanged {
    }

    @PodTest(dependencies = "org.junit.jupiter:junit-jupiter-api:5.13.4")
    private static final class Harness {
    }

    @Test
    void misuseIsRefusedWithWhatToDo() {
        assertTrue(misuse(Twice.class).endsWith("has two @PodMatrix for com.acme:lib; list all its versions in one"));
        assertTrue(misuse(Empty.class).startsWith("@PodMatrix(artifact = \"com.acme:lib\"): the range [5,6) holds no"
                + " release version"));
        assertTrue(misuse(AllExcluded.class).endsWith("every version [1.0, 2.0] is excluded; nothing would run"));
        assertTrue(misuse(ExpectTypo.class).contains("expectFailure has '1.1', which none of the versions [1.0] is"));
        assertTrue(misuse(GlobVersion.class).contains("versions has '1.*'; give a version such as 3.17.0"));
        assertTrue(misuse(NoVersion.class).startsWith("@PodTest(dependencies) has 'com.acme:helper'; give"
                + " group:artifact:version"));
        assertTrue(misuse(NothingChanged.class).endsWith("names no dependencies and no exclusions; say what the pod changes"));
        assertTrue(misuse(Harness.class).contains("the JUnit Platform and Pods run the class in the pod"));
        PodMatrixException absent = assertThrows(PodMatrixException.class,
                () -> Plan.of(Product.class, k -> !k.equals("org.other:other"), RANGES));
        assertTrue(absent.getMessage().startsWith("@PodMatrix(artifact = \"org.other:other\"): org.other:other is not"
                + " on the test classpath."), absent.getMessage());
    }
}
