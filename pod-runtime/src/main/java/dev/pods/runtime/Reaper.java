package dev.pods.runtime;

import dev.pods.runtime.loader.JdkInternals;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.loader.PodClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 2 to 5 of closing a pod, after its calls in flight are over: stop what the pod owns,
 * gracefully first; leave everything else running. Tomcat's {@code WebappClassLoaderBase} is
 * the model (executors and timers found behind threads and shut down, threads not stopped by
 * default), with one rule Tomcat does not have: a thread is the pod's only when its code is,
 * never merely because its context class loader is the pod's.
 *
 * <p>What is the pod's:
 * <ul>
 *   <li>executors and timers reachable from the pod's static fields ({@link PodStatics}), or whose
 *       class or thread factory is the pod's: shut down ({@code shutdownNow}) or cancelled, so that
 *       no replacement worker can appear;</li>
 *   <li>threads the runtime made for the pod, threads whose class or started task is the pod's,
 *       threads the pod's statics hold: interrupted and joined (bounded), and only then, as a last
 *       resort and only below JDK 20, stopped.</li>
 * </ul>
 * Everything else (the common pool's workers, a host library's thread that merely inherited the
 * pod's context loader) keeps running: its context loader is reset to the host's. A thread that
 * ended or was stopped gets a null context loader, so that nothing in the JDK (the Common-Cleaner
 * keeps a Timer's dead thread, for one) can pin the pod's loader through it.
 *
 * <p>Not thread-safe: one reaper per close.
 */
final class Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    static final boolean CAN_STOP = Runtime.version().feature() < 20;

    private final String pod;
    private final PodClassLoader loader;
    private final ClassLoader host;
    private final Set<Thread> exempt;
    private final Duration joinBound;
    /** What close could not undo, for the leak report. */
    private final List<String> notes = new ArrayList<>();

    /**
     * @param exempt    threads never touched (the closing thread, callers still inside a call)
     * @param joinBound how long the pod's threads get to end after interrupt or shutdown
     */
    Reaper(String pod, PodClassLoader loader, ClassLoader host, Set<Thread> exempt, Duration joinBound) {
        this.pod = pod;
        this.loader = loader;
        this.host = host;
        this.exempt = exempt;
        this.joinBound = joinBound;
    }

    List<String> notes() {
        return notes;
    }

    /** Runs the steps; {@code made} are the threads the runtime made for the pod. */
    void reap(Set<Thread> made) {
        PodStatics statics = PodStatics.scan(loader);
        Set<ExecutorService> executors = new LinkedHashSet<>(statics.executors());
        Set<Timer> timers = new LinkedHashSet<>(statics.timers());
        Set<Thread> mine = new LinkedHashSet<>(made);
        for (Thread t : statics.threads()) {
            if (t.getState() == Thread.State.NEW) {
                removeHook(t);
            } else {
                mine.add(t);
            }
        }
        Thread[] live = LeakWatcher.liveThreads();
        List<Thread> workers = new ArrayList<>();
        List<Thread> foreign = new ArrayList<>();
        for (Thread t : live) {
            if (exempt.contains(t) || mine.contains(t)) {
                continue;
            }
            ExecutorService owner = null;
            if (t instanceof ForkJoinWorkerThread) {
                ForkJoinPool p = ((ForkJoinWorkerThread) t).getPool();
                if (p != ForkJoinPool.commonPool() && (executors.contains(p) || isPods(p.getFactory()))) {
                    owner = p;
                }
            } else {
                ThreadPoolExecutor e = JdkInternals.executorOf(t);
                if (e != null && (executors.contains(e) || isPods(e) || isPods(e.getThreadFactory())
                        || isPods(e.getRejectedExecutionHandler()))) {
                    owner = e;
                } else if (e == null && ownsCode(t)) {
                    mine.add(t);
                    continue;
                }
            }
            if (owner != null) {
                executors.add(owner);
                workers.add(t);
            } else if (t.getContextClassLoader() == loader) {
                foreign.add(t);
            }
        }
        // Step 2: what the pod owns, gracefully.
        for (ExecutorService e : executors) {
            try {
                e.shutdownNow();
            } catch (RuntimeException ex) {
                notes.add("an executor (" + e.getClass().getName() + ") refused shutdownNow: " + ex);
            }
        }
        List<Thread> timerThreads = new ArrayList<>();
        for (Timer t : timers) {
            t.cancel();
            Thread th = JdkInternals.threadOf(t);
            if (th != null) {
                timerThreads.add(th); // ends on its own once cancelled: joined below, never interrupted
            }
        }
        for (Thread t : mine) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        long deadline = System.nanoTime() + joinBound.toNanos();
        for (ExecutorService e : executors) {
            awaitTermination(e, deadline);
        }
        for (Thread t : mine) {
            join(t, deadline);
        }
        for (Thread t : timerThreads) {
            join(t, deadline);
        }
        if (!foreign.isEmpty() && !JdkInternals.canReadJdk()) {
            notes.add("threads that carried the pod's loader were left running because close could not tell whether"
                    + " they work for the pod (" + foreign.stream().map(Thread::getName).limit(8).toList() + "): "
                    + JdkInternals.whyNot());
        }
        // Step 3: not the pod's, so never interrupted or stopped; only the context loader reset.
        for (Thread t : foreign) {
            if (t.isAlive() && t.getContextClassLoader() == loader) {
                t.setContextClassLoader(host);
                LOG.debug("pod '{}': reset the context class loader of thread '{}' (not the pod's)", pod, t.getName());
            }
        }
        // Step 4: the last resort, for the pod's own threads only.
        for (ExecutorService e : executors) {
            if (!e.isTerminated()) {
                notes.add("executor " + e.getClass().getName() + " still has a task running after shutdownNow"
                        + " (a task that ignores interrupts)");
            }
        }
        mine.addAll(workers);
        for (Thread t : mine) {
            if (t.isAlive() && !exempt.contains(t)) {
                lastResort(t);
            }
            if (!t.isAlive() && t.getContextClassLoader() == loader) {
                t.setContextClassLoader(null);
            }
        }
        // A dead thread the pod made may still be referenced by the JDK (a Timer's by the Cleaner).
        for (Thread t : live) {
            if (!t.isAlive() && t.getContextClassLoader() == loader) {
                t.setContextClassLoader(null);
            }
        }
        // Step 5: JVM-wide registries, through public API.
        notes.addAll(HostRegistries.clean(pod, loader));
    }

    /** Whether the object's class is the pod's. */
    private boolean isPods(Object o) {
        return o != null && o.getClass().getClassLoader() == loader;
    }

    /**
     * Whether the thread runs the pod's code: its class, or the task it was started with, is the
     * pod's; or (when the task cannot be read) the first frame above the JDK's own is the pod's
     * and the thread carries the pod's loader. Executor and pool workers never match here: their
     * executor decides.
     */
    private boolean ownsCode(Thread t) {
        if (isPods(t)) {
            return true;
        }
        if (t instanceof ForkJoinWorkerThread || JdkInternals.isTimerThread(t)) {
            return false;
        }
        Runnable task = JdkInternals.taskOf(t);
        if (task != null) {
            return isPods(task);
        }
        if (t.getContextClassLoader() != loader) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = stack.length - 1; i >= 0; i--) {
            StackTraceElement f = stack[i];
            if (isJdkFrame(f)) {
                if (f.getClassName().startsWith("java.util.concurrent.ThreadPoolExecutor")) {
                    return false; // a worker whose executor we could not see
                }
                continue;
            }
            return loader.getName().equals(f.getClassLoaderName()) && loader.defines(f.getClassName());
        }
        return false;
    }

    private static boolean isJdkFrame(StackTraceElement f) {
        String m = f.getModuleName();
        return m != null && (m.startsWith("java.") || m.startsWith("jdk.")) && ModuleLayer.boot().findModule(m).isPresent();
    }

    private void removeHook(Thread t) {
        try {
            if (Runtime.getRuntime().removeShutdownHook(t)) {
                LOG.debug("pod '{}': removed its shutdown hook '{}'", pod, t.getName());
            }
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: hooks run now whatever we do
        }
    }

    private static void awaitTermination(ExecutorService e, long deadline) {
        long left = deadline - System.nanoTime();
        try {
            if (left > 0) {
                e.awaitTermination(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.isAlive()) {
            return;
        }
        try {
            t.join(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void lastResort(Thread t) {
        if (!CAN_STOP) {
            notes.add("thread '" + t.getName() + "' ignored interrupt at close and Java " + Runtime.version().feature()
                    + " has no Thread.stop: it keeps running (use a process pod for code that must be stoppable)");
            LOG.warn("pod '{}': thread '{}' ignored interrupt at close; Java {} cannot stop it", pod, t.getName(),
                    Runtime.version().feature());
            return;
        }
        LOG.warn("pod '{}': thread '{}' ignored interrupt at close; stopping it", pod, t.getName());
        // Whatever the stop breaks in that thread (a lock's state) is logged, never printed on the host's stderr.
        t.setUncaughtExceptionHandler((th, ex) -> LOG.debug("pod '{}': stopped thread '{}' ended with {}", pod,
                th.getName(), ex.toString()));
        if (stop(t)) {
            try {
                t.join(500);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (t.isAlive()) {
            notes.add("thread '" + t.getName() + "' survived interrupt and Thread.stop at close");
        }
    }

    /** Thread.stop where the JDK still has it (below 20), called reflectively so the code compiles anywhere. */
    static boolean stop(Thread t) {
        if (!CAN_STOP) {
            return false;
        }
        try {
            Thread.class.getMethod("stop").invoke(t);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
