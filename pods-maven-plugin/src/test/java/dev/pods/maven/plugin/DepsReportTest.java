package dev.pods.maven.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.DefaultDependencyNode;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;
import org.junit.jupiter.api.Test;

/** The report over a graph shaped as Maven Resolver's verbose conflict resolution leaves it. */
class DepsReportTest {
    private static DefaultDependencyNode node(String coords) {
        return new DefaultDependencyNode(new Dependency(new DefaultArtifact(coords), "runtime"));
    }

    private static DependencyNode graph() {
        DefaultDependencyNode root = new DefaultDependencyNode((Dependency) null);
        DefaultDependencyNode a = node("g:a:1.0");
        DefaultDependencyNode b = node("g:b:1.0");
        DefaultDependencyNode util1 = node("g:util:1.0");
        DefaultDependencyNode util2 = node("g:util:2.0");
        util2.setData(ConflictResolver.NODE_DATA_WINNER, util1);
        a.setChildren(List.of(util1));
        b.setChildren(List.of(util2));
        root.setChildren(List.of(a, b));
        return root;
    }

    @Test
    void treeMarksTheLoserWithTheWinningVersion() {
        assertEquals(List.of(
                "g:a:jar:1.0 [runtime]",
                "\\- g:util:jar:1.0 [runtime]",
                "g:b:jar:1.0 [runtime]",
                "\\- g:util:jar:2.0 [runtime] (omitted: conflict with 1.0)"), new DepsReport(graph()).tree());
    }

    @Test
    void conflictsNameTheWinnerAndEachPath() {
        assertEquals(List.of(
                "g:util: 1.0 chosen",
                "   wins   1.0 via g:a:1.0 -> g:util:1.0",
                "   loses  2.0 via g:b:1.0 -> g:util:2.0"), new DepsReport(graph()).conflicts());
    }

    @Test
    void whyListsEveryPath() {
        assertEquals(List.of("g:a:1.0 -> g:util:1.0", "g:b:1.0 -> g:util:2.0  (omitted: 1.0 won)"),
                new DepsReport(graph()).why("g:util"));
        assertEquals(List.of(), new DepsReport(graph()).why("g:nothing"));
    }
}
