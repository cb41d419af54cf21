package dev.pods.cli;

import dev.pods.CallTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pods watch --classes DIR -d COORD... --start Class/method --stop Class/method}: the
 * reload loop. Dependencies stay warm in a pool; on every change under DIR the running system
 * is stopped, a warm pod takes the fresh classes, and the system starts again.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Run an application in a pod and reset it in a warm pod whenever its classes change.",
        footer = {"", "Examples:",
                "  $ pods watch --classes target/classes -d com.google.guava:guava:33.3.1-jre \\",
                "      --start com.acme.Main/start --stop com.acme.Main/stop",
                "  $ pods watch --classes src -d org.clojure:clojure:1.12.3 -d org.clojure:tools.namespace:1.5.0 \\",
                "      --start clojure:dev/go --stop clojure:dev/halt",
                "", "With Clojure vars and tools.namespace among the dependencies, a change is refreshed in the",
                "running pod (changed namespaces and their dependents, in dependency order); a failed refresh",
                "moves the system to a fresh warm pod.",
                "", "While it runs, type :reset and Enter for a full reset: the system moves to a fresh warm pod."})
final class WatchCommand extends PodsCommand implements Callable<Integer> {
    @Mixin
    Options.Env env = new Options.Env();

    @Option(names = "--classes", paramLabel = "DIR", required = true,
            description = "The class directory (or Clojure source directory) to watch; it is on the pod's classpath.")
    Path classes;

    @Option(names = "--start", paramLabel = "TARGET", required = true,
            description = "What starts the system: a static method Class/method returning it, or a Clojure var clojure:ns/name.")
    String start;

    @Option(names = "--stop", paramLabel = "TARGET",
            description = "What stops it (given the value start returned, or nothing): Class/method or clojure:ns/name.")
    String stop;

    @Option(names = "--max-resets", paramLabel = "N", hidden = true, description = "Stop after N resets (for tests).")
    Integer maxResets;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(classes)) {
            throw new UserException("--classes " + classes + " is not a directory; give the folder your build writes classes to");
        }
        CallTarget.parse(start); // before resolving: a bad target is known at once
        if (stop != null) {
            CallTarget.parse(stop);
        }
        return Watching.run(this);
    }
}
