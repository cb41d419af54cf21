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

    /**
     * Refuses what this build of Pods cannot do yet. Process pods (a child JVM, in which
     * {@code System.exit} ends only the child) are not part of this version's runtime; when
     * {@code PodEnv.withIsolation} exists, {@link JavaMojo} passes it on and this check goes.
     */
    void requireAvailable() throws MojoExecutionException {
        if (this == PROCESS) {
            throw new MojoExecutionException("isolation 'process' needs process pods (a child JVM), which this"
                    + " version of Pods does not have yet; use isolation 'in-process', where System.exit in the"
                    + " program ends Maven too");
        }
    }
}
