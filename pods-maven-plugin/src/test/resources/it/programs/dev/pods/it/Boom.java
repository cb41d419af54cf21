package dev.pods.it;

public class Boom {
    public static void main(String[] args) {
        throw new IllegalStateException("boom");
    }
}
