package dev.pods.cli;

import dev.pods.PodEnv;
import dev.pods.runtime.resolve.Resolution;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pods deps -d COORD... [--managed COORD] [--bom COORD] [--exclude [DEP=]G:A]
 * [--tree | --conflicts | --why group:artifact]}.
 */
@Command(name = "deps", mixinStandardHelpOptions = true,
        description = "Resolve dependencies and print the classpath (default), the tree, the version conflicts,"
                + " or why an artifact is present.",
        footer = {"", "Examples:",
                "  $ pods deps -d com.google.guava:guava:33.3.1-jre",
                "  $ pods deps -d com.google.guava:guava:33.3.1-jre --tree",
                "  $ pods deps -d com.google.guava:guava:33.3.1-jre --why com.google.guava:failureaccess",
                "  $ pods deps --bom org.junit:junit-bom:5.14.1 -d org.junit.jupiter:junit-jupiter-api --conflicts"})
final class DepsCommand extends PodsCommand implements Callable<Integer> {
    @Mixin
    Options.Env env = new Options.Env();

    @ArgGroup(exclusive = true)
    View view;

    static final class View {
        @Option(names = "--tree", description = "Print the resolved dependency tree.")
        boolean tree;

        @Option(names = "--conflicts", description = "Print what dependency management changed (--managed, --bom)"
                + " and the versions that lost mediation, with the ones that won.")
        boolean conflicts;

        @Option(names = "--why", paramLabel = "GROUP:ARTIFACT", description = "Print the path from a root to this artifact.")
        String why;
    }

    @Override
    public Integer call() {
        env.requireDependencies("deps");
        PodEnv podEnv = env.toEnv("deps");
        Timer t = Timer.start();
        Resolution r = PodMaker.resolve(podEnv, this);
        detail("resolved in " + t.lap());
        if (view == null) {
            for (Path p : r.classpath()) {
                out().println(p);
            }
        } else {
            ResolutionViews.print(r, view.tree, view.conflicts, view.why, out());
        }
        return Main.OK;
    }
}
