package dev.pods.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pods repl -d COORD... [--lang java|clojure]}: an interactive REPL in a pod. On a
 * terminal: line editing, history, multi-line entries (an entry ends when its brackets close);
 * without one, entries are read from standard input and each value printed. {@code :reset}
 * switches to a fresh warm pod, {@code :quit} (or end of input) leaves.
 */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = "An interactive REPL in a pod over the given dependencies (Java with JShell semantics, or Clojure).",
        footer = {"", "Commands: :reset (a fresh warm pod: nothing of the old state survives), :help, :quit.",
                "", "Examples:",
                "  $ pods repl -d org.clojure:clojure:1.12.3 --lang clojure",
                "  $ pods repl -d com.google.guava:guava:33.3.1-jre",
                "  $ echo '(+ 1 2)' | pods repl -d org.clojure:clojure:1.12.3 --lang clojure"})
final class ReplCommand extends PodsCommand implements Callable<Integer> {
    @Mixin
    Options.Env env = new Options.Env();

    @Option(names = {"-l", "--lang"}, paramLabel = "LANG",
            description = "java or clojure (default: clojure when org.clojure:clojure is a dependency, else java).")
    String language;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Where a terminal session keeps its history (default: ~/.pods/repl-history-LANG).")
    Path history;

    @Override
    public Integer call() throws Exception {
        String lang = language != null ? language
                : env.dependencies.stream().anyMatch(d -> d.equals("org.clojure:clojure") || d.startsWith("org.clojure:clojure:")) ? "clojure" : "java";
        if (!lang.equals("java") && !lang.equals("clojure")) {
            throw new UserException("--lang " + lang + " is not offered by pods repl; give java or clojure");
        }
        return Repl.run(this, lang);
    }
}
