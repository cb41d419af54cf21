package dev.pods.runtime.eval;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CancellationException;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;

/**
 * One JSR-223 engine of the pod, made on the first eval. Evals share the engine's default
 * context, so an engine's global state (e.g. Groovy's binding variables) persists across evals.
 * The engine's output writers are set to {@code System.out}/{@code System.err} at each eval, so
 * output follows the pod's routing. The value is the engine's own value.
 *
 * <p>A {@link ScriptException} whose cause is the code's own exception rethrows that exception;
 * one without a cause, or caused by the engine's compiler, is a {@link PodEvalException} with
 * the engine's line and column (0 when it gives none). Evals are serialised, since JSR-223
 * engines need not be thread-safe.
 */
final class ScriptEngineEvaluator implements Evaluator {
    private final ReentrantLock lock = new ReentrantLock();
    private final String language;
    private final ScriptEngineFactory factory;
    private final EvalContext ctx;
    private final Stopper stopper = new Stopper();
    private ScriptEngine engine;
    private volatile boolean closed;

    ScriptEngineEvaluator(String language, ScriptEngineFactory factory, EvalContext ctx) {
        this.language = language;
        this.factory = factory;
        this.ctx = ctx;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public Object eval(String code) throws Exception {
        lock.lock();
        try {
            return evalLocked(code);
        } finally {
            lock.unlock();
        }
    }

    private Object evalLocked(String code) throws Exception {
        if (closed) {
            throw new PodClosedException(ctx.podName(), "eval " + language);
        }
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(ctx.loader());
        try {
            if (engine == null) {
                engine = factory.getScriptEngine();
            }
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            engine.getContext().setWriter(out);
            engine.getContext().setErrorWriter(err);
            stopper.enter();
            try {
                return engine.eval(code);
            } finally {
                stopper.leave();
                out.flush();
                err.flush();
            }
        } catch (ScriptException e) {
            throw translate(e);
        } catch (ThreadDeath e) {
            Thread.interrupted();
            throw new CancellationException("the " + language + " code was stopped (deadline passed)");
        } finally {
            current.setContextClassLoader(before);
        }
    }

    private Exception translate(ScriptException e) {
        Throwable cause = e.getCause();
        while (cause instanceof ScriptException && cause.getCause() != null) {
            e = (ScriptException) cause; // engines (Groovy) nest them
            cause = e.getCause();
        }
        if (cause instanceof ThreadDeath) {
            Thread.interrupted();
            return new CancellationException("the " + language + " code was stopped (deadline passed)");
        }
        if (cause == null || isCompileError(cause)) {
            String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
            return new PodEvalException(language, List.of(new PodEvalException.Diagnostic(
                    Math.max(0, e.getLineNumber()), Math.max(0, e.getColumnNumber()), String.valueOf(message))));
        }
        if (cause instanceof Exception) {
            return (Exception) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return e;
    }

    /** Engines wrap compile errors in their own exception types; these names cover Groovy and the common ones. */
    private static boolean isCompileError(Throwable cause) {
        for (Class<?> c = cause.getClass(); c != null; c = c.getSuperclass()) {
            String n = c.getSimpleName();
            if (n.contains("CompilationFailed") || n.contains("CompilationError") || n.contains("SyntaxError")
                    || n.equals("CompilationFailedException") || n.equals("ParseException")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void cancel(Thread thread) {
        stopper.stop(thread);
    }

    @Override
    public void close() {
        closed = true;
        boolean locked = false;
        try {
            // A script that could not be cancelled holds the lock for good: never wait on it forever.
            locked = lock.tryLock(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            return;
        }
        try {
            if (engine instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) engine).close();
                } catch (Exception e) {
                    // Closing is best effort; the pod's loader goes away next.
                }
            }
            engine = null;
        } finally {
            lock.unlock();
        }
    }
}
