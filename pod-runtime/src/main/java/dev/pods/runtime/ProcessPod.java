package dev.pods.runtime;

import dev.pods.CallTarget;
import dev.pods.CapturedOutput;
import dev.pods.Pod;
import dev.pods.PodBridgeException;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodJvm;
import dev.pods.PodProcessException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.bridge.ValueCodec;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod in a child JVM: the host side of the seam, with the channel a socket. Every operation is
 * a request in bytes ({@link Wire}): the host's codec writes the arguments, the child's
 * {@link PodHost} reads them as pod values with the pod's loader, lets {@link PodSide} choose
 * the overload and invoke, and writes the result back, or the failure as a record
 * ({@link WireFailure}) that becomes the same {@link PodException} subtype here. Output arrives
 * through {@link ChildOutput}.
 *
 * <p><b>States.</b> Open; closing (refuses new work) then closed, by {@link #close()}; or dead,
 * when the child's JVM went away (exit, crash, out of memory, killed, or killed by the runtime
 * at a deadline). A dead pod raises {@link PodProcessException} (exit code, stderr tail) for the
 * calls that were in flight and for every later one, counts as closed, and has run its close
 * hooks. Deadlines are the host's: a timed request waits at most its timeout, then the child is
 * killed ({@code SIGKILL}, any JDK) and the caller gets {@link PodTimeoutException}.
 *
 * <p><b>Interrupts.</b> Interrupting a host thread that waits for a reply interrupts the child
 * thread serving it; the caller keeps waiting for the reply, as an in-process caller would keep
 * running the pod's code. Close uses the same after its grace period. Thread-safe.
 */
final class ProcessPod implements Pod {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessPod.class);
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final int DEAD = 3;
    /** How long a dead child gets to finish exiting before its exit code is read (it is usually already gone). */
    private static final long EXIT_WAIT_MILLIS = 5_000;
    private static final Object TIMED_OUT = new Object();
    private static final Duration MAX_TIMEOUT = Duration.ofNanos(1L << 62);
    /** The most a reply waits for the output printed before it to be delivered. */
    private static final long OUTPUT_WAIT_MILLIS = 5_000;

    private final PodRuntime runtime;
    private final PodEnv env;
    private final String name;
    private final List<Path> classpath;
    private final Process process;
    private final ProcessChannel channel;
    private final ChildOutput output;
    private final ValueCodec codec;
    private final Supplier<ValueCodec> codecs;
    private final List<Consumer<Pod>> hooks = new CopyOnWriteArrayList<>();
    private final Map<Method, String> methodKeys = new ConcurrentHashMap<>();
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicBoolean tornDown = new AtomicBoolean();
    private final AtomicBoolean deathNoticed = new AtomicBoolean();
    /** Counted down once the channel broke and {@link #death} (if any) is known. */
    private final CountDownLatch channelGone = new CountDownLatch(1);
    private final Object inFlightLock = new Object();
    private volatile String killedFor;
    private volatile Death death;

    /** How the child went away. */
    private record Death(String how, long pid, int exitCode, String tail) {
        PodProcessException exception(String pod, String what) {
            return new PodProcessException("pod '" + pod + "': " + what + " failed: its JVM (pid " + pid + ") " + how
                    + "; the pod is closed, create a new one (a pool replaces it by itself)"
                    + (tail.isEmpty() ? "" : "\nThe end of its stderr:\n" + tail), pid, exitCode, tail);
        }
    }

    private ProcessPod(PodRuntime runtime, PodEnv env, List<Path> classpath, ClassLoader host,
                       ProcessLauncher.Launched launched) {
        this.runtime = runtime;
        this.env = env;
        this.name = env.name();
        this.classpath = List.copyOf(classpath);
        this.process = launched.process();
        this.output = launched.output();
        this.codec = new ValueCodec(host, PodBridgeException.Side.HOST, env.maxPayloadBytes());
        this.codecs = () -> codec;
        try {
            this.channel = new ProcessChannel(launched.socket(), ProcessLauncher.maxFrame(env), this::channelBroke);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new PodException("pod '" + name + "': could not set up the channel to its JVM: " + e, e);
        }
    }

    /** Starts the child JVM, connects and makes the pod in it; on failure nothing is left running. */
    static ProcessPod start(PodRuntime runtime, PodEnv env, List<Path> classpath, ClassLoader host) {
        return start(runtime, env, classpath, host, List.of());
    }

    private static ProcessPod start(PodRuntime runtime, PodEnv env, List<Path> classpath, ClassLoader host,
                                    List<String> extraOptions) {
        Wire.Out init = new Wire.Out(256);
        init.writeString(env.name()).writeInt(env.maxPayloadBytes()).writeInt(classpath.size());
        for (Path p : classpath) {
            init.writeString(p.toString());
        }
        init.writeInt(env.sharedPackages().size());
        for (String s : env.sharedPackages()) {
            init.writeString(s);
        }
        ChildOutput out = new ChildOutput(env.name(), env, ProcessLauncher.hostCharset());
        ProcessLauncher.Launched launched = runtime.launcher.launch(env, host, out, runtime.processStart.toMillis(),
                extraOptions, init.frame(Wire.INIT_ID, Wire.INIT));
        ProcessPod pod = new ProcessPod(runtime, env, classpath, host, launched);
        // A child that dies while no call reads the socket is noticed here (on a thread of our
        // own: the JDK's process reaper must not run our close hooks).
        launched.process().onExit().thenRun(() -> {
            Thread t = new Thread(null, () -> pod.channelBroke(null), "pod-" + pod.name + "-exit", 0, false);
            t.setDaemon(true);
            t.start();
        });
        try {
            pod.exchange(Wire.INIT, null, "create pod '" + pod.name + "'", 0, false); // sent with the token
        } catch (RuntimeException e) {
            pod.state.set(CLOSED);
            pod.destroy();
            throw e;
        }
        return pod;
    }

    /**
     * Runs what a child typically runs (make an empty pod; calls with simple arguments, through the
     * codec and failing; the language list; close) in a child with {@code options}, and returns
     * once its JVM has exited: the training run of {@link ClassDataSharing}'s job.
     */
    static void train(PodRuntime runtime, PodJvm jvm, List<String> options, ClassLoader host) throws IOException {
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("pods-training")
                .withIsolation(dev.pods.Isolation.PROCESS).withJvm(jvm).withOutput(dev.pods.OutputMode.CAPTURE);
        Path dir = java.nio.file.Files.createTempDirectory("pods-training");
        Path jar = ClassDataSharing.trainingJar(dir);
        ProcessPod pod = start(runtime, env, List.of(jar), host, options);
        try {
            // A class of the pod's own jar first, as a real pod's first call: the pod loader's
            // jar reading and class defining go into the archive too, so that a child never opens
            // its own runtime jars (some 20-40 ms with a large one, measured).
            pod.call(ClassDataSharing.TRAINING_CLASS + "/add", 1, 2);
            pod.call("java.lang.Math/max", 1, 2);
            pod.call("java.util.List/of", "a", 2L);
            pod.call("java.util.Collections/max", List.of(1, 2));
            try {
                pod.call("java.lang.Integer/parseInt", "not a number");
            } catch (PodException expected) {
                // the failure path is part of the training
            }
            pod.languages();
        } finally {
            pod.close();
            ProcessLauncher.waitFor(pod.process, runtime.threadJoin.toMillis() + EXIT_WAIT_MILLIS);
            java.nio.file.Files.deleteIfExists(jar);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    // ---- requests -----------------------------------------------------------------------------

    /**
     * Sends a request and waits for its reply; returns the reply's payload. {@code timeoutNanos}
     * 0: no deadline. {@code checkOpen} false only for close's own request. {@code payload} null:
     * the init request, already sent by the launcher.
     */
    private Wire.In exchange(byte type, Wire.Out payload, String what, long timeoutNanos, boolean checkOpen) {
        ProcessChannel.Pending p = payload == null ? channel.registerInit(what) : channel.register(what);
        try {
            // Registered (a volatile write) before the state is read; close sets the state before
            // it reads what is in flight: one of the two sees the other.
            if (checkOpen && state.get() != OPEN) {
                throw refused(what);
            }
            try {
                if (payload != null) {
                    channel.send(p, type, payload);
                }
            } catch (IOException e) {
                throw afterBreak(what, e);
            }
            long deadline = 0;
            if (timeoutNanos != 0) {
                deadline = System.nanoTime() + timeoutNanos;
                deadline = deadline == 0 ? 1 : deadline; // 0 means none
            }
            Object o = channel.await(p, deadline, () -> interrupt(p));
            if (o == null) {
                if (p.complete(TIMED_OUT)) {
                    Duration timeout = Duration.ofNanos(timeoutNanos);
                    killForDeadline(what, timeout);
                    throw new PodTimeoutException(what + " in pod '" + name + "' (the pod's JVM was killed)", timeout);
                }
                o = p.outcome();
            }
            if (o instanceof RuntimeException) {
                throw (RuntimeException) o;
            }
            Wire.Frame f = (Wire.Frame) o;
            Wire.In in = f.in();
            output.awaitPumped(in.readLong(), in.readLong(), OUTPUT_WAIT_MILLIS);
            if (f.type() == Wire.FAIL) {
                PodException e = WireFailure.read(in, name, what);
                throw p.cut && !(e instanceof PodClosedException) ? new PodClosedException(name, what, e) : e;
            }
            return in;
        } finally {
            channel.forget(p);
            if (state.get() == CLOSING) {
                synchronized (inFlightLock) {
                    inFlightLock.notifyAll();
                }
            }
        }
    }

    private Wire.In request(byte type, Wire.Out payload, String what) {
        return exchange(type, payload, what, 0, true);
    }

    /** Interrupts the child thread serving {@code p}; when close cut it, its evaluation is also stopped. */
    private void interrupt(ProcessChannel.Pending p) {
        try {
            channel.post(p.id, Wire.INTERRUPT, new Wire.Out(Wire.HEADER + 1).writeByte(p.cut ? 1 : 0));
        } catch (IOException e) {
            // the channel is gone; the request is failed by the break
        }
    }

    private RuntimeException refused(String what) {
        Death d = death;
        if (state.get() == DEAD) {
            awaitChannelGone();
            d = death;
        }
        return d != null ? d.exception(name, what) : new PodClosedException(name, what);
    }

    /** The send failed: the child is gone or going; report how, once known. */
    private RuntimeException afterBreak(String what, IOException e) {
        awaitChannelGone();
        Death d = death;
        if (d != null) {
            return d.exception(name, what);
        }
        return state.get() != OPEN ? new PodClosedException(name, what)
                : new PodException("pod '" + name + "': " + what + " failed: its channel broke: " + e.getMessage(), e);
    }

    private void awaitChannelGone() {
        try {
            channelGone.await(EXIT_WAIT_MILLIS + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- Pod ----------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public PodEnv env() {
        return env;
    }

    @Override
    public List<Path> classpath() {
        return classpath;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(String target, Object... args) {
        Objects.requireNonNull(target, "target");
        String what = "call " + target;
        return (T) request(Wire.CALL, callPayload(target, args), what).readValue(codecs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
        Objects.requireNonNull(target, "target");
        String what = "call " + target;
        Deadlines.checkTimeout(timeout, what);
        return (T) exchange(Wire.CALL, callPayload(target, args), what, nanos(timeout), true).readValue(codecs);
    }

    /** A timeout in nanoseconds, capped at about 146 years so that a deadline never overflows. */
    private static long nanos(Duration timeout) {
        return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toNanos() : timeout.toNanos();
    }

    private Wire.Out callPayload(String target, Object[] args) {
        CallTarget.parse(target); // a bad target fails here with its own type, not as a child's plain failure
        Wire.Out o = new Wire.Out();
        o.writeString(target);
        o.writeArgs(args == null ? new Object[] {null} : args, codecs);
        return o;
    }

    @Override
    public Object eval(String code) {
        return eval("java", code);
    }

    @Override
    public Object eval(String language, String code) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(code, "code");
        return request(Wire.EVAL, new Wire.Out().writeString(language).writeString(code), "eval " + language)
                .readValue(codecs);
    }

    @Override
    public Object evalWithTimeout(Duration timeout, String language, String code) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(code, "code");
        Deadlines.checkTimeout(timeout, "eval " + language);
        return exchange(Wire.EVAL, new Wire.Out().writeString(language).writeString(code), "eval " + language,
                nanos(timeout), true).readValue(codecs);
    }

    @Override
    public Set<String> languages() {
        return PodHost.readLanguages(request(Wire.LANGUAGES, new Wire.Out(), "list languages"));
    }

    @Override
    public void require(String... names) {
        for (String n : names) {
            Objects.requireNonNull(n, "name");
            int colon = n.indexOf(':');
            if (colon > 0) {
                String lang = n.substring(0, colon);
                if (!"clojure".equals(lang)) {
                    throw new PodException("require " + n + ": only classes and clojure:namespace are understood");
                }
                eval(lang, "(require '" + n.substring(colon + 1) + ")");
                continue;
            }
            request(Wire.REQUIRE, new Wire.Out().writeString(n), "require " + n);
        }
    }

    @Override
    public <T> T proxy(Class<T> iface, String implClass) {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(implClass, "implClass");
        if (!iface.isInterface()) {
            throw new PodException("proxy: " + iface.getName() + " is not an interface");
        }
        int handle = request(Wire.PROXY, new Wire.Out().writeString(iface.getName())
                .writeString(iface.getPackageName()).writeString(implClass), "proxy " + iface.getName()).readInt();
        InvocationHandler h = (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return PodSide.objectMethod(p, m, args,
                        "proxy of " + iface.getName() + " to " + implClass + " in process pod '" + name + "'");
            }
            String what = "proxy " + iface.getSimpleName() + "." + m.getName() + " (" + implClass + ")";
            Wire.Out o = new Wire.Out();
            o.writeInt(handle).writeString(methodKeys.computeIfAbsent(m, PodHost::key)).writeString(what);
            o.writeArgs(args == null ? new Object[0] : args, codecs);
            return request(Wire.INVOKE, o, what).readValue(codecs);
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
    }

    @Override
    public CapturedOutput output() {
        return output.captured();
    }

    @Override
    public ClassLoader classLoader() {
        throw new PodException("pod '" + name + "' runs in a JVM of its own (Isolation.PROCESS): its class loader"
                + " lives there, not in this JVM; reach its classes through call, eval, require or proxy");
    }

    @Override
    public void onClose(Consumer<Pod> hook) {
        Objects.requireNonNull(hook, "hook");
        if (state.get() != OPEN) {
            throw refused("register a close hook");
        }
        hooks.add(hook);
    }

    @Override
    public boolean isClosed() {
        return state.get() != OPEN;
    }

    /** The child's process id (for tests and diagnostics). */
    long pid() {
        return process.pid();
    }

    // ---- death --------------------------------------------------------------------------------

    /** A deadline passed: the child is killed on any JDK; the pod is dead from now on. */
    private void killForDeadline(String what, Duration timeout) {
        killedFor = what + " passed its deadline of " + timeout.toMillis() + " ms";
        state.compareAndSet(OPEN, DEAD);
        process.destroyForcibly();
    }

    /**
     * The socket closed under a reading caller, or the process exited (null cause): the child
     * died, or close ended it. Acts once.
     */
    private void channelBroke(IOException cause) {
        if (!deathNoticed.compareAndSet(false, true)) {
            return;
        }
        try {
            int s = state.get();
            if (s == CLOSING || s == CLOSED) {
                // close asked for this; it fails what is left and waits for the exit itself
                return;
            }
            int code = ProcessLauncher.waitFor(process, EXIT_WAIT_MILLIS);
            output.awaitPumps(1_000);
            Death d = new Death(how(code), process.pid(), code, output.tail());
            death = d;
            if (state.compareAndSet(OPEN, DEAD) || state.get() == DEAD) {
                LOG.debug("pod '{}': its JVM (pid {}) {}", name, process.pid(), d.how(), cause);
                channel.failAll(p -> d.exception(name, p.what));
            }
        } finally {
            channelGone.countDown();
        }
        if (state.get() == DEAD) {
            tearDown();
        }
    }

    private String how(int code) {
        String k = killedFor;
        if (k != null) {
            return "was killed by the runtime: " + k;
        }
        if (code == 3 && output.tail().contains("OutOfMemoryError")) {
            return "ran out of memory and exited (exit code 3; -XX:+ExitOnOutOfMemoryError)";
        }
        if (code > 128 && code < 160 && !System.getProperty("os.name", "").startsWith("Windows")) {
            int sig = code - 128;
            return "was ended by signal " + sig + (sig == 9 ? " (SIGKILL)" : sig == 6 ? " (SIGABRT, a crash)"
                    : sig == 15 ? " (SIGTERM)" : sig == 11 ? " (SIGSEGV, a crash)" : "") + ", exit code " + code;
        }
        return "exited with code " + code;
    }

    // ---- close --------------------------------------------------------------------------------

    /**
     * Closes as an in-process pod does, with the child in place of the loader: refuse new work;
     * let requests in flight finish within the grace period, then interrupt them in the child and
     * give them the thread-join bound, then cut what is left with {@link PodClosedException}; run
     * the close hooks; ask the child to close its pod and exit, wait for that (bounded), and kill
     * it if it did not.
     */
    @Override
    public void close() {
        if (!state.compareAndSet(OPEN, CLOSING)) {
            return;
        }
        boolean interrupted = false;
        try {
            try {
                if (!awaitIdle(runtime.closeGrace.toNanos())) {
                    for (ProcessChannel.Pending p : channel.inFlight()) {
                        p.cut = true;
                        interrupt(p);
                    }
                    awaitIdle(runtime.threadJoin.toNanos());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            channel.failAll(p -> new PodClosedException(name, p.what, null));
            runHooks();
            try {
                exchange(Wire.CLOSE, new Wire.Out(), "close", runtime.threadJoin.toNanos(), false);
            } catch (PodTimeoutException e) {
                LOG.warn("pod '{}': its JVM (pid {}) did not close its pod within {}; it was killed", name,
                        process.pid(), runtime.threadJoin);
            } catch (RuntimeException e) {
                LOG.debug("pod '{}': close request failed", name, e);
            }
        } finally {
            state.set(CLOSED);
            reapInBackground();
            channel.close();
            codec.clear();
            methodKeys.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until no request is in flight, at most {@code nanos}; true when none is. */
    private boolean awaitIdle(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (inFlightLock) {
            while (!channel.idle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
            }
        }
        return true;
    }

    /** Once the pod is dead: what close would do on the host, without a child to ask. */
    private void tearDown() {
        runHooks();
        destroy();
    }

    private void runHooks() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        for (Consumer<Pod> hook : hooks) {
            try {
                hook.accept(this);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pod '{}': a close hook failed", name, e);
            }
        }
        hooks.clear();
    }

    /**
     * The child exits by itself once it answered close (its pod's shutdown hooks run, then the
     * JVM ends, which can take a few hundred milliseconds that close need not wait for). A thread
     * of its own waits for that, at most the thread-join bound, then kills it.
     */
    private void reapInBackground() {
        if (!process.isAlive()) {
            return;
        }
        Thread t = new Thread(null, () -> {
            if (ProcessLauncher.waitFor(process, runtime.threadJoin.toMillis()) < 0) {
                LOG.warn("pod '{}': its JVM (pid {}) could not be ended", name, process.pid());
            }
        }, "pod-" + name + "-reaper", 0, false);
        t.setDaemon(true);
        t.start();
    }

    /** Kills the child if it still runs, closes the socket, drops the codec. Idempotent. */
    private void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        channel.close();
        codec.clear();
        methodKeys.clear();
    }

    @Override
    public String toString() {
        int s = state.get();
        return "Pod[" + name + ", process " + process.pid() + (s == DEAD ? ", dead" : s != OPEN ? ", closed" : "")
                + ", " + classpath.size() + " classpath entries]";
    }
}
