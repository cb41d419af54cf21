package dev.pods.runtime.eval;

import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clojure in the pod's own Clojure runtime ({@code org.clojure:clojure} on the pod's classpath),
 * driven by reflection so that the host needs no Clojure at all and each pod runs its own version.
 *
 * <p>{@code eval} reads and evaluates every form of the code, in order, in the pod's current
 * namespace (initially {@code user}, with {@code clojure.core} referred; an {@code (ns ...)} or
 * {@code (in-ns ...)} carries over to the next eval, as in a REPL), with {@code *out*} and
 * {@code *err*} bound to writers over {@code System.out}/{@code System.err} at eval time, so
 * output follows the pod's routing. The value of the last form is converted, inside the pod, to
 * the bridge's neutral form by {@code pods.data} (keywords to {@link dev.pods.Keyword}, ratios to
 * {@link dev.pods.Ratio}, vectors to {@code ArrayList}, lists and seqs to {@code LinkedList}, ...;
 * the README's table has it all). Evaluation is lenient, as a REPL: a var, atom, function or other
 * reference becomes {@link dev.pods.Opaque}, its printed form ({@code (def x 1)} gives
 * {@code #'user/x}).
 *
 * <p>{@link #call} invokes a var by name, {@code "ns/name"}, requiring the namespace on first use;
 * its arguments arrive in the neutral form and are rebuilt as Clojure data, and its result is
 * converted strictly: a value that is not data raises {@link dev.pods.PodBridgeException}.
 * An infinite lazy seq as the result does not end (use a deadline).
 *
 * <p>Code that does not read or compile gives {@link PodEvalException} with the line and column
 * of the reader or compiler (Clojure 1.10+ report columns for compile errors); code that throws
 * rethrows its own exception (e.g. {@code clojure.lang.ExceptionInfo}), for the pod to carry as
 * data. The runtime starts on the first eval (about a second for Clojure itself). {@link #close()}
 * runs {@code shutdown-agents}. Evals may run concurrently.
 */
final class ClojureEvaluator implements Evaluator, FunctionCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ClojureEvaluator.class);
    static final String LANGUAGE = "clojure";
    private static final String SCRIPT = "clojure-eval.clj";
    /** The data conversion, shared with Clojure hosts (pods.boot requires it as a namespace). */
    private static final String DATA = "/pods/data.clj";

    private final EvalContext ctx;
    private final Object marker = new Object();
    private final Stopper stopper = new Stopper();
    private volatile Object evalFn;
    private Object callFn;
    private Method invoke2;
    private volatile boolean closed;

    ClojureEvaluator(EvalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public Object eval(String code) throws Exception {
        Object result = invoke("eval clojure", code, marker, true);
        if (result instanceof Object[]) {
            Object[] a = (Object[]) result;
            if (a.length == 4 && a[0] == marker) {
                throw new PodEvalException(LANGUAGE, List.of(new PodEvalException.Diagnostic(
                        ((Number) a[1]).longValue(), ((Number) a[2]).longValue(), String.valueOf(a[3]))));
            }
        }
        return result;
    }

    /** Invokes the var {@code "ns/name"}; see the class comment. */
    @Override
    public Object call(String function, Object[] args) throws Exception {
        return invoke("call clojure:" + function, function, args, false);
    }

    /** Calls the pod's eval-string ({@code eval} true) or call function with two arguments. */
    private Object invoke(String what, Object a, Object b, boolean eval) throws Exception {
        if (closed) {
            throw new PodClosedException(ctx.podName(), what);
        }
        Object fn = eval ? start() : startedCall();
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(ctx.loader());
        try {
            stopper.enter();
            try {
                return invoke2.invoke(fn, a, b);
            } finally {
                stopper.leave();
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ThreadDeath) {
                throw cancelled();
            }
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        } catch (ThreadDeath e) {
            throw cancelled();
        } finally {
            current.setContextClassLoader(before);
        }
    }

    private Object startedCall() throws Exception {
        start();
        return callFn;
    }

    private static CancellationException cancelled() {
        Thread.interrupted();
        return new CancellationException("the clojure code was stopped (deadline passed)");
    }

    /** Loads Clojure in the pod (once) and compiles the eval function into it. */
    private Object start() throws Exception {
        Object fn = evalFn;
        if (fn != null) {
            return fn;
        }
        synchronized (this) {
            if (evalFn != null) {
                return evalFn;
            }
            checkSpecs(ctx.loader());
            Thread current = Thread.currentThread();
            ClassLoader before = current.getContextClassLoader();
            current.setContextClassLoader(ctx.loader());
            try {
                long t0 = System.nanoTime();
                Class<?> rt = Class.forName("clojure.lang.RT", true, ctx.loader());
                Class<?> ifn = Class.forName("clojure.lang.IFn", false, ctx.loader());
                Method var = rt.getMethod("var", String.class, String.class);
                Method invoke1 = ifn.getMethod("invoke", Object.class);
                Object loadString = var.invoke(null, "clojure.core", "load-string");
                invoke1.invoke(loadString, resource(DATA));
                invoke1.invoke(loadString, resource(SCRIPT));
                invoke2 = ifn.getMethod("invoke", Object.class, Object.class);
                callFn = var.invoke(null, "pods.pod", "call");
                fn = var.invoke(null, "pods.pod", "eval-string");
                evalFn = fn;
                LOG.debug("Clojure started in pod {} in {} ms", ctx.podName(), (System.nanoTime() - t0) / 1_000_000);
                return fn;
            } catch (InvocationTargetException | ExceptionInInitializerError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PodEvalException(LANGUAGE, "Clojure did not start in pod " + ctx.podName() + ": " + cause
                        + " (is the pod's org.clojure:clojure complete, with its dependencies?)", cause);
            } finally {
                current.setContextClassLoader(before);
            }
        }
    }

    /** Clojure 1.9+ needs spec.alpha and core.specs.alpha beside it; say so before it fails obscurely. */
    private void checkSpecs(ClassLoader loader) {
        String version = ClojureEvaluatorProvider.version(loader);
        if (version == null || !ClojureEvaluatorProvider.atLeast(version, 1, 9)) {
            return;
        }
        boolean spec = loader.getResource("clojure/spec/alpha.clj") != null
                || loader.getResource("clojure/spec/alpha__init.class") != null;
        boolean coreSpecs = loader.getResource("clojure/core/specs/alpha.clj") != null
                || loader.getResource("clojure/core/specs/alpha__init.class") != null;
        if (!spec || !coreSpecs) {
            throw new PodEvalException(LANGUAGE, "Clojure " + version + " in pod " + ctx.podName()
                    + " needs org.clojure:spec.alpha and org.clojure:core.specs.alpha on the pod's classpath"
                    + " (missing: " + (spec ? "" : "spec.alpha ") + (coreSpecs ? "" : "core.specs.alpha")
                    + "); depend on org.clojure:clojure through Maven so that they come with it", null);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ClojureEvaluator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from pod-runtime's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cancel(Thread thread) {
        if (stopper.stop(thread)) {
            LOG.debug("stopped clojure code in pod {} on {}", ctx.podName(), thread.getName());
        }
    }

    /** Runs {@code clojure.core/shutdown-agents} if the runtime was started. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            if (evalFn == null) {
                return;
            }
            try {
                Class<?> rt = Class.forName("clojure.lang.RT", false, ctx.loader());
                Class<?> ifn = Class.forName("clojure.lang.IFn", false, ctx.loader());
                Object shutdown = rt.getMethod("var", String.class, String.class).invoke(null, "clojure.core", "shutdown-agents");
                ifn.getMethod("invoke").invoke(shutdown);
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("could not shut down the Clojure agent pools of pod {}", ctx.podName(), e);
            }
            evalFn = null;
        }
    }
}
