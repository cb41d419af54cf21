package dev.pods.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class once, inside a pod whose classpath is the test's own with some
 * dependencies overridden or added and some entries removed: the single-override form of
 * {@link PodMatrix} (what Spring Boot's internal {@code @ClassPathOverrides} and
 * {@code @ClassPathExclusions} do, resolved through the user's Maven settings).
 *
 * <pre>{@code
 * @PodTest(dependencies = "com.fasterxml.jackson.core:jackson-databind:2.12.7",
 *          exclusions = "org.yaml:snakeyaml")
 * class LegacyJacksonTest { ... }
 * }</pre>
 *
 * <p>Combined with {@link PodMatrix}, the overrides apply to every version of the matrix.
 */
@API(status = EXPERIMENTAL, since = "1.0")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ClassTemplate
@ExtendWith(PodMatrixExtension.class)
public @interface PodTest {
    /**
     * Coordinates {@code group:artifact:version} (a Maven range is allowed and resolves to its
     * newest version). Each replaces the test classpath's copy of that artifact, with its
     * transitive dependencies; an artifact the test classpath lacks is added.
     */
    String[] dependencies() default {};

    /**
     * Classpath entries to remove: {@code group:artifact} (also kept out of the resolved
     * dependencies) or a glob over file names such as {@code "snakeyaml-*.jar"}.
     */
    String[] exclusions() default {};

    /**
     * Managed versions, {@code group:artifact:version}, as a POM's {@code dependencyManagement}:
     * they pin the versions of {@link #dependencies()} and of their transitive dependencies
     * (see {@link dev.pods.PodEnv#withManagedVersions}). A dependency they manage may be given
     * as {@code group:artifact}, without a version.
     */
    String[] managedVersions() default {};

    /**
     * BOMs, {@code group:artifact:version} of a {@code pom}, whose dependency management applies
     * as if the test suite's POM imported them (see {@link dev.pods.PodEnv#withBoms}); earlier
     * ones win, and {@link #managedVersions()} win over all. A dependency a BOM manages may be
     * given without a version:
     *
     * <pre>{@code
     * @PodTest(boms = "com.fasterxml.jackson:jackson-bom:2.12.7",
     *          dependencies = "com.fasterxml.jackson.core:jackson-databind")
     * }</pre>
     */
    String[] boms() default {};
}
