package dev.pods.runtime;

import dev.pods.PodBridgeException;
import dev.pods.PodException;
import dev.pods.runtime.bridge.ValueCodec;
import dev.pods.runtime.eval.BuiltinEvaluators;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.loader.PodClassLoader;
import dev.pods.runtime.loader.SharedClasses;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The pod side of a process pod, inside the child JVM: reads requests from the host, lets
 * {@link PodSide} do the work in the pod's loader, and writes the replies. The first request
 * ({@link Wire#INIT}) makes the pod: its {@link PodClassLoader} over the classpath the host
 * resolved, with the child's own class path (pod-api, the runtime, Kryo, SLF4J, the host's
 * shared packages) as the host loader, under the same parent-first rules as in-process.
 *
 * <p>Threads. One thread at a time holds the read role; when a request arrives it lets go of
 * the role and handles the request itself, so a lone caller's request is read and answered by
 * one thread without waking another (a wake-up per call cost some 8-10 us of a round trip,
 * measured). Someone else must read while a request runs long: another request may be behind it
 * (pod code may even wait for it), or an interrupt for it. So a watchdog looks every
 * millisecond, while requests are being handled, whether one has run that long with nobody
 * reading, and then wakes an idle thread (or starts one) to take the role; a request already
 * buffered behind the one read wakes a reader at once. Threads idle for a minute end; the
 * watchdog sleeps when no request came for a while. Calls from several host threads thus run
 * concurrently, each on a thread of its own.
 *
 * <p>A reply is written after the pod's {@code System.out} and {@code System.err} are flushed,
 * and begins with how many bytes each has written ({@link PodHostMain#flushAndCount}), so that
 * the host can deliver what a call printed before the call returns there. Interrupts are the
 * host's to give ({@link Wire#INTERRUPT}); an interrupt pod code leaves on a thread is cleared
 * before the thread replies or reads. When the socket closes (the host closed it or died) the
 * JVM halts at once: a process pod never outlives its host.
 */
final class PodHost {
    /** How long an idle thread waits to be needed before it ends. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How long a request may run with nobody reading before the watchdog wakes a reader. */
    private static final long RESCUE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long the watchdog keeps looking after the last request before it sleeps. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Wire.Reader reader;
    private final Wire.Writer writer;
    private final ClassLoader hostLoader;
    private final ReentrantLock readRole = new ReentrantLock();
    /** Threads handling a request (not reading). */
    private final AtomicInteger handling = new AtomicInteger();
    private final AtomicInteger threadCount = new AtomicInteger();
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();
    private volatile long lastHandOff = System.nanoTime();
    private volatile boolean watchdogAsleep;
    private volatile Thread watchdog;
    private final Map<Integer, Object[]> proxyTargets = new ConcurrentHashMap<>();
    /** The thread serving each request, for {@link Wire#INTERRUPT}. */
    private final Map<Integer, Thread> running = new ConcurrentHashMap<>();
    private final Map<String, Method> methods = new ConcurrentHashMap<>();
    private final AtomicInteger handles = new AtomicInteger();
    private final Runnable onHostGone;
    private volatile Pod pod;

    /** The pod once made: what a request needs. */
    private record Pod(String name, PodClassLoader loader, PodSide side, LazyCodec codec) {
    }

    /**
     * The pod side's codec, made when a value first needs it: calls with strings and numbers
     * only never load Kryo (some milliseconds of a fresh JVM).
     */
    private static final class LazyCodec implements Supplier<ValueCodec> {
        private final ClassLoader loader;
        private final int maxPayload;
        private volatile ValueCodec codec;

        LazyCodec(ClassLoader loader, int maxPayload) {
            this.loader = loader;
            this.maxPayload = maxPayload;
        }

        @Override
        public ValueCodec get() {
            ValueCodec c = codec;
            if (c == null) {
                synchronized (this) {
                    c = codec;
                    if (c == null) {
                        c = new ValueCodec(loader, PodBridgeException.Side.POD, maxPayload);
                        codec = c;
                    }
                }
            }
            return c;
        }
    }

    PodHost(Wire.Reader reader, Wire.Writer writer, ClassLoader hostLoader, Runnable onHostGone) {
        this.reader = reader;
        this.writer = writer;
        this.hostLoader = hostLoader;
        this.onHostGone = onHostGone;
    }

    /**
     * The pod made from the init request, or the failure to reply with: made on any thread (the
     * child's main thread connects meanwhile), replied by {@link #serveFirst}.
     */
    static final class Made {
        final int id;
        final Pod pod;
        final Wire.Out reply;

        private Made(int id, Pod pod, Wire.Out reply) {
            this.id = id;
            this.pod = pod;
            this.reply = reply;
        }

        /** Makes the pod that {@code init} ({@link Wire#INIT}) describes; never throws. */
        static Made make(Wire.Frame init, ClassLoader hostLoader) {
            try {
                if (init.type() != Wire.INIT) {
                    throw new PodException("the pod host's first request must make its pod, not be of type "
                            + init.type());
                }
                return new Made(init.id(), PodHost.make(init.in(), hostLoader), reply());
            } catch (Throwable e) {
                Wire.Out failure = reply();
                WireFailure.write(failure, e, "request");
                return new Made(init.id(), null, failure);
            }
        }
    }

    /**
     * Replies to the init request, before {@link #start}: no other request is read before the
     * pod exists. (If it could not be made, the reply says why and the host ends the child.)
     */
    void serveFirst(Made made) {
        pod = made.pod;
        PodHostMain.flushAndCount(made.reply);
        try {
            writer.send(made.id, made.pod != null ? Wire.OK : Wire.FAIL, made.reply);
        } catch (IOException e) {
            onHostGone.run();
        }
    }

    /** Starts the first reader and the watchdog; requests are served from then on. */
    void start() {
        Thread w = new Thread(this::watch, "pod-host-watchdog");
        w.setDaemon(true);
        watchdog = w;
        w.start();
        startThread();
    }

    private void startThread() {
        Thread t = new Thread(this::work, "pod-host-" + threadCount.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    /** Wakes an idle thread to take the read role, or starts one. */
    private void wakeReader() {
        Thread t = idle.poll();
        if (t != null) {
            LockSupport.unpark(t);
        } else {
            startThread();
        }
    }

    private void work() {
        Thread self = Thread.currentThread();
        while (true) {
            if (!readRole.tryLock()) {
                if (!idleWait(self)) {
                    return;
                }
                continue;
            }
            Wire.Frame f;
            boolean more;
            try {
                do {
                    // Interrupts (pod code may interrupt any thread) only wake the wait: ignore them.
                    Thread.interrupted();
                    f = reader.read(0);
                } while (f == null);
                more = reader.buffered();
            } catch (IOException | RuntimeException e) {
                onHostGone.run();
                return;
            } finally {
                readRole.unlock();
            }
            if (f.type() == Wire.INTERRUPT) {
                interrupt(f.id(), f.payload().length > 0 && f.payload()[0] != 0);
                continue;
            }
            // Published before the watchdog's state is read: see watch().
            handling.incrementAndGet();
            lastHandOff = System.nanoTime();
            if (more) {
                wakeReader(); // another request is here already: someone reads it now
            } else if (watchdogAsleep) {
                LockSupport.unpark(watchdog);
            }
            try {
                handle(f);
            } catch (Throwable e) {
                // Not even a failure record could be written (memory, a broken codec): a reply
                // that never comes would hang the host, a dead child is reported there.
                PodHostMain.fatal("the pod host could not answer request " + f.id(), e);
            } finally {
                handling.decrementAndGet();
            }
        }
    }

    /**
     * Parks an idle thread until it is woken to read; false when it stayed idle a minute (it then
     * ends: whoever holds the read role, or is handling a request and takes it back, remains).
     */
    private boolean idleWait(Thread self) {
        long deadline = System.nanoTime() + IDLE_NANOS;
        idle.push(self);
        LockSupport.parkNanos(this, IDLE_NANOS);
        Thread.interrupted(); // pod code may interrupt any thread: that is no reason to read
        // Off the queue: a waker took it and wants it to read. Still on it: a spurious wake-up
        // (try the role again) or the minute passed (end).
        return !idle.remove(self) || deadline - System.nanoTime() > 0;
    }

    /**
     * The watchdog: while requests are being handled it looks every {@link #RESCUE_NANOS} whether
     * one has run that long with nobody reading, and if so wakes a reader (so that a long call
     * does not hold up the requests behind it, an interrupt for it included). After
     * {@link #LINGER_NANOS} without requests it sleeps until a handler wakes it.
     */
    private void watch() {
        while (true) {
            if (handling.get() == 0 && System.nanoTime() - lastHandOff > LINGER_NANOS) {
                watchdogAsleep = true;
                // A handler increments before it reads the flag, this thread sets the flag before
                // it reads the count: one of the two sees the other, so a handler never runs
                // while the watchdog sleeps.
                if (handling.get() == 0) {
                    LockSupport.park(this);
                }
                watchdogAsleep = false;
                continue;
            }
            LockSupport.parkNanos(this, RESCUE_NANOS);
            long now = System.nanoTime();
            if (handling.get() > 0 && !readRole.isLocked() && now - lastHandOff >= RESCUE_NANOS) {
                lastHandOff = now; // the next rescue, if still needed, a period from now
                wakeReader();
            }
        }
    }

    /**
     * Interrupts the thread serving request {@code id}, only while it does (the entry goes before
     * its thread takes other work). When close cuts the request, the evaluators are also asked to
     * stop what that thread runs, as an in-process close does.
     */
    private void interrupt(int id, boolean cut) {
        Thread[] target = new Thread[1];
        running.computeIfPresent(id, (k, t) -> {
            t.interrupt();
            target[0] = t;
            return t;
        });
        Pod p = pod;
        if (cut && target[0] != null && p != null) {
            p.side().evaluators().cancel(null, target[0]);
        }
    }

    private void handle(Wire.Frame f) {
        Thread self = Thread.currentThread();
        running.put(f.id(), self);
        try {
            answer(f, self);
        } finally {
            running.remove(f.id());
            Thread.interrupted(); // an interrupt meant for the request that just ended
        }
        if (f.type() == Wire.CLOSE) {
            PodHostMain.exit(0);
        }
    }

    /** A reply with room for the output counts at its start ({@link PodHostMain#flushAndCount}). */
    private static Wire.Out reply() {
        return new Wire.Out().writeLong(0).writeLong(0);
    }

    private void answer(Wire.Frame f, Thread self) {
        Pod p = pod;
        Wire.Out reply = reply();
        boolean ok;
        String what = "request";
        try {
            Wire.In in = f.in();
            if (f.type() == Wire.INIT) {
                throw new PodException("the pod host got an init request over its channel; its pod is made once,"
                        + " from what its standard input said");
            }
            if (p == null) {
                throw new PodException("the pod host got a request before its pod was made");
            }
            self.setContextClassLoader(p.loader());
            what = serve(p, f.type(), in, reply);
            ok = true;
        } catch (Throwable e) {
            // An OutOfMemoryError arrives here only when the JVM was told not to exit on one
            // (-XX:-ExitOnOutOfMemoryError): report it like any other failure.
            reply = reply();
            WireFailure.write(reply, e, what);
            ok = false;
        } finally {
            self.setContextClassLoader(hostLoader);
        }
        // Pod code may have left the thread interrupted: that must not reach the next request.
        Thread.interrupted();
        PodHostMain.flushAndCount(reply);
        try {
            writer.send(f.id(), ok ? Wire.OK : Wire.FAIL, reply);
        } catch (IOException e) {
            onHostGone.run();
        }
    }

    private static Pod make(Wire.In in, ClassLoader hostLoader) {
        String name = in.readString();
        int maxPayload = in.readInt();
        List<Path> classpath = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            classpath.add(Path.of(in.readString()));
        }
        List<String> shared = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            shared.add(in.readString());
        }
        SharedClasses sharing = SharedClasses.of(shared);
        PodClassLoader loader = new PodClassLoader(name, classpath, hostLoader, sharing);
        PodThreads threads = new PodThreads(name, new OutputRouter(), null);
        Evaluators evaluators = new Evaluators(name, BuiltinEvaluators::providers,
                new EvalContext(name, loader, classpath, threads.factory(loader)));
        PodSide side = new PodSide(name, loader, classpath, sharing, evaluators, true);
        return new Pod(name, loader, side, new LazyCodec(loader, maxPayload));
    }

    /** Serves one request; returns what it was (for a failure's message). */
    private String serve(Pod p, byte type, Wire.In in, Wire.Out reply) {
        switch (type) {
            case Wire.CALL: {
                String target = in.readString();
                Object[] args = in.readArgs(p.codec());
                reply.writeValue(p.side().call(target, args), p.codec());
                return "call " + target;
            }
            case Wire.EVAL: {
                String language = in.readString();
                String code = in.readString();
                reply.writeValue(p.side().eval(language, code), p.codec());
                return "eval " + language;
            }
            case Wire.REQUIRE:
                p.side().require(in.readString());
                return "require";
            case Wire.LANGUAGES: {
                Set<String> langs = p.side().languages();
                reply.writeInt(langs.size());
                for (String l : langs) {
                    reply.writeString(l);
                }
                return "languages";
            }
            case Wire.PROXY: {
                String iface = in.readString();
                String pkg = in.readString();
                String impl = in.readString();
                Object[] made = p.side().proxyTarget(iface, pkg, impl);
                int handle = handles.incrementAndGet();
                proxyTargets.put(handle, made);
                reply.writeInt(handle);
                return "proxy " + iface;
            }
            case Wire.INVOKE: {
                int handle = in.readInt();
                String key = in.readString();
                String what = in.readString();
                Object[] args = in.readArgs(p.codec());
                Object[] target = proxyTargets.get(handle);
                if (target == null) {
                    throw new PodException(what + ": the pod holds no proxy target " + handle);
                }
                Method m = method((Class<?>) target[0], key);
                reply.writeValue(p.side().invoke(what, target[1], m, args), p.codec());
                return what;
            }
            case Wire.CLOSE:
                proxyTargets.clear();
                p.side().evaluators().close();
                p.side().clear();
                return "close";
            default:
                throw new PodException("the pod host does not know request type " + type);
        }
    }

    private Method method(Class<?> iface, String key) {
        String k = iface.getName() + '#' + key;
        Method m = methods.get(k);
        if (m == null) {
            for (Method c : iface.getMethods()) {
                if (key(c).equals(key)) {
                    m = c;
                    break;
                }
            }
            if (m == null) {
                throw new PodException("proxy: " + iface.getName() + " as the pod sees it has no method " + key
                        + "; the host's copy of the interface differs from the pod host's");
            }
            methods.putIfAbsent(k, m);
        }
        return m;
    }

    /** A method's name and parameter types, the same text on both sides. */
    static String key(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        Class<?>[] params = m.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(params[i].getName());
        }
        return sb.append(')').toString();
    }

    /** The languages a LANGUAGES reply lists, in order. */
    static Set<String> readLanguages(Wire.In in) {
        Set<String> langs = new LinkedHashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            langs.add(in.readString());
        }
        return java.util.Collections.unmodifiableSet(langs);
    }
}
