package dev.pods.cli;

import dev.pods.PodEnv;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Function;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.runtime.resolve.TransferListener;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: --quiet/--verbose, its output streams and standard input. */
abstract class PodsCommand {
    @Mixin
    Options.Output output = new Options.Output();

    @Spec
    CommandSpec spec;

    /** Set by {@link Main.Factory}; System.in otherwise. */
    InputStream stdin = System.in;

    /** Where pods' own output goes: the command's stdout and stderr (set by {@link Main.Factory}). */
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;

    /** Makes the command's one resolver (set by {@link Main.Factory}; tests count resolutions through it). */
    Function<TransferListener, Resolver> resolvers = PodMaker.DEFAULT_RESOLVERS;

    /** The env with the pod's output routed to this command's streams. */
    PodEnv routed(PodEnv env) {
        return env.withOutput(stdout, stderr);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress and timings: on stderr unless --quiet. Thread-safe (PrintWriter locks). */
    void info(String line) {
        if (!output.quiet) {
            err().println(line);
        }
    }

    /** Details for --verbose, on stderr. */
    void detail(String line) {
        if (output.verbose && !output.quiet) {
            err().println(line);
        }
    }
}
