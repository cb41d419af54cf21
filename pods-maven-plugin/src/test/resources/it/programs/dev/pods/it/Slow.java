package dev.pods.it;

public class Slow {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(120_000);
    }
}
