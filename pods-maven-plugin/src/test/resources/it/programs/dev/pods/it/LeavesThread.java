package dev.pods.it;

/** Returns from main leaving a non-daemon thread that would keep a plain JVM (and exec:java) alive. */
public class LeavesThread {
    public static void main(String[] args) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(60_000);
                }
            } catch (InterruptedException e) {
                System.out.println("it-worker interrupted, ending");
            }
        }, "it-worker");
        t.start();
        System.out.println("main returns, leaving it-worker");
    }
}
