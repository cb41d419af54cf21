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
 * JDK data:
 * <table>
 *   <caption>Clojure values and what eval returns</caption>
 *   <tr><th>Clojure</th><th>returned as</th></tr>
 *   <tr><td>vector, list, seq (lazy seqs are realised)</td><td>{@code java.util.ArrayList}</td></tr>
 *   <tr><td>map, record</td><td>{@code java.util.LinkedHashMap} (keys and values converted)</td></tr>
 *   <tr><td>set</td><td>{@code java.util.LinkedHashSet}</td></tr>
 *   <tr><td>keyword</td><td>its string, {@code ":k"} or {@code ":ns/k"}</td></tr>
 *   <tr><td>symbol</td><td>its string, {@code "s"} or {@code "ns/s"}</td></tr>
 *   <tr><td>ratio</td><td>{@code BigDecimal}, rounded to {@code MathContext.DECIMAL128}</td></tr>
 *   <tr><td>{@code clojure.lang.BigInt}</td><td>{@code BigInteger}</td></tr>
 *   <tr><td>nil, string, long, double, boolean, char, BigDecimal</td><td>unchanged</td></tr>
 *   <tr><td>anything else (functions, vars, Java objects)</td><td>unchanged (it may not cross the bridge)</td></tr>
 * </table>
 * An infinite lazy seq as the result does not end (use a deadline).
 *
 * <p>Code that does not read or compile gives {@link PodEvalException} with the line and column
 * of the reader or compiler (Clojure 1.10+ report columns for compile errors); code that throws
 * rethrows its own exception (e.g. {@code clojure.lang.ExceptionInfo}), for the pod to carry as
 * data. The runtime starts on the first eval (about a second for Clojure itself). {@link #close()}
 * runs {@code shutdown-agents}. Evals may run concurrently.
 */
final class ClojureEvaluator implements Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(ClojureEvaluator.class);
    static final String LANGUAGE = "clojure";
    private static final String SCRIPT = "clojure-eval.clj";

    private final EvalContext ctx;
    private final Object marker = new Object();
    private final Stopper stopper = new Stopper();
    private volatile Object evalFn;
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
        if (closed) {
            throw new PodClosedException(ctx.podName(), "eval clojure");
        }
        Object fn = start();
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(ctx.loader());
        Object result;
        try {
            stopper.enter();
            try {
                result = invoke2.invoke(fn, code, marker);
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
        if (result instanceof Object[]) {
            Object[] a = (Object[]) result;
            if (a.length == 4 && a[0] == marker) {
                throw new PodEvalException(LANGUAGE, List.of(new PodEvalException.Diagnostic(
                        ((Number) a[1]).longValue(), ((Number) a[2]).longValue(), String.valueOf(a[3]))));
            }
        }
        return result;
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
                fn = invoke1.invoke(loadString, script());
                invoke2 = ifn.getMethod("invoke", Object.class, Object.class);
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

    private static String script() {
        try (InputStream in = ClojureEvaluator.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from pod-runtime's jar");
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
