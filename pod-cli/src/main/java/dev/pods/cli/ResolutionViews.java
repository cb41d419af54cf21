package dev.pods.cli;

import dev.pods.runtime.resolve.Conflict;
import dev.pods.runtime.resolve.ManagedVersion;
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
            // Two decisions, in the order Maven takes them: management first sets the versions it
            // manages, then mediation picks one version per artifact among what is left.
            List<ManagedVersion> ms = r.managed();
            out.println(ms.isEmpty() ? "managed versions: none" : "managed versions (what management changed):");
            for (ManagedVersion m : ms) {
                out.println("  " + m);
            }
            List<Conflict> cs = r.conflicts();
            out.println(cs.isEmpty() ? "version conflicts: none"
                    : "version conflicts (mediation: the nearest wins, then the first declared):");
            for (Conflict c : cs) {
                out.println("  " + c);
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
