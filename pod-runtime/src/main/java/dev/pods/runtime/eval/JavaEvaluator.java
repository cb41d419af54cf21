package dev.pods.runtime.eval;

import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java through JShell, in-process, inside one pod.
 *
 * <p>Snippet classes live in a {@link SnippetLoader} whose parent is the pod's loader; JShell's
 * compiler sees the pod's classpath (and not the host's). REPL state (imports, variables,
 * methods, classes) persists across evals. One string may hold several snippets; they run in
 * order and the value of the last one is returned: the real object for an expression or a
 * variable declaration, null for statements and declarations of methods, classes and imports.
 * A snippet that does not compile ends the eval with {@link PodEvalException} (earlier snippets
 * of the same string stay applied, as in a REPL); a snippet that throws rethrows its own
 * exception object.
 *
 * <p>Unlike the jshell tool, an expression's temporary variable ({@code $1}, ...) is dropped once
 * its value is captured: kept, each would be imported into every later snippet and make evals
 * slower and slower. Name a variable to keep a value. A code string that was a single
 * expression or statement is remembered with its compiled method and, evaluated again before
 * any declaration or import changes the REPL, runs that method again without recompiling.
 *
 * <p>Evals are serialised. The JShell instance is made on the first eval. JShell's source
 * analysis starts a JVM-wide daemon indexer thread of its own (shared by all pods, holding no
 * pod's classes); it is not the pod's and is not stopped with it.
 */
final class JavaEvaluator implements Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(JavaEvaluator.class);
    static final String LANGUAGE = "java";

    private final EvalContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile PodExecutionControl control;
    private JShell shell;
    private volatile boolean closed;
    /**
     * Compiled single-snippet expressions and statements by their exact source, run again without
     * JShell (a warm eval of the same string then costs a method call instead of a compilation).
     * Cleared by every declaration, import or failed snippet: those can change what a source means.
     */
    private final Map<String, Method> compiled = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Method> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private static final int CACHE_SIZE = 256;

    JavaEvaluator(EvalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public Object eval(String code) throws Exception {
        lock.lock();
        try {
            if (closed) {
                throw new PodClosedException(ctx.podName(), "eval java");
            }
            JShell js = shell();
            Method cached = compiled.get(code);
            if (cached != null) {
                return rerun(cached);
            }
            SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
            String rest = code;
            int consumed = 0;
            Object result = null;
            while (true) {
                int lead = leadingWhitespace(rest);
                if (lead == rest.length()) {
                    return result;
                }
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                String source;
                String next;
                switch (info.completeness()) {
                    case EMPTY:
                        return result;
                    case COMPLETE:
                    case COMPLETE_WITH_SEMI:
                        source = info.source();
                        next = info.remaining();
                        break;
                    default:
                        // Incomplete or unparsable: let the compiler say why, at the right place.
                        source = rest.substring(lead);
                        next = "";
                        break;
                }
                int start = consumed + offsetOf(rest, source, lead);
                boolean single = consumed == 0 && leadingWhitespace(next) == next.length();
                result = evalOne(js, code, source, start, single);
                consumed += rest.length() - next.length();
                rest = next;
            }
        } finally {
            lock.unlock();
        }
    }

    private Object rerun(Method doit) throws Exception {
        try {
            return control.rerun(doit);
        } catch (ThreadDeath stopped) {
            throw cancelled();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new PodEvalException(LANGUAGE, t.toString(), t);
        }
    }

    private Object evalOne(JShell js, String code, String source, int start, boolean single) throws Exception {
        PodExecutionControl ctl = control;
        ctl.reset();
        List<SnippetEvent> events;
        try {
            events = js.eval(source);
        } catch (ThreadDeath stopped) {
            compiled.clear();
            throw cancelled();
        }
        boolean cacheable = single && events.size() == 1;
        SnippetEvent main = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null) {
                main = e;
                break;
            }
        }
        if (main == null) {
            compiled.clear();
            return null;
        }
        Snippet snippet = main.snippet();
        if (main.status() != Snippet.Status.VALID || main.exception() != null || !rerunnable(snippet)) {
            compiled.clear();
            cacheable = false;
        }
        if (main.status() == Snippet.Status.REJECTED) {
            throw new PodEvalException(LANGUAGE, diagnostics(js, snippet, code, start));
        }
        JShellException failure = main.exception();
        if (failure != null) {
            Throwable real = ctl.lastThrown();
            if (real instanceof ThreadDeath) {
                throw cancelled();
            }
            if (real instanceof Exception) {
                throw (Exception) real;
            }
            if (real instanceof Error) {
                throw (Error) real;
            }
            if (failure instanceof UnresolvedReferenceException) {
                UnresolvedReferenceException u = (UnresolvedReferenceException) failure;
                throw new PodEvalException(LANGUAGE, "the code uses " + u.getSnippet().source().strip()
                        + ", which cannot run until what it refers to is declared", null);
            }
            if (failure instanceof EvalException) {
                throw new PodEvalException(LANGUAGE, ((EvalException) failure).getExceptionClassName()
                        + ": " + failure.getMessage(), failure);
            }
            throw new PodEvalException(LANGUAGE, String.valueOf(failure.getMessage()), failure);
        }
        Object value = ctl.lastValue();
        if (cacheable && ctl.lastMethod() != null) {
            compiled.put(code, ctl.lastMethod());
        }
        if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            // The value was captured; an active $N would be imported into every later snippet.
            js.drop(snippet);
        }
        if (value == PodExecutionControl.NO_VALUE) {
            return null;
        }
        switch (snippet.kind()) {
            case EXPRESSION:
            case VAR:
                return value;
            default:
                return null;
        }
    }

    /** Snippets whose compiled method can run again with the same meaning until the next declaration. */
    private static boolean rerunnable(Snippet snippet) {
        switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND:
            case VAR_VALUE_SUBKIND:
            case ASSIGNMENT_SUBKIND:
            case OTHER_EXPRESSION_SUBKIND:
            case STATEMENT_SUBKIND:
                return true;
            default:
                return false;
        }
    }

    private static CancellationException cancelled() {
        Thread.interrupted();
        return new CancellationException("the java snippet was stopped (deadline passed)");
    }

    private static List<PodEvalException.Diagnostic> diagnostics(JShell js, Snippet snippet, String code, int start) {
        List<PodEvalException.Diagnostic> out = new ArrayList<>();
        List<Diag> diags = js.diagnostics(snippet).collect(Collectors.toList());
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            long pos = d.getPosition() != Diag.NOPOS ? d.getPosition() : d.getStartPosition();
            String message = d.getMessage(Locale.ROOT);
            if (pos == Diag.NOPOS || pos < 0) {
                out.add(new PodEvalException.Diagnostic(0, 0, message));
            } else {
                long abs = Math.min(code.length(), start + pos);
                long line = 1;
                long col = 1;
                for (int i = 0; i < abs; i++) {
                    if (code.charAt(i) == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                }
                out.add(new PodEvalException.Diagnostic(line, col, message));
            }
        }
        if (out.isEmpty()) {
            out.add(new PodEvalException.Diagnostic(0, 0, "JShell rejected the snippet: " + snippet.source().strip()));
        }
        return out;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Where JShell's snippet source starts in {@code rest} (it may drop comments and add a ';'). */
    private static int offsetOf(String rest, String source, int lead) {
        String probe = source.strip();
        if (probe.endsWith(";")) {
            probe = probe.substring(0, probe.length() - 1);
        }
        if (!probe.isEmpty()) {
            int at = rest.indexOf(probe.length() > 40 ? probe.substring(0, 40) : probe);
            if (at >= 0) {
                // JShell's positions count from the start of source, leading blanks included.
                return Math.max(0, at - (source.length() - source.stripLeading().length()));
            }
        }
        return lead;
    }

    private JShell shell() {
        if (shell == null) {
            long t0 = System.nanoTime();
            shell = onCleanThread(this::build);
            LOG.debug("JShell started in pod {} in {} ms", ctx.podName(), (System.nanoTime() - t0) / 1_000_000);
        }
        return shell;
    }

    private JShell build() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        SnippetLoader loader = new SnippetLoader(ctx.podName(), ctx.loader());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        JShell js = JShell.builder()
                .in(new ByteArrayInputStream(new byte[0]))
                .out(discard)
                .err(discard)
                .executionEngine(new Provider(loader), Map.of())
                .fileManager(fm -> podClasspath(fm, ctx.classpath()))
                .build();
        // Made here, not on the pod's thread: see onCleanThread.
        js.sourceCodeAnalysis();
        if (Thread.getDefaultUncaughtExceptionHandler() != before) {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        return js;
    }

    /**
     * Runs {@code task} on a new thread of the JVM's top thread group that inherits nothing from
     * the pod: no context class loader, no inheritable thread locals (the pod's output routing).
     * JShell's source analysis starts a JVM-wide indexer thread the first time it is used; made
     * on the pod's thread, that thread would inherit the pod's loader and routing and pin the
     * first pod forever.
     */
    private static <T> T onCleanThread(java.util.function.Supplier<T> task) {
        ThreadGroup top = Thread.currentThread().getThreadGroup();
        while (top.getParent() != null) {
            top = top.getParent();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(top, () -> {
            try {
                result[0] = task.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "pods-jshell-start", 0, false);
        t.setContextClassLoader(null);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException) {
            throw (RuntimeException) failure[0];
        }
        if (failure[0] instanceof Error) {
            throw (Error) failure[0];
        }
        if (failure[0] != null) {
            throw new IllegalStateException("JShell did not start", failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /**
     * The compiler's classpath is the pod's, set once on the file manager (JShell would otherwise
     * start from the host's {@code java.class.path}).
     */
    private static StandardJavaFileManager podClasspath(StandardJavaFileManager fm, List<Path> classpath) {
        try {
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give the pod's classpath to JShell's compiler: " + classpath, e);
        }
        return fm;
    }

    @Override
    public void cancel(Thread thread) {
        PodExecutionControl ctl = control;
        if (ctl != null && ctl.stop(thread)) {
            LOG.debug("stopped a java snippet in pod {} on {}", ctx.podName(), thread.getName());
        }
    }

    @Override
    public void close() {
        closed = true;
        boolean locked = false;
        try {
            // A snippet that could not be cancelled holds the lock for good: never wait on it forever.
            locked = lock.tryLock(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warn("pod {}: a java snippet is still running at close; JShell is left to the garbage collector",
                    ctx.podName());
            control = null;
            return;
        }
        try {
            compiled.clear();
            if (shell != null) {
                shell.close();
                shell = null;
                control = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private static final long CLOSE_WAIT_MS = 1000;

    private final class Provider implements ExecutionControlProvider {
        private final SnippetLoader loader;

        Provider(SnippetLoader loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "pod";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            PodExecutionControl ctl = new PodExecutionControl(loader);
            control = ctl;
            return ctl;
        }
    }
}
