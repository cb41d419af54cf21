package dev.pods.maven;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The JVM's live threads, and those a pod started: to report what a program left running. */
final class Threads {
    private Threads() {
    }

    /** Every live thread, from the root thread group (cheap: no stack traces). */
    static Set<Thread> live() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        Thread[] all = new Thread[g.activeCount() + 16];
        int n;
        while ((n = g.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        return Set.of(Arrays.copyOf(all, n));
    }

    /**
     * Threads alive now that were not in {@code before} and belong to the pod of {@code loader}:
     * their class is the pod's or they carry its context loader (threads inherit it from the pod
     * code that made them). For reporting only: stopping is the runtime's close, which decides by
     * what the thread runs.
     */
    static List<Thread> startedBy(ClassLoader loader, Set<Thread> before) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : live()) {
            if (!before.contains(t) && t.isAlive()
                    && (t.getContextClassLoader() == loader || t.getClass().getClassLoader() == loader)) {
                out.add(t);
            }
        }
        return out;
    }
}
