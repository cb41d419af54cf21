package dev.pods.junit;

import dev.pods.runtime.resolve.ResolvedArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pod's classpath: the test classpath with the resolved artifacts swapped in.
 *
 * <ul>
 *   <li>A test classpath entry that is one of the resolved artifacts (any version) is replaced, in
 *       place, by the resolved file; the resolved set is the chosen versions with their transitive
 *       dependencies as Maven mediates them, so a library and the dependencies it was built with
 *       travel together.</li>
 *   <li>Resolved artifacts the test classpath lacks are put in front (as Spring Boot's
 *       {@code @ClassPathOverrides} does).</li>
 *   <li>The harness is never swapped: artifacts of the JUnit Platform, opentest4j, apiguardian and
 *       Pods stay at the test classpath's versions, since they run the class inside the pod.</li>
 *   <li>Exclusions ({@code group:artifact} or a file-name glob) remove entries, resolved or not.</li>
 *   <li>Everything else stays, in order: test classes, main classes, the other test dependencies.</li>
 * </ul>
 */
final class PodClasspath {
    /** The classpath and a short account of what changed (for the report). */
    record Composed(List<Path> classpath, List<String> changes) {
    }

    private PodClasspath() {
    }

    static Composed compose(List<Path> testClasspath, List<ResolvedArtifact> resolved, List<String> exclusions,
                            ArtifactFiles files) {
        List<String> changes = new ArrayList<>();
        Map<ResolvedArtifact, Boolean> placed = new LinkedHashMap<>();
        for (ResolvedArtifact a : resolved) {
            if (a.file().isPresent() && !Plan.isHarness(a.groupId()) && !excluded(a, exclusions)) {
                placed.putIfAbsent(a, Boolean.FALSE);
            }
        }
        List<Path> kept = new ArrayList<>();
        for (Path entry : testClasspath) {
            if (excluded(entry, exclusions, files)) {
                changes.add("removed " + entry.getFileName());
                continue;
            }
            ResolvedArtifact match = null;
            for (ResolvedArtifact a : placed.keySet()) {
                if (files.is(entry, a.groupId(), a.artifactId())) {
                    match = a;
                    break;
                }
            }
            if (match == null) {
                kept.add(entry);
            } else if (!placed.get(match)) {
                placed.put(match, Boolean.TRUE);
                Path file = match.file().get();
                kept.add(file);
                if (!file.getFileName().equals(entry.getFileName())) { // same name: the same version, another copy
                    changes.add("replaced " + entry.getFileName() + " with " + file.getFileName());
                }
            } else {
                changes.add("removed " + entry.getFileName() + " (another copy of " + match.key() + ")");
            }
        }
        List<Path> front = new ArrayList<>();
        placed.forEach((a, done) -> {
            if (!done) {
                front.add(a.file().get());
                changes.add("added " + a.file().get().getFileName());
            }
        });
        List<Path> all = new ArrayList<>(front);
        for (Path p : kept) {
            if (!all.contains(p)) {
                all.add(p);
            }
        }
        return new Composed(List.copyOf(all), List.copyOf(changes));
    }

    private static boolean excluded(ResolvedArtifact a, List<String> exclusions) {
        for (String e : exclusions) {
            String t = e.trim();
            if (t.contains(":") ? t.equals(a.key())
                    : a.file().map(f -> glob(t).matcher(f.getFileName().toString()).matches()).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean excluded(Path entry, List<String> exclusions, ArtifactFiles files) {
        for (String e : exclusions) {
            String t = e.trim();
            if (t.contains(":")) {
                String[] ga = t.split(":");
                if (files.is(entry, ga[0], ga[1])) {
                    return true;
                }
            } else if (entry.getFileName() != null && glob(t).matcher(entry.getFileName().toString()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String g) {
        return Versions.fileGlob(g);
    }
}
