package dev.pods.runtime.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The whole outcome of one resolution in a form that is cheap to store and to read back: the
 * distinct artifacts (winners with their files' size and modification time, losers without
 * files) and Maven's dependency tree in preorder, each node a depth, an artifact, its kind and
 * the artifact that won its key. Everything {@link Resolution} answers is derived from this, so
 * a disk-cache hit answers the same queries as a fresh resolution.
 */
final class Tree {
    /**
     * Node kinds: the winning occurrence, a repeat of the winner elsewhere, a losing version, and
     * an artifact that asks for itself through its own dependencies (the cycle is cut there, as
     * Maven cuts it: the artifact is on the classpath once, at its winning place).
     */
    static final char WINNER = 'W';
    static final char DUPLICATE = 'D';
    static final char LOSER = 'L';
    static final char CYCLE = 'C';

    final List<ResolvedArtifact> artifacts;
    /** Per artifact: the file's size and modification time (ms) when resolved, or -1 without a file. */
    final long[] sizes;
    final long[] mtimes;
    /** Per node, preorder: depth (0 = a requested dependency), artifact index, kind, winner's artifact index. */
    final int[] depth;
    final int[] artifact;
    final char[] kind;
    final int[] winner;
    /**
     * Per node: the version it had before dependency management changed it ({@code ""} for a
     * requested dependency given without one), or null where management changed nothing; and
     * what managed it (a BOM's coordinate, {@code ""} for the env's own managed versions).
     */
    final String[] premanaged;
    final String[] managedBy;
    /** Whether a range, snapshot, LATEST or RELEASE took part: the answer may change over time. */
    final boolean dynamic;

    Tree(List<ResolvedArtifact> artifacts, long[] sizes, long[] mtimes, int[] depth, int[] artifact, char[] kind,
         int[] winner, String[] premanaged, String[] managedBy, boolean dynamic) {
        this.artifacts = List.copyOf(artifacts);
        this.sizes = sizes;
        this.mtimes = mtimes;
        this.depth = depth;
        this.artifact = artifact;
        this.kind = kind;
        this.winner = winner;
        this.premanaged = premanaged;
        this.managedBy = managedBy;
        this.dynamic = dynamic;
        int n = depth.length;
        if (artifact.length != n || kind.length != n || winner.length != n || premanaged.length != n
                || managedBy.length != n || sizes.length != artifacts.size()
                || mtimes.length != artifacts.size()) {
            throw new IllegalArgumentException("inconsistent tree arrays");
        }
        for (int i = 0; i < n; i++) {
            if (depth[i] < 0 || (i == 0 ? depth[i] != 0 : depth[i] > depth[i - 1] + 1)) {
                throw new IllegalArgumentException("bad depth at node " + i);
            }
            if (artifact[i] < 0 || artifact[i] >= artifacts.size() || winner[i] < 0 || winner[i] >= artifacts.size()) {
                throw new IllegalArgumentException("bad artifact index at node " + i);
            }
            if (kind[i] != WINNER && kind[i] != DUPLICATE && kind[i] != LOSER && kind[i] != CYCLE) {
                throw new IllegalArgumentException("bad kind at node " + i);
            }
            if ((premanaged[i] == null) != (managedBy[i] == null)) {
                throw new IllegalArgumentException("management half recorded at node " + i);
            }
        }
    }

    int size() {
        return depth.length;
    }

    /**
     * Whether every file is still the one resolved: it exists with the same size and modification
     * time. A deleted, replaced or rewritten jar makes the whole result stale.
     */
    boolean filesUnchanged() {
        for (int i = 0; i < artifacts.size(); i++) {
            if (sizes[i] < 0) {
                continue;
            }
            Path f = artifacts.get(i).file().orElse(null);
            if (f == null) {
                return false;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.size() != sizes[i] || a.lastModifiedTime().toMillis() != mtimes[i]) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
