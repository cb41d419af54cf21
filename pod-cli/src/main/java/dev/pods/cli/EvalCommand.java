package dev.pods.cli;

import dev.pods.Pod;
import dev.pods.PodEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pods eval -d COORD... [--lang L] CODE}: evaluates code in a fresh pod and prints the value. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate code in a pod over the given dependencies and print the value.",
        footer = {"", "Examples:",
                "  $ pods eval -d com.google.guava:guava:33.3.1-jre 'com.google.common.base.Strings.repeat(\"ab\", 3)'",
                "  $ pods eval -d org.clojure:clojure:1.12.0 --lang clojure '(map inc [1 2 3])'",
                "  $ echo '1 + 2' | pods eval -",
                "  $ pods eval --process --jvm-opt=-Xmx64m 'Runtime.getRuntime().maxMemory() >> 20'"})
final class EvalCommand extends PodsCommand implements Callable<Integer> {
    @Mixin
    Options.Env env = new Options.Env();

    @Mixin
    Options.Process isolation = new Options.Process();

    @Option(names = {"-l", "--lang"}, paramLabel = "LANG", defaultValue = "java",
            description = "The language: java (default), clojure, or any JSR-223 engine in the pod.")
    String language;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds.")
    Double timeoutSeconds;

    @Parameters(index = "0", paramLabel = "CODE", description = "The code, or - to read it from standard input.")
    String code;

    @Override
    public Integer call() {
        String source = code.equals("-") ? readStdin() : code;
        PodEnv podEnv = routed(isolation.apply(env.toEnv("eval")));
        Timer t = Timer.start();
        try (Pod pod = PodMaker.create(podEnv, this)) {
            detail("pod ready in " + t.lap());
            Object value = timeoutSeconds == null
                    ? pod.eval(language, source)
                    : pod.evalWithTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)), language, source);
            // Clojure's values as Clojure prints them (keywords, lists vs vectors, ratios); others as JSON
            out().println(language.equals("clojure") && !(value instanceof String) ? EdnPrinter.print(value)
                    : Json.show(value));
            detail("evaluated in " + t.lap());
        }
        return Main.OK;
    }

    private String readStdin() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the code from standard input", e);
        }
    }
}
