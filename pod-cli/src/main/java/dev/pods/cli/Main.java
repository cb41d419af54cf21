package dev.pods.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.Function;
import dev.pods.runtime.resolve.Resolver;
import dev.pods.runtime.resolve.TransferListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pods} command: {@code demo}, {@code eval}, {@code call}, {@code deps}, {@code repl} and
 * {@code watch}. Exit codes: 0 success, 1 a user error (one line on stderr saying what to fix),
 * 2 an internal error.
 *
 * <p>Runs in-process for tests through {@link #run(String[], InputStream, PrintStream, PrintStream)};
 * {@link #main(String[])} is the only place that exits the JVM.
 */
@Command(name = "pods", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Isolated runtimes for the JVM: resolve Maven dependencies into a pod and run code in it.",
        subcommands = {DemoCommand.class, EvalCommand.class, CallCommand.class, DepsCommand.class,
                WatchCommand.class, ReplCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** The user asked for something that cannot be done; the message says what to fix. */
    public static final int USER_ERROR = 1;
    /** A bug or an environment failure inside pods. */
    public static final int INTERNAL_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        configureLogging(args);
        int code = run(args, System.in, System.out, System.err);
        System.exit(code);
    }

    /** Runs the command line with the JVM's standard input; see {@link #run(String[], InputStream, PrintStream, PrintStream)}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /**
     * Runs the command line in-process and returns its exit code; never exits the JVM.
     *
     * @param in  what {@code -} reads (the code of {@code pods eval -})
     * @param out where results go
     * @param err where errors, progress and timings that are not results go
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(in, out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        return commandLine(in, out, err, PodMaker.DEFAULT_RESOLVERS);
    }

    /** A command line whose commands get their resolver from {@code resolvers} (tests). */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err,
                                   Function<TransferListener, Resolver> resolvers) {
        CommandLine cl = new CommandLine(new Main(), new Factory(in, out, err, resolvers));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(Errors::onParameterError);
        cl.setExecutionExceptionHandler(Errors::onExecutionError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** SLF4J simple is configured once per JVM, before the first logger: WARN, DEBUG with -v, ERROR with -q. */
    private static void configureLogging(String[] args) {
        String level = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v") ? "debug"
                : Arrays.asList(args).contains("--quiet") || Arrays.asList(args).contains("-q") ? "error" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /** Hands each command the standard input, output streams and resolvers the caller chose. */
    static final class Factory implements CommandLine.IFactory {
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;
        private final Function<TransferListener, Resolver> resolvers;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(InputStream in, PrintStream out, PrintStream err, Function<TransferListener, Resolver> resolvers) {
            this.in = in;
            this.out = out;
            this.err = err;
            this.resolvers = resolvers;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K k = fallback.create(cls);
            if (k instanceof PodsCommand) {
                ((PodsCommand) k).stdin = in;
                ((PodsCommand) k).stdout = out;
                ((PodsCommand) k).stderr = err;
                ((PodsCommand) k).resolvers = resolvers;
            }
            return k;
        }
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pods " + (v == null ? "(development build)" : v)};
        }
    }
}
