package dev.pods.runtime.testspi;

/** A shared-package interface: host and pod code both see the host's copy. */
public interface Greeter {
    String greet(String who);

    Point move(Point p, int dx);

    String version();
}
