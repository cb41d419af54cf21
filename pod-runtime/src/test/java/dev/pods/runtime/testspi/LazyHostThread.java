package dev.pods.runtime.testspi;

import java.util.concurrent.CountDownLatch;

/**
 * A host library that starts its worker thread lazily, on first use: when that first use is a
 * pod's call, the thread inherits the pod's loader as its context loader, yet it is the host's.
 */
public final class LazyHostThread {
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static volatile Thread worker;
    private static volatile boolean interrupted;

    private LazyHostThread() {
    }

    /** Starts the worker once; returns its name. */
    public static synchronized String start() {
        if (worker == null) {
            Thread t = new Thread(() -> {
                try {
                    STOP.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }, "host-lazy-worker");
            t.setDaemon(true);
            t.start();
            worker = t;
        }
        return worker.getName();
    }

    public static Thread worker() {
        return worker;
    }

    /** Whether anyone interrupted the worker (close must not). */
    public static boolean wasInterrupted() {
        return interrupted;
    }

    public static void stop() {
        STOP.countDown();
    }
}
