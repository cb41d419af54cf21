package dev.pods.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the benchmark method, in the same class, that this one is compared with; the report
 * puts the ratio of the two scores, measured in the same run, next to the row.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Baseline {
    /** The baseline benchmark's method name. */
    String value();
}
