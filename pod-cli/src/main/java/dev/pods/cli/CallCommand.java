package dev.pods.cli;

import dev.pods.CallTarget;
import dev.pods.Pod;
import dev.pods.PodEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pods call -d COORD... Class/method ARG...}: arguments are JSON literals; the result is printed as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call a public static method in a pod. Arguments are JSON literals; the result is printed as JSON.",
        footer = {"", "Example:",
                "  $ pods call -d com.google.guava:guava:33.3.1-jre com.google.common.base.Strings/repeat '\"ab\"' 3",
                "  \"ababab\""})
final class CallCommand extends PodsCommand implements Callable<Integer> {
    @Mixin
    Options.Env env = new Options.Env();

    @Mixin
    Options.Process isolation = new Options.Process();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds.")
    Double timeoutSeconds;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The method, e.g. com.acme.Tool/run, or a Clojure var, clojure:ns/name.")
    String target;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments as JSON literals: '\"text\"' 42 true null '[1,2]'.")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        CallTarget.parse(target); // before resolving: a bad target is known at once
        Object[] args = new Object[arguments.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = Json.parse(arguments.get(i), "argument " + (i + 1));
        }
        PodEnv podEnv = routed(isolation.apply(env.toEnv("call")));
        Timer t = Timer.start();
        try (Pod pod = PodMaker.create(podEnv, this)) {
            detail("pod ready in " + t.lap());
            Object result = timeoutSeconds == null
                    ? pod.call(target, args)
                    : pod.callWithTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)), target, args);
            out().println(Json.format(result));
            detail("called in " + t.lap());
        }
        return Main.OK;
    }
}
