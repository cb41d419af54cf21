package dev.pods.runtime.resolve;

import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Builds the JGraphT view of a {@link Tree}; kept apart so JGraphT loads only when a graph is asked for.
 * One pass over the preorder arrays, no recursion: the tree is already acyclic (cycles are cut
 * into {@link Tree#CYCLE} nodes), and the graph gets the edges that close them.
 */
final class GraphBuilder {
    private GraphBuilder() {
    }

    static Graph<ResolvedArtifact, DefaultEdge> build(Tree tree) {
        DefaultDirectedGraph<ResolvedArtifact, DefaultEdge> d = new DefaultDirectedGraph<>(DefaultEdge.class);
        int[] stack = new int[tree.size() + 1];
        for (int i = 0; i < tree.size(); i++) {
            ResolvedArtifact a = tree.artifacts.get(tree.artifact[i]);
            d.addVertex(a);
            int depth = tree.depth[i];
            if (depth > 0) {
                // A cycle node adds the edge that closes the cycle (a self-dependency is a loop).
                d.addEdge(tree.artifacts.get(tree.artifact[stack[depth - 1]]), a);
            }
            stack[depth] = i;
        }
        return new AsUnmodifiableGraph<>(d);
    }
}
