package dev.pods.maven.plugin;

import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;

/** Where pods:java runs the program: in Maven's JVM, or in a child JVM of its own. */
enum Isolation {
    IN_PROCESS,
    PROCESS;

    static Isolation of(String s) throws MojoExecutionException {
        String t = s == null ? "in-process" : s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "in-process":
            case "inprocess":
                return IN_PROCESS;
            case "process":
                return PROCESS;
            default:
                throw new MojoExecutionException("isolation '" + s + "' is not one of in-process, process");
        }
    }
}
