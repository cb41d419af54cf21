package dev.pods.it;

/** Counts its runs in a static: a warm pod shows the count going up. */
public class Hello {
    private static int runs;

    public static void main(String[] args) {
        runs++;
        System.out.println("hello #" + runs);
    }
}
