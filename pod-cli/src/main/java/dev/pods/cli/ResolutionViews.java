package dev.pods.cli;

import dev.pods.runtime.resolve.Resolution;
import java.io.PrintWriter;

/** The tree, conflicts and why views of a resolution. */
final class ResolutionViews {
    private ResolutionViews() {
    }

    static void print(Resolution r, boolean tree, boolean conflicts, String why, PrintWriter out) {
        throw new UserException("--tree, --conflicts and --why need the resolution graph, which this build"
                + " does not have yet; run pods deps without them for the classpath");
    }
}
