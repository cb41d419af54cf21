package dev.pods.runtime;

import dev.pods.CapturedOutput;
import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.PodTimeoutException;
import dev.pods.runtime.bridge.Bridge;
import dev.pods.runtime.bridge.RemoteExceptions;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.eval.Evaluator;
import dev.pods.runtime.eval.EvaluatorProvider;
import dev.pods.runtime.loader.LeakWatcher;
import dev.pods.runtime.loader.PodClassLoader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod in this JVM. Calls run on the caller's thread inside the pod's context (context class
 * loader = pod loader, the pod's output route); timed calls and evals run on a fresh daemon
 * thread so that a deadline can interrupt (and as a last resort stop) that thread without
 * touching the caller's. Thread-safe.
 *
 * <p>Close protocol: the closed flag is set before waiting for in-flight calls; every call
 * registers itself before checking the flag, so no call starts after close has looked.
 */
final class LocalPod implements Pod {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPod.class);

    private final PodRuntime runtime;
    private final PodEnv env;
    private final String name;
    private final List<Path> classpath;
    /** The loader the pod was made from: shared classes come from it; threads leaving the pod get it back. */
    private final ClassLoader host;
    /** Notified when a thread leaves its outermost call of a closed pod (close waits on it). */
    private final Object inFlightChanged = new Object();
    /** Nulled at close, so that a closed pod object kept by the host does not pin its loader. */
    private volatile PodClassLoader loader;
    private volatile Bridge bridge;
    private final OutputRouter.Route route;
    private final CapturedOutput output;
    private final Map<String, CallTarget> targets = new ConcurrentHashMap<>();
    /** Every thread that has called into the pod (and not ended before a prune), with its frame. */
    private final Map<Thread, Frame> frames = new ConcurrentHashMap<>();
    /** Guarded by {@link #frames}: the frame count at which threads that ended are dropped. */
    private int pruneFramesAt = 64;
    private final List<Consumer<Pod>> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, Evaluator> evaluators = new ConcurrentHashMap<>();
    private final Set<Thread> podThreads = ConcurrentHashMap.newKeySet();
    private final Set<java.util.concurrent.atomic.AtomicReference<Object>> proxyTargets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger threadCount = new AtomicInteger();
    private volatile EvalContext evalContext;
    private volatile Map<String, EvaluatorProvider> languages;

    LocalPod(PodRuntime runtime, PodEnv env, List<Path> classpath, ClassLoader host) {
        this.runtime = runtime;
        this.env = env;
        this.name = env.name();
        this.classpath = List.copyOf(classpath);
        this.host = host;
        PodClassLoader l = new PodClassLoader(name, this.classpath, host, env::isShared);
        this.loader = l;
        this.bridge = new Bridge(host, l, env.maxPayloadBytes());
        if (env.outputMode() == OutputMode.CAPTURE) {
            runtime.router.install();
            OutputRouter.Capture c = new OutputRouter.Capture(runtime.router.charset());
            this.output = c;
            this.route = c.route;
        } else if (env.outputMode() == OutputMode.SINK) {
            runtime.router.install();
            this.output = OutputRouter.NONE;
            this.route = new OutputRouter.Route(env.stdoutSink().orElseThrow(), env.stderrSink().orElseThrow());
        } else {
            this.output = OutputRouter.NONE;
            this.route = null;
        }
    }

    // ---- context ----------------------------------------------------------------------

    /**
     * One thread's work inside the pod: how many calls of the pod the thread is in (nested
     * calls count), and what each of them replaced (context loader, output route) so that it is
     * restored on the way out. A thread keeps its frame between calls, so that a call registers
     * with one volatile write instead of adding to and removing from a concurrent set; close
     * reads {@link #depth} to find the calls in flight and their threads. Everything but
     * {@code depth} is touched by the owner thread only.
     */
    private static final class Frame {
        final Thread thread;
        /** Calls of the pod this thread is in; written by the owner thread only, read by close. */
        volatile int depth;
        PodClassLoader loader;
        Bridge bridge;
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

    /** Enters the pod on the current thread; {@code verb + subject} names the work when refused. */
    private Frame enter(String verb, String subject) {
        Thread t = Thread.currentThread();
        Frame f = frames.get(t);
        if (f == null) {
            f = newFrame(t);
        }
        int d = f.depth;
        // Registered (a volatile write) before the closed flag is read: close sets the flag
        // before it looks at the frames, so either this call sees the flag or close sees the call.
        f.depth = d + 1;
        PodClassLoader l = loader;
        Bridge b = bridge;
        if (closed.get() || l == null || b == null) {
            f.depth = d;
            if (d == 0) {
                frames.remove(t, f);
            }
            throw new PodClosedException(name, verb + subject);
        }
        f.loader = l;
        f.bridge = b;
        if (d == f.prevLoaders.length) {
            f.prevLoaders = java.util.Arrays.copyOf(f.prevLoaders, d * 2);
            f.prevRoutes = java.util.Arrays.copyOf(f.prevRoutes, d * 2);
        }
        ClassLoader prev = t.getContextClassLoader();
        f.prevLoaders[d] = prev;
        if (prev != l) {
            t.setContextClassLoader(l);
        }
        f.prevRoutes[d] = runtime.router.enter(route);
        return f;
    }

    private void exit(Frame f) {
        int d = f.depth - 1;
        runtime.router.exit(f.prevRoutes[d], route);
        ClassLoader prev = f.prevLoaders[d];
        if (f.thread.getContextClassLoader() != prev) {
            f.thread.setContextClassLoader(prev);
        }
        // Pins neither another pod's loader nor a route while the thread is idle.
        f.prevLoaders[d] = null;
        f.prevRoutes[d] = null;
        // Written before cut is read; close writes cut before it reads depth (both volatile), so
        // either close sees this thread out of the pod, or this thread sees the cut and takes back
        // the interrupt close sent it (under the frame's monitor, so never before close sent it).
        f.depth = d;
        if (f.cut && d == 0) {
            synchronized (f) {
                if (f.interruptedByClose) {
                    Thread.interrupted();
                    f.interruptedByClose = false;
                }
            }
            synchronized (inFlightChanged) {
                inFlightChanged.notifyAll();
            }
        } else if (d == 0 && closed.get()) {
            synchronized (inFlightChanged) {
                inFlightChanged.notifyAll();
            }
        }
    }

    /** The failure to report for a call that ended with {@code e}: PodClosedException when close cut it short. */
    private RuntimeException cutOr(Frame f, String what, RuntimeException e) {
        return f.cut ? new PodClosedException(name, what, e) : e;
    }

    /** The first call of a thread: a frame for it, dropping the frames of threads that ended. */
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

    // ---- Pod --------------------------------------------------------------------------

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
    public ClassLoader classLoader() {
        PodClassLoader l = loader;
        if (l == null) {
            throw new PodClosedException(name, "hand out its class loader");
        }
        return l;
    }

    @Override
    public CapturedOutput output() {
        return output;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void onClose(Consumer<Pod> hook) {
        Objects.requireNonNull(hook, "hook");
        if (closed.get()) {
            throw new PodClosedException(name, "register a close hook");
        }
        hooks.add(hook);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(String target, Object... args) {
        Objects.requireNonNull(target, "target");
        Object[] a = args == null ? new Object[] {null} : args;
        Frame f = enter("call ", target);
        try {
            CallTarget t = target(f.loader, target);
            Object[] podArgs = f.bridge.argsToPod(a);
            Object result;
            try {
                result = t.invoke(podArgs);
            } catch (PodException e) {
                throw cutOr(f, "call " + target, hostOnly(e, "call " + target));
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                throw cutOr(f, "call " + target, RemoteExceptions.toCallException("call " + target, e));
            }
            return (T) f.bridge.toHost(result);
        } finally {
            exit(f);
        }
    }

    /**
     * A PodException raised inside a call passes through as it is (its class is the host's: a
     * nested pod's error, an overload error) unless the pod defined its own subclass, which
     * must not reach the host as an object.
     */
    private static PodException hostOnly(PodException e, String what) {
        return e.getClass().getClassLoader() instanceof PodClassLoader ? RemoteExceptions.toCallException(what, e) : e;
    }

    private CallTarget target(PodClassLoader loader, String target) {
        CallTarget t = targets.get(target);
        if (t != null) {
            return t;
        }
        int slash = target.indexOf('/');
        if (slash <= 0 || slash == target.length() - 1 || target.indexOf('/', slash + 1) >= 0) {
            throw new PodException("call target '" + target + "' is not of the form pkg.Class/method,"
                    + " e.g. com.google.common.base.Strings/repeat");
        }
        Class<?> cls = load(loader, target.substring(0, slash), "call " + target);
        t = CallTarget.of(target, cls, target.substring(slash + 1));
        CallTarget raced = targets.putIfAbsent(target, t);
        return raced != null ? raced : t;
    }

    /** Loads and initializes a class in the pod (the caller is inside the pod's context). */
    private Class<?> load(PodClassLoader loader, String className, String what) {
        try {
            return Class.forName(className, true, loader);
        } catch (NoClassDefFoundError e) {
            throw new PodException(what + ": pod '" + name + "' could not load " + className + " because a class it"
                    + " needs is missing: " + e.getMessage() + "; the pod's classpath: " + classpathSummary(), e);
        } catch (ClassNotFoundException e) {
            throw new PodException(what + ": pod '" + name + "' has no class " + className
                    + " (" + (env.isShared(className) ? "it is in a shared package, so it must be on the host's"
                    + " classpath" : "it is not on the pod's classpath and not in a shared package")
                    + "); the pod's classpath: " + classpathSummary(), e);
        } catch (ExceptionInInitializerError e) {
            throw RemoteExceptions.toCallException(what + " (initializing " + className + ")",
                    e.getCause() != null ? e.getCause() : e);
        } catch (LinkageError e) {
            throw RemoteExceptions.toCallException(what + " (loading " + className + ")", e);
        }
    }

    private String classpathSummary() {
        if (classpath.isEmpty()) {
            return "(empty: add dependencies or PodEnv.withClasspath entries)";
        }
        int shown = Math.min(8, classpath.size());
        String s = classpath.subList(0, shown).stream().map(p -> String.valueOf(p.getFileName()))
                .collect(Collectors.joining(", "));
        return classpath.size() + " entries: " + s + (shown < classpath.size() ? ", ... (" + (classpath.size() - shown)
                + " more)" : "");
    }

    @Override
    public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
        return timed(timeout, "call " + target, null, () -> call(target, args));
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
            Frame f = enter("require ", n);
            try {
                load(f.loader, n, "require");
            } finally {
                exit(f);
            }
        }
    }

    // ---- eval -------------------------------------------------------------------------

    @Override
    public Object eval(String code) {
        return eval("java", code);
    }

    @Override
    public Object eval(String language, String code) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(code, "code");
        Frame f = enter("eval ", language);
        try {
            Evaluator ev = evaluator(f.loader, language);
            Object r;
            try {
                r = ev.eval(code);
            } catch (PodClosedException e) {
                throw e;
            } catch (PodEvalException | PodTimeoutException e) {
                throw cutOr(f, "eval " + language, e);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                throw cutOr(f, "eval " + language, new PodEvalException(language, language + " code threw "
                        + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        RemoteExceptions.toCallException("eval " + language, e)));
            }
            return f.bridge.toHost(r);
        } finally {
            exit(f);
        }
    }

    @Override
    public Object evalWithTimeout(Duration timeout, String language, String code) {
        return timed(timeout, "eval " + language, language, () -> eval(language, code));
    }

    @Override
    public Set<String> languages() {
        PodClassLoader l = loader;
        if (closed.get() || l == null) {
            throw new PodClosedException(name, "list languages");
        }
        return languageMap(l).keySet();
    }

    private Map<String, EvaluatorProvider> languageMap(PodClassLoader loader) {
        Map<String, EvaluatorProvider> m = languages;
        if (m == null) {
            Map<String, EvaluatorProvider> built = new LinkedHashMap<>();
            EvalContext ctx = evalContext(loader);
            for (EvaluatorProvider p : runtime.providers()) {
                try {
                    for (String l : p.languages(ctx)) {
                        built.putIfAbsent(l, p);
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("pod '{}': evaluator provider {} failed to list its languages", name,
                            p.getClass().getName(), e);
                }
            }
            m = java.util.Collections.unmodifiableMap(built);
            languages = m;
        }
        return m;
    }

    private EvalContext evalContext(PodClassLoader loader) {
        EvalContext c = evalContext;
        if (c == null) {
            c = new EvalContext(name, loader, classpath, threadFactory(loader));
            evalContext = c;
        }
        return c;
    }

    private Evaluator evaluator(PodClassLoader loader, String language) {
        Evaluator ev = evaluators.get(language);
        if (ev != null) {
            return ev;
        }
        synchronized (evaluators) {
            ev = evaluators.get(language);
            if (ev == null) {
                if (closed.get()) {
                    throw new PodClosedException(name, "eval " + language);
                }
                EvaluatorProvider p = languageMap(loader).get(language);
                if (p == null) {
                    Set<String> offered = languageMap(loader).keySet();
                    throw new PodEvalException(language, "pod '" + name + "' offers no evaluator for '" + language
                            + "'; it offers " + (offered.isEmpty() ? "none yet" : new LinkedHashSet<>(offered))
                            + (language.equals("clojure") ? " (clojure needs org.clojure:clojure among the pod's"
                            + " dependencies)" : ""), null);
                }
                ev = p.create(language, evalContext(loader));
                evaluators.put(language, ev);
            }
            return ev;
        }
    }

    /** Threads that belong to the pod: its context loader and output route, stopped on close. */
    private ThreadFactory threadFactory(PodClassLoader loader) {
        return r -> {
            Thread t = new Thread(() -> {
                Thread self = Thread.currentThread();
                runtime.router.set(route);
                try {
                    r.run();
                } finally {
                    podThreads.remove(self);
                }
            }, "pod-" + name + "-" + threadCount.incrementAndGet());
            t.setContextClassLoader(loader);
            t.setDaemon(true);
            podThreads.add(t);
            return t;
        };
    }

    // ---- deadlines --------------------------------------------------------------------

    private interface Work<T> {
        T run();
    }

    /**
     * Runs {@code work} on a pod thread and waits at most {@code timeout}. At the deadline the
     * caller is released at once with {@link PodTimeoutException}; ending the work (interrupt,
     * the evaluator's cancel, and below JDK 20 a stop) goes on in the background, so a thread that
     * swallows interrupts or {@code ThreadDeath} cannot hold the caller.
     */
    @SuppressWarnings("unchecked")
    private <T> T timed(Duration timeout, String what, String language, Work<?> work) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + ": the timeout must be positive, was " + timeout
                    + "; to call without a deadline use call/eval");
        }
        if (closed.get()) {
            throw new PodClosedException(name, what);
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = podThread(() -> {
            try {
                result[0] = work.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "timed");
        worker.start();
        long nanos = timeout.toNanos();
        try {
            worker.join(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endInBackground(worker, language);
            throw new PodException(what + " in pod '" + name + "' was abandoned: the calling thread was interrupted", e);
        }
        if (worker.isAlive()) {
            endInBackground(worker, language);
            throw new PodTimeoutException(what + " in pod '" + name + "'", timeout);
        }
        if (failure[0] instanceof RuntimeException) {
            throw (RuntimeException) failure[0];
        }
        if (failure[0] instanceof OutOfMemoryError) {
            throw (OutOfMemoryError) failure[0];
        }
        if (failure[0] != null) {
            throw new PodException(what + " in pod '" + name + "' failed: " + failure[0], failure[0]);
        }
        return (T) result[0];
    }

    /** A thread of the pod's own: close interrupts, joins and if need be stops it. */
    private Thread podThread(Runnable r, String role) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } finally {
                podThreads.remove(Thread.currentThread());
            }
        }, "pod-" + name + "-" + role + "-" + threadCount.incrementAndGet());
        t.setDaemon(true);
        t.setContextClassLoader(host);
        podThreads.add(t);
        return t;
    }

    /** Interrupts the worker, asks its evaluator to cancel, and stops it if it will not end; off the caller's thread. */
    private void endInBackground(Thread worker, String language) {
        worker.interrupt();
        podThread(() -> {
            if (language != null) {
                Evaluator ev = evaluators.get(language);
                if (ev != null) {
                    try {
                        ev.cancel(worker);
                    } catch (RuntimeException e) {
                        LOG.warn("pod '{}': cancelling {} evaluation failed", name, language, e);
                    }
                }
            }
            joinQuietly(worker, runtime.deadlineStopGrace.toMillis());
            if (worker.isAlive() && Reaper.stop(worker)) {
                joinQuietly(worker, runtime.deadlineStopGrace.toMillis());
            }
            if (worker.isAlive()) {
                LOG.warn("pod '{}': thread {} ignored the interrupt at its deadline{}; it keeps running until the pod"
                        + " closes", name, worker.getName(), Reaper.CAN_STOP ? " and Thread.stop" : "");
            }
        }, "deadline").start();
    }

    private static void joinQuietly(Thread t, long millis) {
        try {
            t.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- proxy ------------------------------------------------------------------------

    @Override
    public <T> T proxy(Class<T> iface, String implClass) {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(implClass, "implClass");
        if (!iface.isInterface()) {
            throw new PodException("proxy: " + iface.getName() + " is not an interface");
        }
        Frame f = enter("proxy ", iface.getName());
        Object impl;
        try {
            Class<?> seen;
            try {
                seen = Class.forName(iface.getName(), false, f.loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PodException("proxy: pod '" + name + "' cannot see " + iface.getName() + "; an interface"
                        + " used across the boundary must be in a shared package: add PodEnv.withSharedPackages(\""
                        + iface.getPackageName() + "\")", e);
            }
            if (seen != iface) {
                throw new PodException("proxy: the pod loads its own copy of " + iface.getName()
                        + " (package " + iface.getPackageName() + " is not shared), so a pod object could never be"
                        + " cast to the host's (the 'X cannot be cast to X' error); add the package with"
                        + " PodEnv.withSharedPackages(\"" + iface.getPackageName() + "\")");
            }
            Class<?> c = load(f.loader, implClass, "proxy");
            if (!iface.isAssignableFrom(c)) {
                throw new PodException("proxy: " + implClass + " does not implement " + iface.getName());
            }
            try {
                impl = c.getConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                throw new PodException("proxy: " + implClass + " needs a public no-argument constructor", e);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw RemoteExceptions.toCallException("proxy: new " + implClass + "()", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new PodException("proxy: cannot instantiate " + implClass + ": " + e, e);
            }
        } finally {
            exit(f);
        }
        // The pod object is held through a reference the pod clears at close, so that a proxy the
        // host keeps does not pin the pod's loader.
        java.util.concurrent.atomic.AtomicReference<Object> target = new java.util.concurrent.atomic.AtomicReference<>(impl);
        proxyTargets.add(target);
        Map<Method, MethodHandle> handles = new ConcurrentHashMap<>();
        InvocationHandler h = (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                switch (m.getName()) {
                    case "equals":
                        return p == args[0];
                    case "hashCode":
                        return System.identityHashCode(p);
                    default:
                        return "proxy of " + iface.getName() + " to " + implClass + " in pod '" + name + "'";
                }
            }
            String what = "proxy " + iface.getSimpleName() + "." + m.getName() + " (" + implClass + ")";
            Frame fr = enter(what, "");
            try {
                MethodHandle mh = handles.computeIfAbsent(m, k -> {
                    try {
                        MethodHandle raw = MethodHandles.publicLookup().unreflect(k);
                        return raw.asType(raw.type().generic()).asSpreader(Object[].class, k.getParameterCount());
                    } catch (IllegalAccessException e) {
                        throw new PodException(what + ": not accessible: " + e.getMessage(), e);
                    }
                });
                Object receiver = target.get();
                if (receiver == null) {
                    throw new PodClosedException(name, what);
                }
                Object[] podArgs = fr.bridge.argsToPod(args == null ? new Object[0] : args);
                Object r;
                try {
                    r = (Object) mh.invokeExact(receiver, podArgs);
                } catch (PodException e) {
                    throw cutOr(fr, what, hostOnly(e, what));
                } catch (OutOfMemoryError e) {
                    throw e;
                } catch (Throwable e) {
                    throw cutOr(fr, what, RemoteExceptions.toCallException(what, e));
                }
                return fr.bridge.toHost(r);
            } finally {
                exit(fr);
            }
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
    }

    // ---- close ------------------------------------------------------------------------

    /**
     * Closes in the order of the design's close discipline: refuse new work; let calls in flight
     * finish within the grace period, then cut them short (interrupt; they report
     * {@link PodClosedException} and leave with the interrupt status they came with); run the
     * close hooks and close the evaluators; then the {@link Reaper} stops what the pod owns and
     * cleans the JVM-wide registries; last, the loader is closed and watched until collected.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread self = Thread.currentThread();
        ClassLoader prev = self.getContextClassLoader();
        PodClassLoader loader = this.loader;
        boolean interrupted = false;
        List<String> notes = new ArrayList<>();
        try {
            Set<Thread> stillInCalls;
            try {
                stillInCalls = awaitInFlight(self);
            } catch (InterruptedException e) {
                interrupted = true;
                stillInCalls = callers(self);
            }
            self.setContextClassLoader(loader);
            for (Consumer<Pod> hook : hooks) {
                try {
                    hook.accept(this);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("pod '{}': a close hook failed", name, e);
                }
            }
            synchronized (evaluators) {
                for (Evaluator ev : evaluators.values()) {
                    try {
                        ev.close();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warn("pod '{}': closing the {} evaluator failed", name, ev.language(), e);
                    }
                }
                evaluators.clear();
            }
            self.setContextClassLoader(prev == loader ? host : prev);
            // Host threads still inside a call are never touched; the pod's own threads are.
            Set<Thread> exempt = new java.util.HashSet<>();
            exempt.add(self);
            for (Thread t : stillInCalls) {
                if (!podThreads.contains(t)) {
                    exempt.add(t);
                }
            }
            Reaper reaper = new Reaper(name, loader, host, exempt, runtime.threadJoin);
            try {
                reaper.reap(Set.copyOf(podThreads));
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pod '{}': stopping what the pod owns failed", name, e);
                notes.add("close could not finish stopping what the pod owns: " + e);
            }
            notes.addAll(reaper.notes());
            for (Thread t : stillInCalls) {
                if (exempt.contains(t) && t != self) {
                    notes.add("host thread '" + t.getName() + "' was still running pod code after close's grace"
                            + " period and interrupt; an in-process pod cannot force a caller's thread");
                }
            }
        } finally {
            self.setContextClassLoader(prev == loader ? host : prev);
            targets.clear();
            Bridge b = bridge;
            if (b != null) {
                b.clear();
            }
            languages = null;
            evalContext = null;
            hooks.clear();
            proxyTargets.forEach(r -> r.set(null));
            proxyTargets.clear();
            podThreads.clear();
            frames.clear();
            this.bridge = null;
            this.loader = null;
            loader.forgetDefined();
            loader.close();
            runtime.leakWatcher.watch(loader, notes);
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /**
     * Waits (on a condition, bounded by the grace period) for calls in flight to end, then cuts
     * the rest short and waits once more; returns the threads still inside a call after that.
     */
    private Set<Thread> awaitInFlight(Thread self) throws InterruptedException {
        if (awaitCalls(self, runtime.closeGrace.toNanos())) {
            return Set.of();
        }
        for (Frame f : frames.values()) {
            if (f.thread == self) {
                continue;
            }
            synchronized (f) {
                f.cut = true;
                if (f.inCall() && !f.thread.isInterrupted()) {
                    LOG.debug("pod '{}': interrupting {} still in a call at close", name, f.thread.getName());
                    f.thread.interrupt();
                    f.interruptedByClose = true;
                }
            }
        }
        if (awaitCalls(self, runtime.threadJoin.toNanos() / 2)) {
            return Set.of();
        }
        // An eval that ignores the interrupt (a loop) would keep its evaluator busy and make
        // closing it wait forever: ask every evaluator to cancel what those threads run.
        // Evaluators stop a thread only while it is inside evaluated code.
        for (Thread t : callers(self)) {
            for (Evaluator ev : evaluators.values()) {
                try {
                    ev.cancel(t);
                } catch (RuntimeException e) {
                    LOG.warn("pod '{}': cancelling {} evaluation failed", name, ev.language(), e);
                }
            }
        }
        awaitCalls(self, runtime.threadJoin.toNanos() / 2);
        Set<Thread> left = callers(self);
        for (Thread t : left) {
            LOG.warn("pod '{}': {} is still running pod code after close's grace period and interrupt", name,
                    t.getName());
        }
        return left;
    }

    /** Waits until no other thread is inside a call, at most {@code nanos}; true when none is. */
    private boolean awaitCalls(Thread self, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (inFlightChanged) {
            while (hasOtherWork(self)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Woken by exit() when a thread leaves its outermost call of this closed pod.
                inFlightChanged.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    private Set<Thread> callers(Thread self) {
        Set<Thread> out = new java.util.HashSet<>();
        for (Frame f : frames.values()) {
            if (f.inCall() && f.thread != self) {
                out.add(f.thread);
            }
        }
        return out;
    }

    private boolean hasOtherWork(Thread self) {
        for (Frame f : frames.values()) {
            if (f.inCall() && f.thread != self) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Pod[" + name + (closed.get() ? ", closed" : "") + ", " + classpath.size() + " classpath entries]";
    }
}
