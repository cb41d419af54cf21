package dev.pods.cli;

import dev.pods.PodBridgeException;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodEvalException;
import dev.pods.PodException;
import dev.pods.PodResolutionException;
import dev.pods.PodTimeoutException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns failures into exit codes and one line on stderr. User errors (a bad coordinate, an
 * artifact not found, offline without a local copy, code that does not compile or throws, bad
 * arguments) exit 1; anything else is a bug or an environment failure and exits 2.
 */
final class Errors {
    private Errors() {
    }

    static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("pods: " + firstLine(ex.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName()
                + " --help')");
        return Main.USER_ERROR;
    }

    static int onExecutionError(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = verbose(cl);
        if (isUserError(ex)) {
            err.println("pods: " + message(ex));
            if (verbose) {
                String full = ex.getMessage();
                if (full != null && full.contains("\n")) {
                    err.println(full);
                }
                ex.printStackTrace(err);
            }
            return Main.USER_ERROR;
        }
        err.println("pods: internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        return Main.INTERNAL_ERROR;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserException || ex instanceof PodResolutionException
                || ex instanceof PodEvalException || ex instanceof PodCallException
                || ex instanceof PodBridgeException || ex instanceof PodTimeoutException
                || (ex instanceof PodException && !(ex instanceof PodClosedException));
    }

    /** One line: what failed and what to do. */
    static String message(Throwable ex) {
        if (ex instanceof PodResolutionException) {
            return resolution((PodResolutionException) ex);
        }
        if (ex instanceof PodEvalException) {
            PodEvalException e = (PodEvalException) ex;
            if (!e.diagnostics().isEmpty()) {
                PodEvalException.Diagnostic d = e.diagnostics().get(0);
                return e.language() + " code did not compile at " + d.line() + ":" + d.column() + ": "
                        + firstLine(d.message()) + (e.diagnostics().size() > 1
                        ? " (and " + (e.diagnostics().size() - 1) + " more)" : "") + "; fix the code and retry";
            }
            Throwable c = e.getCause();
            if (c instanceof PodCallException) {
                return e.language() + " code threw " + remote((PodCallException) c);
            }
            return firstLine(e.getMessage());
        }
        if (ex instanceof PodCallException) {
            return firstLine(ex.getMessage());
        }
        if (ex instanceof PodTimeoutException) {
            return firstLine(ex.getMessage()) + "; give a longer --timeout or fix the code";
        }
        return firstLine(ex.getMessage() == null ? ex.toString() : ex.getMessage());
    }

    private static String remote(PodCallException c) {
        return c.remoteClassName() + (c.remoteMessage() == null ? "" : ": " + firstLine(c.remoteMessage()));
    }

    private static String resolution(PodResolutionException e) {
        List<PodResolutionException.Failure> failures = e.failures();
        if (failures.isEmpty()) {
            return firstLine(e.getMessage());
        }
        PodResolutionException.Failure f = failures.get(0);
        String more = failures.size() > 1 ? " (" + (failures.size() - 1) + " more failures; --verbose lists them)" : "";
        switch (f.reason()) {
            case MALFORMED:
            case INVALID:
                // Their messages say what to do (a range matching nothing, a BOM that is not a pom,
                // a dependency without a version that nothing manages).
                return firstLine(e.getMessage());
            case NOT_FOUND:
                return "could not resolve " + f + more + "; check the coordinate's spelling and version,"
                        + " or add the repository that has it with --repo";
            case OFFLINE_NOT_CACHED:
                return "could not resolve " + f.coordinate() + ": offline and not in the local repository" + more
                        + "; run once without --offline to download it";
            case CHECKSUM:
                return "could not resolve " + f + more + "; the download is corrupt: delete it from the local"
                        + " repository and retry";
            case UNREACHABLE:
                return "could not resolve " + f + more + "; check the network and the repository URL,"
                        + " or use --offline if it is already downloaded";
            case UNAUTHORIZED:
                return "could not resolve " + f + more + "; add credentials for that repository's id to"
                        + " settings.xml <servers>";
            default:
                return "could not resolve " + f + more;
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static boolean verbose(CommandLine cl) {
        Object cmd = cl.getCommand();
        return cmd instanceof PodsCommand && ((PodsCommand) cmd).output.verbose;
    }
}
