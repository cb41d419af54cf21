package dev.pods.runtime;

import dev.pods.CapturedOutput;
import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.runtime.CallFrames.Frame;
import dev.pods.runtime.bridge.Bridge;
import dev.pods.runtime.eval.EvalContext;
import dev.pods.runtime.loader.PodClassLoader;
import dev.pods.runtime.loader.SharedClasses;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod in this JVM: the host side of the seam, with the channel a direct call. A call enters the
 * pod's context on the caller's thread (context class loader = pod loader, the pod's output
 * route), copies the arguments in through the bridge, lets {@link PodSide} choose the overload and
 * invoke, and copies the result out. Timed work runs on a pod thread ({@link Deadlines}); which
 * threads are inside the pod, and how close waits for them, is {@link CallFrames}; what the pod
 * owns is stopped by the {@link Reaper}. Thread-safe.
 */
final class LocalPod implements Pod {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPod.class);

    /** What a call needs, in one volatile read; null once the pod is closed (so a kept pod object pins nothing). */
    record Live(PodClassLoader loader, Bridge bridge, PodSide side) {
    }

    private final PodRuntime runtime;
    private final PodEnv env;
    private final String name;
    private final List<Path> classpath;
    /** The loader the pod was made from: shared classes come from it; threads leaving the pod get it back. */
    private final ClassLoader host;
    private volatile Live live;
    private final OutputRouter.Route route;
    private final CapturedOutput output;
    private final CallFrames frames;
    private final PodThreads threads;
    private final Deadlines deadlines;
    private final List<Consumer<Pod>> hooks = new CopyOnWriteArrayList<>();
    private final Set<AtomicReference<Object>> proxyTargets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    LocalPod(PodRuntime runtime, PodEnv env, List<Path> classpath, ClassLoader host) {
        this.runtime = runtime;
        this.env = env;
        this.name = env.name();
        this.classpath = List.copyOf(classpath);
        this.host = host;
        SharedClasses shared = SharedClasses.of(env.sharedPackages());
        PodClassLoader l = new PodClassLoader(name, this.classpath, host, shared);
        if (env.outputMode() == OutputMode.CAPTURE) {
            runtime.router.install();
            OutputRouter.Capture c = new OutputRouter.Capture();
            this.output = c;
            this.route = c.route;
        } else if (env.outputMode() == OutputMode.SINK) {
            runtime.router.install();
            this.output = OutputRouter.NONE;
            this.route = OutputRouter.Route.toSinks(env.stdoutSink().orElseThrow(), env.stderrSink().orElseThrow());
        } else {
            this.output = OutputRouter.NONE;
            this.route = null;
        }
        this.frames = new CallFrames(name);
        this.threads = new PodThreads(name, runtime.router, route);
        this.deadlines = new Deadlines(name, threads, host, runtime.deadlineStopGrace);
        Evaluators evaluators = new Evaluators(name, runtime::providers,
                new EvalContext(name, l, this.classpath, threads.factory(l)));
        this.live = new Live(l, new Bridge(host, l, env.maxPayloadBytes()), new PodSide(name, l, this.classpath,
                shared, evaluators));
    }

    // ---- context ----------------------------------------------------------------------

    /** Enters the pod on the current thread; {@code verb + subject} names the work when refused. */
    private Frame enter(String verb, String subject) {
        Thread t = Thread.currentThread();
        Frame f = frames.frame(t);
        int d = f.depth;
        // Registered (a volatile write) before the closed flag is read: see CallFrames.
        f.depth = d + 1;
        Live l = live;
        if (l == null || closed.get()) {
            f.depth = d;
            if (d == 0) {
                frames.forget(f);
            }
            throw new PodClosedException(name, verb + subject);
        }
        f.live = l;
        if (d == f.prevLoaders.length) {
            f.prevLoaders = java.util.Arrays.copyOf(f.prevLoaders, d * 2);
            f.prevRoutes = java.util.Arrays.copyOf(f.prevRoutes, d * 2);
        }
        ClassLoader prev = t.getContextClassLoader();
        f.prevLoaders[d] = prev;
        if (prev != l.loader()) {
            t.setContextClassLoader(l.loader());
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
        if (d == 0) {
            f.live = null;
        }
        f.depth = d;
        if (d == 0 && (f.cut || closed.get())) {
            frames.left(f, d, closed.get());
        }
    }

    /** The failure to report for work that ended with {@code e}: PodClosedException when close cut it short. */
    private RuntimeException cutOr(Frame f, String what, RuntimeException e) {
        return f.cut && !(e instanceof PodClosedException) ? new PodClosedException(name, what, e) : e;
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
        Live l = live;
        if (l == null) {
            throw new PodClosedException(name, "hand out its class loader");
        }
        return l.loader();
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
            Live l = f.live;
            Object result = l.side().call(target, l.bridge().argsToPod(a));
            return (T) l.bridge().toHost(result);
        } catch (RuntimeException e) {
            throw cutOr(f, "call " + target, e);
        } finally {
            exit(f);
        }
    }

    @Override
    public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
        Deadlines.checkTimeout(timeout, "call " + target);
        if (closed.get()) {
            throw new PodClosedException(name, "call " + target);
        }
        return deadlines.run(timeout, "call " + target, () -> call(target, args), null);
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
                // A call with the namespace as a symbol (never spliced into code): the same path as clojure: calls.
                dev.pods.Symbol ns;
                try {
                    ns = dev.pods.Symbol.parse(n.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    throw new PodException("require " + n + ": " + e.getMessage(), e);
                }
                call("clojure:clojure.core/require", ns);
                continue;
            }
            Frame f = enter("require ", n);
            try {
                f.live.side().require(n);
            } catch (RuntimeException e) {
                throw cutOr(f, "require " + n, e);
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
            Live l = f.live;
            return l.bridge().toHost(l.side().eval(language, code));
        } catch (RuntimeException e) {
            throw cutOr(f, "eval " + language, e);
        } finally {
            exit(f);
        }
    }

    @Override
    public Object evalWithTimeout(Duration timeout, String language, String code) {
        Deadlines.checkTimeout(timeout, "eval " + language);
        Live l = live;
        if (l == null || closed.get()) {
            throw new PodClosedException(name, "eval " + language);
        }
        return deadlines.run(timeout, "eval " + language, () -> eval(language, code),
                t -> l.side().evaluators().cancel(language, t));
    }

    @Override
    public Set<String> languages() {
        Live l = live;
        if (closed.get() || l == null) {
            throw new PodClosedException(name, "list languages");
        }
        return l.side().languages();
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
            Object[] made = f.live.side().proxyTarget(iface.getName(), iface.getPackageName(), implClass);
            if (made[0] != iface) {
                throw PodSide.notShared(iface.getName(), iface.getPackageName());
            }
            impl = made[1];
        } finally {
            exit(f);
        }
        // The pod object is held through a reference the pod clears at close, so that a proxy the
        // host keeps does not pin the pod's loader.
        AtomicReference<Object> target = new AtomicReference<>(impl);
        proxyTargets.add(target);
        InvocationHandler h = (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return PodSide.objectMethod(p, m, args,
                        "proxy of " + iface.getName() + " to " + implClass + " in pod '" + name + "'");
            }
            String what = "proxy " + iface.getSimpleName() + "." + m.getName() + " (" + implClass + ")";
            Frame fr = enter(what, "");
            try {
                Object receiver = target.get();
                if (receiver == null) {
                    throw new PodClosedException(name, what);
                }
                Live l = fr.live;
                Object[] podArgs = l.bridge().argsToPod(args == null ? new Object[0] : args);
                return l.bridge().toHost(l.side().invoke(what, receiver, m, podArgs));
            } catch (RuntimeException e) {
                throw cutOr(fr, what, e);
            } finally {
                exit(fr);
            }
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
    }

    // ---- close ------------------------------------------------------------------------

    /**
     * Closes in the order of the design's close discipline: refuse new work; let calls in flight
     * finish within the grace period, then cut them short ({@link CallFrames}); run the close hooks
     * and close the evaluators; then the {@link Reaper} stops what the pod owns and cleans the
     * JVM-wide registries; last, the loader is closed and watched until collected.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread self = Thread.currentThread();
        ClassLoader prev = self.getContextClassLoader();
        Live l = live;
        PodClassLoader loader = l.loader();
        boolean interrupted = false;
        List<String> notes = new ArrayList<>();
        try {
            Set<Thread> stillInCalls;
            try {
                stillInCalls = frames.awaitAndCut(self, runtime.closeGrace.toNanos(), runtime.threadJoin.toNanos(),
                        t -> l.side().evaluators().cancel(null, t));
            } catch (InterruptedException e) {
                interrupted = true;
                stillInCalls = frames.callers(self);
            }
            self.setContextClassLoader(loader);
            for (Consumer<Pod> hook : hooks) {
                try {
                    hook.accept(this);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("pod '{}': a close hook failed", name, e);
                }
            }
            l.side().evaluators().close();
            self.setContextClassLoader(prev == loader ? host : prev);
            // Host threads still inside a call are never touched; the pod's own threads are.
            Set<Thread> exempt = new HashSet<>();
            exempt.add(self);
            for (Thread t : stillInCalls) {
                if (!threads.contains(t)) {
                    exempt.add(t);
                }
            }
            Reaper reaper = new Reaper(name, loader, host, exempt, runtime.threadJoin);
            try {
                reaper.reap(threads.snapshot());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pod '{}': stopping what the pod owns failed", name, e);
                notes.add("close could not finish stopping what the pod owns: " + e);
            }
            notes.addAll(reaper.notes());
            for (Thread t : stillInCalls) {
                if (exempt.contains(t)) {
                    notes.add("host thread '" + t.getName() + "' was still running pod code after close's grace"
                            + " period and interrupt; an in-process pod cannot force a caller's thread");
                }
            }
        } finally {
            self.setContextClassLoader(prev == loader ? host : prev);
            l.side().clear();
            l.bridge().clear();
            hooks.clear();
            proxyTargets.forEach(r -> r.set(null));
            proxyTargets.clear();
            threads.clear();
            frames.clear();
            this.live = null;
            loader.forgetDefined();
            loader.close();
            runtime.leakWatcher.watch(loader, notes);
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Pod[" + name + (closed.get() ? ", closed" : "") + ", " + classpath.size() + " classpath entries]";
    }
}
