package dev.pods.cli;

import dev.pods.runtime.resolve.Conflict;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.ResolvedArtifact;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The tree, conflicts and why views of a resolution, for {@code pods deps}. */
final class ResolutionViews {
    private ResolutionViews() {
    }

    static void print(Resolution r, boolean tree, boolean conflicts, String why, PrintWriter out) {
        if (tree) {
            out.print(r.tree());
            out.flush();
        } else if (conflicts) {
            List<Conflict> cs = r.conflicts();
            if (cs.isEmpty()) {
                out.println("no version conflicts");
            }
            for (Conflict c : cs) {
                out.println(c);
            }
        } else if (why != null) {
            String[] p = why.split(":");
            if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
                throw new UserException("--why '" + why + "' is not group:artifact; write e.g. --why com.google.guava:failureaccess");
            }
            List<ResolvedArtifact> path = r.why(why);
            if (path.isEmpty()) {
                throw new UserException(why + " is not among the resolved dependencies; pods deps --tree lists them");
            }
            out.println(path.stream().map(ResolvedArtifact::coordinate).collect(Collectors.joining(" -> ")));
        }
    }
}
