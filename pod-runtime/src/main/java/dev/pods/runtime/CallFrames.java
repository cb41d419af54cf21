package dev.pods.runtime;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which threads are inside an in-process pod's calls, and the protocol by which close waits for
 * them and cuts them short.
 *
 * <p>A thread keeps one {@link Frame} between calls, so that entering registers with one volatile
 * write instead of adding to and removing from a concurrent set. The race with close is settled
 * by ordering: a call writes its depth before it reads the pod's closed flag, and close sets the
 * flag before it reads the depths (all volatile), so either the call sees the pod closed or close
 * sees the call. Close waits on a monitor that a thread leaving its outermost call of a closed pod
 * notifies: no polling.
 */
final class CallFrames {
    private static final Logger LOG = LoggerFactory.getLogger(CallFrames.class);

    /**
     * One thread's work inside the pod: how many calls of the pod the thread is in (nested calls
     * count), and what each replaced (context loader, output route) so that it is restored on the
     * way out. Everything but {@code depth} and {@code cut} is touched by the owner thread only.
     */
    static final class Frame {
        final Thread thread;
        /** Calls of the pod this thread is in; written by the owner thread only, read by close. */
        volatile int depth;
        LocalPod.Live live;
        ClassLoader[] prevLoaders = new ClassLoader[4];
        OutputRouter.Route[] prevRoutes = new OutputRouter.Route[4];
        /**
         * Set by close (under this frame's monitor) once the grace period is over: the call is
         * being cut short. Read by the owner when a call ends, so that it reports
         * PodClosedException and leaves with its own interrupt status.
         */
        volatile boolean cut;
        /** Guarded by this: close interrupted the thread (it was not interrupted before). */
        boolean interruptedByClose;

        Frame(Thread thread) {
            this.thread = thread;
        }

        boolean inCall() {
            return depth > 0;
        }
    }

    private final String pod;
    private final Map<Thread, Frame> frames = new ConcurrentHashMap<>();
    /** Guarded by {@link #frames}: the frame count at which threads that ended are dropped. */
    private int pruneFramesAt = 64;
    /** Notified when a thread leaves its outermost call of a closed pod. */
    private final Object left = new Object();

    CallFrames(String pod) {
        this.pod = pod;
    }

    /** The current thread's frame, made on its first call (dropping the frames of threads that ended). */
    Frame frame(Thread t) {
        Frame f = frames.get(t);
        return f != null ? f : newFrame(t);
    }

    private Frame newFrame(Thread t) {
        synchronized (frames) {
            if (frames.size() >= pruneFramesAt) {
                frames.values().removeIf(f -> !f.thread.isAlive() && !f.inCall());
                pruneFramesAt = Math.max(64, frames.size() * 2);
            }
            Frame f = new Frame(t);
            frames.put(t, f);
            return f;
        }
    }

    /** Drops a frame that was made for a call the closed pod refused. */
    void forget(Frame f) {
        frames.remove(f.thread, f);
    }

    /**
     * Called by the owner after its depth went down to {@code d}, when the pod may be closing:
     * takes back an interrupt close sent, and wakes close.
     */
    void left(Frame f, int d, boolean closing) {
        if (d != 0) {
            return;
        }
        if (f.cut) {
            synchronized (f) {
                if (f.interruptedByClose) {
                    Thread.interrupted();
                    f.interruptedByClose = false;
                }
            }
        }
        if (closing) {
            synchronized (left) {
                left.notifyAll();
            }
        }
    }

    /**
     * Close's part, after the pod's closed flag was set: waits for calls in flight at most
     * {@code graceNanos}; cuts the rest short (interrupt, remembered so the caller gets its status
     * back); waits at most {@code cutNanos} more, asking {@code cancel} to stop what still runs
     * halfway. Returns the threads still inside a call.
     */
    Set<Thread> awaitAndCut(Thread self, long graceNanos, long cutNanos, java.util.function.Consumer<Thread> cancel)
            throws InterruptedException {
        if (await(self, graceNanos)) {
            return Set.of();
        }
        for (Frame f : frames.values()) {
            if (f.thread == self) {
                continue;
            }
            synchronized (f) {
                f.cut = true;
                if (f.inCall() && !f.thread.isInterrupted()) {
                    LOG.debug("pod '{}': interrupting {} still in a call at close", pod, f.thread.getName());
                    f.thread.interrupt();
                    f.interruptedByClose = true;
                }
            }
        }
        if (await(self, cutNanos / 2)) {
            return Set.of();
        }
        // An eval that ignores the interrupt (a loop) would keep its evaluator busy and make
        // closing it wait forever: the evaluators stop a thread only while it is inside evaluated code.
        for (Thread t : callers(self)) {
            cancel.accept(t);
        }
        await(self, cutNanos / 2);
        Set<Thread> still = callers(self);
        for (Thread t : still) {
            LOG.warn("pod '{}': {} is still running pod code after close's grace period and interrupt", pod,
                    t.getName());
        }
        return still;
    }

    /** Waits until no other thread is inside a call, at most {@code nanos}; true when none is. */
    private boolean await(Thread self, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (left) {
            while (!callers(self).isEmpty()) {
                long ms = (deadline - System.nanoTime()) / 1_000_000L;
                if (ms <= 0) {
                    return false;
                }
                left.wait(ms);
            }
            return true;
        }
    }

    /** Threads other than {@code self} inside a call now. */
    Set<Thread> callers(Thread self) {
        Set<Thread> out = new HashSet<>();
        for (Frame f : frames.values()) {
            if (f.inCall() && f.thread != self) {
                out.add(f.thread);
            }
        }
        return out;
    }

    void clear() {
        frames.clear();
    }
}
