package dev.pods.cli;

import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;

/**
 * The body of {@code pods repl}: entries read from a terminal (JLine: editing, history,
 * multi-line) or from standard input, evaluated in the current pod of a pool of one warm pod,
 * values printed (Clojure's as Clojure prints them), errors printed on one line without ending
 * the session. {@code :reset} takes the warm pod (the old one is closed in the background).
 */
final class Repl {
    private static final Duration WAIT = Duration.ofMinutes(10);

    private final ReplCommand cmd;
    private final String language;
    private final PodPool pool;
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean failed;

    private Repl(ReplCommand cmd, String language, PodPool pool, PrintWriter out, PrintWriter err) {
        this.cmd = cmd;
        this.language = language;
        this.pool = pool;
        this.out = out;
        this.err = err;
    }

    /** Where entries come from: a complete entry per call, null at the end. */
    private interface Source extends AutoCloseable {
        String next() throws IOException;

        @Override
        void close() throws IOException;
    }

    static int run(ReplCommand cmd, String language) throws IOException {
        PodEnv env = cmd.routed(cmd.env.toEnv("repl"));
        try (PodMaker maker = new PodMaker(cmd)) {
            // Resolved here, on this thread, so a failure is this command's error; the pool's pods
            // (the first and every :reset) take the same resolution from the maker's resolver.
            maker.resolve(env);
            return run(cmd, language, env, maker);
        }
    }

    private static int run(ReplCommand cmd, String language, PodEnv env, PodMaker maker) throws IOException {
        String warm = language.equals("clojure") ? "nil" : "0";
        Timer t = Timer.start();
        try (PodPool pool = PodPool.builder(env).size(1).init(p -> p.eval(language, warm))
                .podFactory(maker::create).build()) {
            pool.current(WAIT);
            cmd.info(language + " REPL in a pod, ready in " + t.lap() + "; :reset for a fresh pod, :quit to leave");
            boolean terminal = cmd.stdin == System.in && System.console() != null;
            try (Source source = terminal ? terminal(cmd, language) : stream(cmd, language)) {
                Repl repl = new Repl(cmd, language, pool, cmd.out(), cmd.err());
                repl.loop(source);
                return repl.failed && !terminal ? Main.USER_ERROR : Main.OK;
            }
        }
    }

    private void loop(Source source) throws IOException {
        String entry;
        while ((entry = source.next()) != null) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            switch (text) {
                case ":quit", ":exit" -> {
                    return;
                }
                case ":help" -> out.println(":reset  switch to a fresh warm pod (nothing of the old state survives)\n"
                        + ":quit   leave (or end of input)\nanything else is " + language + " code, evaluated in the pod");
                case ":reset" -> reset();
                default -> evaluate(text);
            }
            out.flush();
        }
    }

    private void reset() {
        Timer t = Timer.start();
        try {
            pool.refresh();
            out.println(";; a fresh " + language + " pod, ready in " + t.lap());
        } catch (PodException e) {
            report(e);
        }
    }

    private void evaluate(String code) {
        try {
            Object v = pool.current(WAIT).eval(language, code);
            out.println(language.equals("clojure") ? EdnPrinter.print(v) : Json.format(v));
        } catch (PodException e) {
            report(e);
        }
    }

    private void report(PodException e) {
        failed = true;
        out.flush();
        err.println("error: " + Errors.message(e));
        err.flush();
    }

    // ---- sources --------------------------------------------------------------------------

    private static Source stream(ReplCommand cmd, String language) {
        BufferedReader in = new BufferedReader(new InputStreamReader(cmd.stdin, StandardCharsets.UTF_8));
        return new Source() {
            @Override
            public String next() throws IOException {
                StringBuilder entry = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    entry.append(line).append('\n');
                    if (Forms.complete(entry.toString(), language)) {
                        return entry.toString();
                    }
                }
                return entry.length() == 0 ? null : entry.toString(); // the rest: let the language say what is missing
            }

            @Override
            public void close() {
                // standard input belongs to the caller
            }
        };
    }

    private static Source terminal(ReplCommand cmd, String language) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        if (terminal.getWidth() <= 0) {
            // a pseudo-terminal nobody sized (script, ssh -T, CI): JLine cannot lay out a 0-column line
            terminal.setSize(new Size(80, 24));
        }
        Path history = cmd.history != null ? cmd.history
                : Path.of(System.getProperty("user.home"), ".pods", "repl-history-" + language);
        Files.createDirectories(history.toAbsolutePath().getParent());
        LineReader reader = LineReaderBuilder.builder().appName("pods").terminal(terminal)
                .parser(new EntryParser(language))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ...> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // swap! and reset! are not history events
                .build();
        String prompt = language + "=> ";
        return new Source() {
            @Override
            public String next() {
                while (true) {
                    try {
                        return reader.readLine(prompt);
                    } catch (UserInterruptException e) {
                        // Ctrl-C drops the entry being typed, as shells do
                    } catch (EndOfFileException e) {
                        return null;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    reader.getHistory().save();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not save the REPL history to " + history, e);
                } finally {
                    terminal.close();
                }
            }
        };
    }

    /** Asks JLine for another line while an entry's brackets are open. */
    private static final class EntryParser implements Parser {
        private final String language;
        private final DefaultParser words = new DefaultParser();

        EntryParser(String language) {
            this.language = language;
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.strip().startsWith(":")
                    && !Forms.complete(line, language)) {
                throw new EOFError(-1, -1, "the entry is not complete", "closing bracket");
            }
            return words.parse(line, cursor, context == ParseContext.ACCEPT_LINE ? ParseContext.SPLIT_LINE : context);
        }
    }
}
