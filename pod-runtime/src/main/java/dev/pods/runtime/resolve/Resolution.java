package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * A resolved dependency set: the ordered classpath, the artifacts and Maven's dependency graph
 * with the versions that lost mediation.
 *
 * <p>Immutable and thread-safe. The JGraphT graph is built on first use (a disk-cache hit never
 * pays for it unless asked).
 *
 * <pre>{@code
 * Resolution r = resolver.resolve(env);
 * List<Path> cp = r.classpath();
 * System.out.println(r.tree());
 * r.conflicts().forEach(System.out::println);   // what mediation chose
 * r.managed().forEach(System.out::println);     // what managed versions and BOMs changed
 * List<ResolvedArtifact> path = r.why("org.apache.commons:commons-lang3");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class Resolution {
    /** Where a resolution came from. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public enum Origin {
        /** Resolved by Maven Resolver in this process. */
        RESOLVED,
        /** Read from the on-disk classpath cache, validated against the files. */
        DISK_CACHE
    }

    private final Tree tree;
    private final Origin origin;
    private final long createdMillis;
    private final List<Path> classpath;
    private final List<ResolvedArtifact> resolved;
    // Typed Object and built in another class so that loading Resolution (on the disk-cache
    // fast path) does not load JGraphT: the verifier would resolve a Graph-typed field's types.
    private volatile Object graph;

    Resolution(Tree tree, Origin origin, long createdMillis) {
        this.tree = tree;
        this.origin = origin;
        this.createdMillis = createdMillis;
        Set<ResolvedArtifact> winners = new LinkedHashSet<>();
        for (int i = 0; i < tree.size(); i++) {
            if (tree.kind[i] == Tree.WINNER) {
                winners.add(tree.artifacts.get(tree.artifact[i]));
            }
        }
        Set<Path> cp = new LinkedHashSet<>();
        for (ResolvedArtifact a : winners) {
            a.file().ifPresent(cp::add);
        }
        this.classpath = List.copyOf(cp);
        this.resolved = List.copyOf(winners);
    }

    Tree tree0() {
        return tree;
    }

    long createdMillis() {
        return createdMillis;
    }

    /** The ordered classpath of the resolved dependencies (Maven's order: depth-first, declaration order). */
    public List<Path> classpath() {
        return classpath;
    }

    /** The artifacts that won mediation, in classpath order (those without a file too, e.g. poms). */
    public List<ResolvedArtifact> artifacts() {
        return resolved;
    }

    /** Whether this came from a fresh resolution or from the disk cache. */
    public Origin origin() {
        return origin;
    }

    /** The requested dependencies as resolved (the roots of the graph), in request order. */
    public List<ResolvedArtifact> roots() {
        List<ResolvedArtifact> roots = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            if (tree.depth[i] == 0) {
                roots.add(tree.artifacts.get(tree.artifact[i]));
            }
        }
        return List.copyOf(roots);
    }

    /**
     * The dependency graph: an edge {@code a -> b} when {@code a} declares {@code b}. Losing
     * versions are vertices too (without a file), with edges from the artifacts that asked for
     * them; {@link #conflicts()} says which version beat them. Unmodifiable. The graph may have
     * cycles when poms declare them.
     */
    @SuppressWarnings("unchecked")
    public Graph<ResolvedArtifact, DefaultEdge> graph() {
        Object g = graph;
        if (g == null) {
            g = GraphBuilder.build(tree);
            graph = g;
        }
        return (Graph<ResolvedArtifact, DefaultEdge>) g;
    }

    /** Every version conflict: which version won, which lost and through which path, in tree order. */
    public List<Conflict> conflicts() {
        List<Conflict> out = new ArrayList<>();
        int[] stack = new int[tree.size() + 1];
        for (int i = 0; i < tree.size(); i++) {
            stack[tree.depth[i]] = i;
            if (tree.kind[i] == Tree.LOSER) {
                out.add(new Conflict(tree.artifacts.get(tree.winner[i]), tree.artifacts.get(tree.artifact[i]),
                        path(stack, tree.depth[i])));
            }
        }
        return List.copyOf(out);
    }

    /**
     * What dependency management changed, in tree order: every artifact whose version came from
     * the env's managed versions or a BOM instead of the version its dependent asked for (or, for
     * a requested dependency given without a version, instead of none). One entry per artifact,
     * original version and source; the path is the first place it occurs. Empty without
     * management. Versions that lost mediation are in {@link #conflicts()}.
     */
    public List<ManagedVersion> managed() {
        List<ManagedVersion> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        int[] stack = new int[tree.size() + 1];
        for (int i = 0; i < tree.size(); i++) {
            stack[tree.depth[i]] = i;
            if (tree.premanaged[i] == null) {
                continue;
            }
            ResolvedArtifact a = tree.artifacts.get(tree.artifact[i]);
            if (seen.add(a.coordinate() + '\n' + tree.premanaged[i] + '\n' + tree.managedBy[i])) {
                out.add(new ManagedVersion(a, tree.premanaged[i], tree.managedBy[i], path(stack, tree.depth[i])));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Why an artifact is present: the path of dependencies from a requested one (first) down to
     * the winning version of {@code groupAndArtifact} (last), as Maven's mediation chose it.
     * Empty when no version of it was resolved.
     *
     * @param groupAndArtifact {@code group:artifact}
     */
    public List<ResolvedArtifact> why(String groupAndArtifact) {
        Objects.requireNonNull(groupAndArtifact, "groupAndArtifact");
        int[] stack = new int[tree.size() + 1];
        for (int i = 0; i < tree.size(); i++) {
            stack[tree.depth[i]] = i;
            if (tree.kind[i] == Tree.WINNER && tree.artifacts.get(tree.artifact[i]).key().equals(groupAndArtifact)) {
                return path(stack, tree.depth[i]);
            }
        }
        return List.of();
    }

    private List<ResolvedArtifact> path(int[] stack, int depth) {
        List<ResolvedArtifact> p = new ArrayList<>(depth + 1);
        for (int d = 0; d <= depth; d++) {
            p.add(tree.artifacts.get(tree.artifact[stack[d]]));
        }
        return Collections.unmodifiableList(p);
    }

    /**
     * The dependency tree, printable, in the style of {@code mvn dependency:tree -Dverbose}: one
     * line per node, losing versions, repeats, cycles and managed versions marked.
     */
    public String tree() {
        int n = tree.size();
        // One backward pass: whether each node has a later sibling (a later node at its depth
        // before any shallower one). Linear, so a chain thousands deep prints in its own size.
        boolean[] laterSibling = new boolean[n];
        boolean[] seen = new boolean[maxDepth() + 2];
        int top = -1;
        for (int i = n - 1; i >= 0; i--) {
            int depth = tree.depth[i];
            for (int d = depth + 1; d <= top; d++) {
                seen[d] = false;
            }
            top = depth;
            laterSibling[i] = seen[depth];
            seen[depth] = true;
        }
        StringBuilder sb = new StringBuilder();
        int[] ancestor = new int[seen.length];
        for (int i = 0; i < n; i++) {
            int depth = tree.depth[i];
            ancestor[depth] = i;
            for (int d = 1; d < depth; d++) {
                sb.append(laterSibling[ancestor[d]] ? "|  " : "   ");
            }
            if (depth > 0) {
                sb.append(laterSibling[i] ? "+- " : "\\- ");
            }
            ResolvedArtifact a = tree.artifacts.get(tree.artifact[i]);
            sb.append(a.groupId()).append(':').append(a.artifactId()).append(':').append(a.extension());
            if (!a.classifier().isEmpty()) {
                sb.append(':').append(a.classifier());
            }
            sb.append(':').append(a.version()).append(':').append(a.scope());
            if (a.optional()) {
                sb.append(" (optional)");
            }
            if (tree.premanaged[i] != null) {
                String by = tree.managedBy[i].isEmpty() ? "the env" : tree.managedBy[i];
                sb.append(tree.premanaged[i].isEmpty() ? " (version from " + by + ")"
                        : " (version managed from " + tree.premanaged[i] + " by " + by + ")");
            }
            if (tree.kind[i] == Tree.LOSER) {
                sb.append(" (omitted for conflict with ").append(tree.artifacts.get(tree.winner[i]).version()).append(')');
            } else if (tree.kind[i] == Tree.DUPLICATE) {
                sb.append(" (omitted for duplicate)");
            } else if (tree.kind[i] == Tree.CYCLE) {
                sb.append(" (omitted for cycle)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private int maxDepth() {
        int max = 0;
        for (int d : tree.depth) {
            max = Math.max(max, d);
        }
        return max;
    }

    @Override
    public String toString() {
        return "Resolution[" + resolved.size() + " artifacts, " + classpath.size() + " classpath entries, "
                + origin + "]";
    }
}
