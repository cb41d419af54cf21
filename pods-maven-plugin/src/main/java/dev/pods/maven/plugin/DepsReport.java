package dev.pods.maven.plugin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * A collected dependency graph (verbose: conflict losers kept, pointing at their winner) as text:
 * the tree, the conflicts, and why an artifact is there. Lines only; the caller logs them.
 */
final class DepsReport {
    private final DependencyNode root;

    DepsReport(DependencyNode root) {
        this.root = root;
    }

    /** The tree, one line per node, losers marked with the version that won. */
    List<String> tree() {
        List<String> out = new ArrayList<>();
        List<DependencyNode> top = root.getChildren();
        if (root.getArtifact() != null) {
            out.add(label(root));
            walk(top, "", out, newSet());
        } else {
            for (int i = 0; i < top.size(); i++) {
                DependencyNode n = top.get(i);
                out.add(label(n));
                walk(n.getChildren(), "", out, newSet());
            }
        }
        return out;
    }

    private void walk(List<DependencyNode> children, String indent, List<String> out, Set<DependencyNode> path) {
        for (int i = 0; i < children.size(); i++) {
            DependencyNode n = children.get(i);
            boolean last = i == children.size() - 1;
            out.add(indent + (last ? "\\- " : "+- ") + label(n));
            if (path.add(n)) {
                walk(n.getChildren(), indent + (last ? "   " : "|  "), out, path);
                path.remove(n);
            }
        }
    }

    /**
     * Each artifact (group:artifact) asked for at more than one version: the version that won and,
     * for every other, the path that wanted it.
     */
    List<String> conflicts() {
        Map<String, List<List<DependencyNode>>> byKey = new LinkedHashMap<>();
        visit(root, new ArrayDeque<>(), newSet(), (path, n) -> {
            if (n.getArtifact() != null) {
                byKey.computeIfAbsent(key(n.getArtifact()), k -> new ArrayList<>()).add(new ArrayList<>(path));
            }
        });
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<List<DependencyNode>>> e : byKey.entrySet()) {
            List<List<DependencyNode>> paths = e.getValue();
            DependencyNode winner = null;
            boolean differ = false;
            String firstVersion = null;
            for (List<DependencyNode> p : paths) {
                DependencyNode n = p.get(p.size() - 1);
                if (firstVersion == null) {
                    firstVersion = n.getArtifact().getVersion();
                } else if (!firstVersion.equals(n.getArtifact().getVersion())) {
                    differ = true;
                }
                if (winnerOf(n) == null) {
                    winner = n;
                }
                DependencyNode w = winnerOf(n);
                if (w != null && !w.getArtifact().getVersion().equals(n.getArtifact().getVersion())) {
                    differ = true;
                }
            }
            if (!differ) {
                continue;
            }
            String chosen = winner != null ? winner.getArtifact().getVersion() : "?";
            out.add(e.getKey() + ": " + chosen + " chosen");
            for (List<DependencyNode> p : paths) {
                DependencyNode n = p.get(p.size() - 1);
                String v = n.getArtifact().getVersion();
                out.add("   " + (v.equals(chosen) && winnerOf(n) == null ? "wins   " : "loses  ") + v + " via " + path(p));
            }
        }
        return out;
    }

    /** Every path from the roots to an artifact matching {@code groupId:artifactId}. */
    List<String> why(String groupArtifact) {
        List<String> out = new ArrayList<>();
        visit(root, new ArrayDeque<>(), newSet(), (path, n) -> {
            if (n.getArtifact() != null && key(n.getArtifact()).equals(groupArtifact)) {
                DependencyNode w = winnerOf(n);
                out.add(path(new ArrayList<>(path)) + (w == null ? "" : "  (omitted: " + w.getArtifact().getVersion()
                        + " won)"));
            }
        });
        return out;
    }

    private interface Visitor {
        void node(Deque<DependencyNode> path, DependencyNode n);
    }

    private static void visit(DependencyNode n, Deque<DependencyNode> path, Set<DependencyNode> onPath, Visitor v) {
        if (!onPath.add(n)) {
            return;
        }
        path.addLast(n);
        v.node(path, n);
        for (DependencyNode c : n.getChildren()) {
            visit(c, path, onPath, v);
        }
        path.removeLast();
        onPath.remove(n);
    }

    private static DependencyNode winnerOf(DependencyNode n) {
        Object w = n.getData().get(ConflictResolver.NODE_DATA_WINNER);
        return w instanceof DependencyNode ? (DependencyNode) w : null;
    }

    private static String path(List<DependencyNode> p) {
        List<String> parts = new ArrayList<>();
        for (DependencyNode n : p) {
            if (n.getArtifact() != null) {
                Artifact a = n.getArtifact();
                parts.add(key(a) + ":" + a.getVersion());
            }
        }
        return String.join(" -> ", parts);
    }

    private static String key(Artifact a) {
        return a.getGroupId() + ":" + a.getArtifactId();
    }

    private static String label(DependencyNode n) {
        Artifact a = n.getArtifact();
        StringBuilder sb = new StringBuilder(a.toString());
        if (n.getDependency() != null && !n.getDependency().getScope().isEmpty()) {
            sb.append(" [").append(n.getDependency().getScope()).append(']');
        }
        DependencyNode w = winnerOf(n);
        if (w != null) {
            sb.append(w.getArtifact().getVersion().equals(a.getVersion())
                    ? " (omitted: duplicate)" : " (omitted: conflict with " + w.getArtifact().getVersion() + ")");
        }
        return sb.toString();
    }

    private static Set<DependencyNode> newSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
