package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Maven's version semantics as the matrix uses them. */
class VersionsTest {
    private static final List<String> ALL = List.of("1.0", "1.9", "1.10", "2.0", "2.0.1", "2.1", "3.0");

    @Test
    void ordersAsMavenDoes() {
        assertEquals(List.of("1.0", "1.9", "1.10", "2.0-rc1", "2.0", "2.0.1"),
                Versions.sorted(List.of("2.0.1", "1.10", "2.0", "1.9", "2.0-rc1", "1.0", "2.0")));
    }

    @Test
    void selectsTheNewestOfEachLine() {
        assertEquals(ALL, Versions.select(ALL, PodMatrix.Select.ALL));
        assertEquals(List.of("1.0", "1.9", "1.10", "2.0.1", "2.1", "3.0"),
                Versions.select(ALL, PodMatrix.Select.NEWEST_PER_MINOR));
        assertEquals(List.of("1.10", "2.1", "3.0"), Versions.select(ALL, PodMatrix.Select.NEWEST_PER_MAJOR));
        assertEquals(List.of("3.0"), Versions.select(ALL, PodMatrix.Select.NEWEST));
        assertEquals(List.of("33.0.0-jre", "33.1.0-jre"), Versions.select(
                List.of("32.9-jre", "33.0.0-jre", "33.1.0-jre").subList(1, 3), PodMatrix.Select.NEWEST_PER_MINOR));
    }

    @Test
    void tellsPreReleasesByMavensQualifiers() {
        for (String v : List.of("2.2-rc1", "1.0-alpha-1", "1.0.M1", "2.0-SNAPSHOT", "1.0-beta", "3.0.0-RC2", "21-ea", "1.0-b2")) {
            assertTrue(Versions.isPreRelease(v), v);
        }
        for (String v : List.of("33.0.0-jre", "33.0.0-android", "2.0.1", "1.0-m", "1.0.Final", "2.12.7.1", "1.0-sp1")) {
            assertFalse(Versions.isPreRelease(v), v);
        }
    }

    @Test
    void matchesExactMavenEqualRangesAndGlobs() {
        assertTrue(Versions.matches("3.0", "3.0.0", "w"));
        assertFalse(Versions.matches("3.0", "3.0.1", "w"));
        assertTrue(Versions.matches("[2.0,3.0)", "2.5", "w"));
        assertFalse(Versions.matches("[2.0,3.0)", "3.0", "w"));
        assertTrue(Versions.matches("*-android", "33.0.0-android", "w"));
        assertFalse(Versions.matches("*-android", "33.0.0-jre", "w"));
        assertTrue(Versions.matches("2.0*", "2.0.1", "w"));
        PodMatrixException e = assertThrows(PodMatrixException.class, () -> Versions.matches("[2.0,", "2.1", "where"));
        assertTrue(e.getMessage().startsWith("where: '[2.0,' is not a valid Maven range"), e.getMessage());
    }
}
