package dev.pods.runtime.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs snippets directly on the thread that called {@code JShell.eval}, which is the pod's
 * caller thread, and keeps the real value (or the real exception) of the last invocation.
 *
 * <p>Unlike JDK 17's {@code LocalExecutionControl} this neither starts a thread per snippet nor
 * joins the threads a snippet starts, and it never installs a JVM-wide default uncaught
 * exception handler. Stopping is {@link #stop(Thread)} (see {@link Stopper}).
 *
 * <p>Confined to one eval at a time (the evaluator serialises); {@link #stop(Thread)} may be
 * called from any thread.
 */
final class PodExecutionControl extends DirectExecutionControl {
    /** Marks "no invocation happened" apart from a null value. */
    static final Object NO_VALUE = new Object();

    private final Stopper stopper = new Stopper();
    private Object lastValue = NO_VALUE;
    private Throwable lastThrown;
    private Method lastMethod;

    PodExecutionControl(SnippetLoader loader) {
        super(loader);
    }

    void reset() {
        lastValue = NO_VALUE;
        lastThrown = null;
        lastMethod = null;
    }

    /** The snippet method that ran last since {@link #reset()}, or null. */
    Method lastMethod() {
        return lastMethod;
    }

    /**
     * Runs an already loaded snippet method again, outside JShell (the evaluator's cache of
     * compiled expressions), with the same stop protocol; throws the snippet's own exception.
     */
    Object rerun(Method doitMethod) throws Throwable {
        stopper.enter();
        try {
            return doitMethod.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            stopper.leave();
        }
    }

    Object lastValue() {
        return lastValue;
    }

    Throwable lastThrown() {
        return lastThrown;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value;
        lastMethod = doitMethod;
        try {
            value = doitMethod.invoke(null);
        } catch (InvocationTargetException e) {
            lastThrown = e.getCause();
            throw e;
        }
        lastValue = value;
        // JShell wants a display string; the evaluator uses lastValue, so do not pay for toString().
        return "";
    }

    @Override
    protected void clientCodeEnter() {
        stopper.enter();
    }

    @Override
    protected void clientCodeLeave() {
        stopper.leave();
    }

    /** Stops the snippet running on {@code thread}, if one is. Returns whether a stop was sent. */
    boolean stop(Thread thread) {
        return stopper.stop(thread);
    }
}
