package dev.pods.cli;

import java.io.InputStream;
import java.io.PrintWriter;
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

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress and timings: on stderr unless --quiet. */
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
