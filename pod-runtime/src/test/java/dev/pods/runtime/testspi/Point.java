package dev.pods.runtime.testspi;

/** A record in a shared package. */
public record Point(int x, int y) {
}
