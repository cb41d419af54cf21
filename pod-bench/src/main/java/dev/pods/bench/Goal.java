package dev.pods.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The target a benchmark is held to (from DESIGN.md and the issues), shown in the report. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Goal {
    /** e.g. {@code "<= 2 us; <= 20x direct"}. */
    String value();
}
