package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.MoreObjects;
import com.google.common.base.Strings;
import com.google.common.collect.Comparators;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Integration: real artifacts resolved as the user's Maven would (settings, local repository,
 * Maven Central), through the real JUnit Platform. Needs the network unless the versions are in
 * the local repository already.
 */
@Tag("integration")
@Tag("central")
@Timeout(300)
class CentralMatrixTest {

    /** The example (nested here so that Surefire does not run it on its own). */
    @PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = {"3.8.1", "3.17.0"})
    @DisplayName("StringUtilsTest") // a nested class is named Outer$Inner by default
    static class StringUtilsTest {
        @Test
        void upper() {
            assertEquals("PODS", StringUtils.toRootUpperCase("pods"));
        }
    }

    /**
     * Guava's API as it changed: {@code MoreObjects} arrived in 18, {@code Comparators} in 21 and
     * {@code Comparators.min} in 30; {@code Strings.repeat} is as old as Guava.
     */
    @PodMatrix(artifact = "com.google.guava:guava", versions = {"16.0.1", "25.1-jre", "33.3.1-jre"})
    @DisplayName("GuavaTest") // a nested class is named Outer$Inner by default
    static class GuavaTest {
        @Test
        void toStringHelper() {
            assertEquals("Pod{v=1}", MoreObjects.toStringHelper("Pod").add("v", 1).toString());
        }

        @Test
        void comparatorsMin() {
            assertEquals(1, Comparators.min(1, 2));
        }

        @Test
        void repeat() {
            assertEquals("ababab", Strings.repeat("ab", 3));
        }
    }

    /** Every minor line of a range, as the repository's metadata lists it. */
    @PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = "[3.12,3.15)",
            select = PodMatrix.Select.NEWEST_PER_MINOR)
    @DisplayName("RangeTest") // a nested class is named Outer$Inner by default
    static class RangeTest {
        @Test
        void upper() {
            assertEquals("PODS", StringUtils.toRootUpperCase("pods"));
        }
    }

    private static EngineExecutionResults run(Class<?> c) {
        return EngineTestKit.engine("junit-jupiter").selectors(DiscoverySelectors.selectClass(c)).execute();
    }

    @Test
    void stringUtilsFailsOnTheVersionThatLacksTheMethodAndPassesOnTheOne() {
        EngineExecutionResults r = run(StringUtilsTest.class);
        Map<String, String> expected = new TreeMap<>();
        expected.put("StringUtilsTest", "SUCCESSFUL");
        expected.put("StringUtilsTest / StringUtilsTest [commons-lang3 3.8.1]", "SUCCESSFUL");
        expected.put("StringUtilsTest / StringUtilsTest [commons-lang3 3.8.1] / upper()", "FAILED java.lang.NoSuchMethodError");
        expected.put("StringUtilsTest / StringUtilsTest [commons-lang3 3.17.0]", "SUCCESSFUL");
        expected.put("StringUtilsTest / StringUtilsTest [commons-lang3 3.17.0] / upper()", "SUCCESSFUL");
        assertEquals(expected, Outcomes.of(r));
        NoSuchMethodError e = assertInstanceOf(NoSuchMethodError.class,
                Outcomes.throwable(r, "StringUtilsTest / StringUtilsTest [commons-lang3 3.8.1] / upper()"));
        assertTrue(e.getMessage().contains("org.apache.commons.lang3.StringUtils.toRootUpperCase"), e.getMessage());
        assertEquals(List.of(), Outcomes.entries(r, "pods.leak"));
    }

    @Test
    void guavaAcrossThreeVersionsFailsExactlyWhereItsApiDidNotExistYet() {
        EngineExecutionResults r = run(GuavaTest.class);
        Map<String, String> expected = new TreeMap<>();
        expected.put("GuavaTest", "SUCCESSFUL");
        String noClass = "FAILED java.lang.NoClassDefFoundError";
        Map<String, List<String>> byVersion = Map.of(
                "16.0.1", List.of(noClass, noClass, "SUCCESSFUL"),
                "25.1-jre", List.of("SUCCESSFUL", "FAILED java.lang.NoSuchMethodError", "SUCCESSFUL"),
                "33.3.1-jre", List.of("SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL"));
        byVersion.forEach((v, outcomes) -> {
            String inv = "GuavaTest / GuavaTest [guava " + v + "]";
            expected.put(inv, "SUCCESSFUL");
            expected.put(inv + " / toStringHelper()", outcomes.get(0));
            expected.put(inv + " / comparatorsMin()", outcomes.get(1));
            expected.put(inv + " / repeat()", outcomes.get(2));
        });
        assertEquals(expected, Outcomes.of(r));
    }

    @Test
    void aRangeRunsTheNewestOfEachMinorLineThatMavenCentralLists() {
        EngineExecutionResults r = run(RangeTest.class);
        assertEquals(List.of("RangeTest [commons-lang3 3.12.0]", "RangeTest [commons-lang3 3.13.0]",
                        "RangeTest [commons-lang3 3.14.0]"),
                Outcomes.of(r).keySet().stream().filter(k -> k.split(" / ").length == 2)
                        .map(k -> k.split(" / ")[1]).sorted().toList());
        assertTrue(Outcomes.of(r).values().stream().allMatch("SUCCESSFUL"::equals), () -> Outcomes.of(r).toString());
    }
}
