package dev.pods.junit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pods.junit.PodMatrix;
import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's example, run by Surefire like any test class: once per version, each in a pod.
 * {@code toRootUpperCase} arrived in commons-lang3 3.9, so on 3.8.1 the test fails with a
 * {@code NoSuchMethodError}; listing 3.8.1 in {@code expectFailure} keeps the build green and
 * fails it loudly on the day 3.8.1 stops failing. Tagged like the other tests that resolve real
 * artifacts (they come from the local repository or Maven Central).
 */
@Tag("integration")
@Tag("central")
// README:podmatrix
@PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = {"3.8.1", "3.17.0"},
        expectFailure = "3.8.1")
class StringUtilsTest {
    @Test
    void upper() {
        assertEquals("PODS", StringUtils.toRootUpperCase("pods"));
    }
}
// README:end
