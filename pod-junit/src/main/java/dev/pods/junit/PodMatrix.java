package dev.pods.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class once per version of a dependency, each run inside its own pod
 * whose classpath is the test's own with {@link #artifact()} replaced by that version.
 *
 * <pre>{@code
 * @PodMatrix(artifact = "org.apache.commons:commons-lang3", versions = {"3.8.1", "3.17.0"})
 * class StringUtilsTest {
 *     @Test
 *     void upper() {
 *         assertEquals("PODS", StringUtils.toRootUpperCase("pods"));
 *     }
 * }
 * }</pre>
 *
 * <p>Each version is a node of its own, {@code StringUtilsTest [commons-lang3 3.8.1]}, holding the
 * class's tests as that version ran them. Several {@code @PodMatrix} on one class form the
 * cartesian product of their versions. Version strings follow Maven:
 * {@code "3.17.0"} is that version, {@code "[3.12,3.18)"} every published version in the range
 * (see {@link #select()}), {@code "*-android"} (in {@link #exclude()} and
 * {@link #expectFailure()} only) a glob over version strings.
 *
 * <p>The artifact must be on the test classpath (a test dependency: it is what the test class
 * compiles against); a misspelt artifact, a version that does not resolve or a range that holds
 * no version fails the class, never skips it. See the package documentation for how the run
 * works and what it needs.
 */
@API(status = EXPERIMENTAL, since = "1.0")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(PodMatrices.class)
@ClassTemplate
@ExtendWith(PodMatrixExtension.class)
public @interface PodMatrix {
    /** {@code group:artifact} of the dependency to vary, e.g. {@code org.apache.commons:commons-lang3}. */
    String artifact();

    /** Versions and Maven version ranges, e.g. {@code {"2.12.7", "[2.15,2.18)"}}. */
    String[] versions();

    /** Which versions of a range to run; exact versions are always run. */
    Select select() default Select.ALL;

    /** Whether ranges include pre-releases (alpha, beta, milestone, rc, cr, snapshot, preview, ea). */
    boolean preReleases() default false;

    /** Versions to leave out: exact versions, ranges or globs ({@code "*-android"}). */
    String[] exclude() default {};

    /**
     * Versions on which the class is expected to fail (exact, range or glob). There, a failing test
     * passes (its failure published as a report entry), and the version's node fails when no test
     * or container failed at all: an expected failure that went away is news.
     */
    String[] expectFailure() default {};

    /** Which versions of a range run. */
    @API(status = EXPERIMENTAL, since = "1.0")
    enum Select {
        /** Every version in the range. */
        ALL,
        /** The newest version of each {@code major.minor} line in the range. */
        NEWEST_PER_MINOR,
        /** The newest version of each major line in the range. */
        NEWEST_PER_MAJOR,
        /** Only the newest version in the range. */
        NEWEST
    }
}
