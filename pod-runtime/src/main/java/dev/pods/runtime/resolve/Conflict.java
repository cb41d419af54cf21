package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A version conflict Maven's mediation decided: the version that won (nearest to a root, first
 * declared on a tie), one version that lost, and the path through which the loser was asked for
 * (from a root dependency down to the loser, both included). The winner's own path is
 * {@link Resolution#why(String)}.
 *
 * @param winner    the version on the classpath
 * @param loser     the version left out (no file)
 * @param loserPath the dependency path that asked for the loser, root first
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record Conflict(ResolvedArtifact winner, ResolvedArtifact loser, List<ResolvedArtifact> loserPath) {
    public Conflict {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(loser, "loser");
        loserPath = List.copyOf(loserPath);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(loser.key()).append(": ").append(winner.version())
                .append(" won over ").append(loser.version()).append(" (via ");
        for (int i = 0; i < loserPath.size(); i++) {
            sb.append(i == 0 ? "" : " -> ").append(loserPath.get(i).coordinate());
        }
        return sb.append(')').toString();
    }
}
