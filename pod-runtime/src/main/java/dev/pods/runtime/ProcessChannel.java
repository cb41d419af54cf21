package dev.pods.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The host's end of a process pod's socket: sends requests and matches replies to them by id.
 * Several host threads share it: each request registers a {@link Pending} under a fresh id
 * before it is sent.
 *
 * <p>No reader thread: the waiting callers read, leader/follower style. One caller at a time
 * holds the read role and reads frames, completing the pending request each names (waking its
 * thread), until its own reply arrives; then it hands the role to another waiting caller, if
 * any. A lone caller thus reads its own reply: the reply does not pass from a reader thread to
 * it, which would cost a thread wake-up per call. Reads wait in a selector
 * ({@link Wire.Reader}), so an interrupted caller neither loses the socket nor stops reading.
 *
 * <p>When the socket breaks, the caller that was reading reports it once to
 * {@link Listener#broken}; the owner fails what is still pending with {@link #failAll}. Thread-safe.
 */
final class ProcessChannel {
    /** What the reading caller reports. */
    interface Listener {
        /** The socket closed or failed; called once, on the thread that was reading. */
        void broken(IOException cause);
    }

    /**
     * A request in flight: the thread waiting for it, and its outcome once known (a reply frame,
     * or a failure the host decided on: death, close, deadline). Completed once.
     */
    static final class Pending {
        private static final VarHandle OUTCOME;

        static {
            try {
                OUTCOME = MethodHandles.lookup().findVarHandle(Pending.class, "outcome", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final int id;
        final String what;
        final Thread waiter;
        /** Set when close cut the request short (its failure is then reported as such). */
        volatile boolean cut;
        private volatile Object outcome;

        Pending(int id, String what) {
            this.id = id;
            this.what = what;
            this.waiter = Thread.currentThread();
        }

        /** Sets the outcome unless one is set; true when this call set it. */
        boolean complete(Object o) {
            if (OUTCOME.compareAndSet(this, null, o)) {
                if (waiter != Thread.currentThread()) {
                    LockSupport.unpark(waiter); // a reader that reads its own reply needs no wake-up
                }
                return true;
            }
            return false;
        }

        boolean done() {
            return outcome != null;
        }

        Object outcome() {
            return outcome;
        }
    }

    private final Wire.Writer writer;
    private final Wire.Reader reader;
    private final Listener listener;
    private final SocketChannel socket;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    /** The last id given; {@link Wire#INIT_ID} is the init request's, made before the channel. */
    private final AtomicInteger ids = new AtomicInteger(Wire.INIT_ID);
    private final ReentrantLock readRole = new ReentrantLock();
    private final AtomicBoolean broken = new AtomicBoolean();

    ProcessChannel(SocketChannel socket, int maxFrame, Listener listener) throws IOException {
        this.socket = socket;
        socket.configureBlocking(false);
        this.writer = new Wire.Writer(socket);
        this.reader = new Wire.Reader(socket, maxFrame);
        this.listener = listener;
    }

    /** Registers a request under a fresh id; {@link #send} it next, {@link #forget} it when done. */
    Pending register(String what) {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == 0);
        Pending p = new Pending(id, what);
        pending.put(id, p);
        return p;
    }

    /**
     * Registers the init request, which the launcher sent down the child's standard input before
     * this channel existed (its reply comes here, as any other): {@link #await} it, do not send it.
     */
    Pending registerInit(String what) {
        Pending p = new Pending(Wire.INIT_ID, what);
        if (pending.putIfAbsent(Wire.INIT_ID, p) != null) {
            throw new IllegalStateException("the init request was registered twice");
        }
        return p;
    }

    void forget(Pending p) {
        pending.remove(p.id, p);
    }

    void send(Pending p, byte type, Wire.Out payload) throws IOException {
        writer.send(p.id, type, payload);
    }

    /** A one-way message (no reply expected), e.g. an interrupt for request {@code id}. */
    void post(int id, byte type, Wire.Out payload) throws IOException {
        writer.send(id, type, payload);
    }

    /**
     * Waits for {@code p}'s outcome until {@code deadline} ({@link System#nanoTime()}; 0: none),
     * reading frames while no other caller does; null when the deadline passed first.
     * {@code onInterrupt} is told (once per interrupt) when the waiting thread is interrupted; the
     * wait goes on, and the interrupt status is restored on return.
     */
    Object await(Pending p, long deadline, Runnable onInterrupt) {
        boolean interrupted = false;
        try {
            while (true) {
                Object o = p.outcome;
                if (o != null) {
                    return o;
                }
                if (deadline != 0 && deadline - System.nanoTime() <= 0) {
                    return null;
                }
                if (readRole.tryLock()) {
                    try {
                        interrupted |= readUntil(p, deadline, onInterrupt);
                    } finally {
                        readRole.unlock();
                        handOver();
                    }
                    continue;
                }
                if (deadline == 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, deadline - System.nanoTime());
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    onInterrupt.run();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads and dispatches frames until {@code p} is done or its deadline passed; true if interrupted. */
    private boolean readUntil(Pending p, long deadline, Runnable onInterrupt) {
        boolean interrupted = false;
        while (!p.done()) {
            if (broken.get()) {
                return interrupted; // failAll completes p
            }
            Wire.Frame f;
            try {
                f = reader.read(deadline);
            } catch (IOException e) {
                if (broken.compareAndSet(false, true)) {
                    listener.broken(e);
                }
                return interrupted;
            } catch (RuntimeException e) {
                if (broken.compareAndSet(false, true)) {
                    listener.broken(new IOException("the pod's channel broke: " + e, e));
                }
                return interrupted;
            }
            if (f == null) {
                if (Thread.interrupted()) {
                    interrupted = true;
                    onInterrupt.run();
                    continue;
                }
                return interrupted; // the deadline, or a wake-up: the caller looks again
            }
            Pending q = pending.get(f.id());
            if (q != null) {
                q.complete(f);
            }
            // else: the request was given up (deadline, close) and its reply is dropped
        }
        return interrupted;
    }

    /** After giving up the read role: wakes a caller still waiting, so that it reads. */
    private void handOver() {
        for (Pending q : pending.values()) {
            if (!q.done()) {
                LockSupport.unpark(q.waiter);
                return;
            }
        }
    }

    /** Requests in flight. */
    boolean idle() {
        return pending.isEmpty();
    }

    List<Pending> inFlight() {
        return new ArrayList<>(pending.values());
    }

    /** Completes every pending request with the failure {@code why} makes for it. */
    void failAll(Function<Pending, RuntimeException> why) {
        for (Pending p : pending.values()) {
            p.complete(why.apply(p));
        }
        reader.wakeup(); // a caller waiting in the selector for its reply sees that it has one
    }

    /** Marks the channel broken (no more reads) and closes the socket. */
    void close() {
        broken.set(true);
        reader.wakeup();
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
        writer.close();
        reader.close();
    }
}
