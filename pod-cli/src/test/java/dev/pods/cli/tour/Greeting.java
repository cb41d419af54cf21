package dev.pods.cli.tour;

/** A host interface that pod code implements, for the README's proxy example. */
public interface Greeting {
    String greet(String who);
}
