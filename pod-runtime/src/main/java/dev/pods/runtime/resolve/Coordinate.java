package dev.pods.runtime.resolve;

import dev.pods.PodDependency;
import dev.pods.PodResolutionException;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed coordinate {@code group:artifact[:extension[:classifier]]:version} with its
 * exclusions; a dependency's version may be empty ({@code group:artifact}) when management is to
 * give it one. Parsing is ours (not the resolver's) so that the disk-cache fast path never loads
 * Maven Resolver, and so that the error quotes the input and says what is wrong with it.
 */
record Coordinate(String groupId, String artifactId, String extension, String classifier, String version,
                  List<String[]> exclusions) {

    static List<Coordinate> parseAll(List<PodDependency> dependencies) {
        List<Coordinate> out = new ArrayList<>(dependencies.size());
        for (PodDependency d : dependencies) {
            out.add(parse(d));
        }
        return out;
    }

    static Coordinate parse(PodDependency dependency) {
        String input = dependency.coordinate();
        String[] p = split(input);
        String g;
        String a;
        String ext = "jar";
        String cls = "";
        String v;
        switch (p.length) {
            case 2 -> {
                g = p[0];
                a = p[1];
                v = "";
            }
            case 3 -> {
                g = p[0];
                a = p[1];
                v = p[2];
            }
            case 4 -> {
                g = p[0];
                a = p[1];
                ext = p[2];
                v = p[3];
            }
            case 5 -> {
                g = p[0];
                a = p[1];
                ext = p[2];
                cls = p[3];
                v = p[4];
            }
            default -> throw PodResolutionException.malformed(input,
                    p.length < 2 ? "too few parts (" + p.length + ")" : "too many parts (" + p.length + ")");
        }
        name(input, "group", g);
        name(input, "artifact", a);
        name(input, "extension", ext);
        if (p.length == 5) {
            name(input, "classifier", cls);
        }
        if (p.length > 2) {
            version(input, v);
        }
        List<String[]> exclusions = new ArrayList<>();
        for (String ex : dependency.exclusions()) {
            String[] e = split(ex);
            if (e.length != 2) {
                throw PodResolutionException.malformed(input, "exclusion '" + ex
                        + "' is not group:artifact (either part may be *)");
            }
            for (String part : e) {
                if (!part.equals("*")) {
                    name(input, "exclusion '" + ex + "'", part);
                }
            }
            exclusions.add(e);
        }
        return new Coordinate(g, a, ext, cls, v, List.copyOf(exclusions));
    }

    /**
     * A managed version, {@code group:artifact[:extension[:classifier]]:version}: like a
     * dependency's coordinate, but the version is required (it is what the entry is for).
     */
    static Coordinate parseManaged(String input) {
        Coordinate c = parse(new PodDependency(input, List.of()));
        if (c.versionless()) {
            throw PodResolutionException.malformed(input, "a managed version needs a version (it is what it pins)");
        }
        return c;
    }

    /**
     * A BOM, {@code group:artifact:version} (or {@code group:artifact:pom:version}): a fixed
     * version, since what it manages must not change under a cached resolution.
     */
    static Coordinate parseBom(String input) {
        String[] p = split(input);
        if (p.length != 3 && !(p.length == 4 && p[2].equals("pom"))) {
            throw PodResolutionException.malformed(input, "a BOM is group:artifact:version (a pom)");
        }
        Coordinate c = parse(new PodDependency(input, List.of()));
        if (c.version.startsWith("[") || c.version.startsWith("(") || c.version.equals("LATEST")
                || c.version.equals("RELEASE")) {
            throw PodResolutionException.malformed(input, "a BOM's version must be fixed, not '" + c.version + "'");
        }
        return new Coordinate(c.groupId, c.artifactId, "pom", "", c.version, List.of());
    }

    /** Whether the version was left for management to give. */
    boolean versionless() {
        return version.isEmpty();
    }

    /** What Maven's dependency management matches on: {@code group:artifact:extension:classifier}. */
    String managementKey() {
        return managementKey(groupId, artifactId, extension, classifier);
    }

    static String managementKey(String groupId, String artifactId, String extension, String classifier) {
        return new StringBuilder(64).append(groupId).append(':').append(artifactId).append(':').append(extension)
                .append(':').append(classifier).toString();
    }

    /** This coordinate with the version management gave it. */
    Coordinate withVersion(String v) {
        return new Coordinate(groupId, artifactId, extension, classifier, v, exclusions);
    }

    private static String[] split(String s) {
        // split(":", -1) keeps empty trailing parts, so "g:a:" is three parts with an empty version.
        return s.split(":", -1);
    }

    private static void name(String input, String what, String part) {
        if (part.isEmpty()) {
            throw PodResolutionException.malformed(input, what + " is empty");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                throw PodResolutionException.malformed(input, what + " '" + part + "' contains '" + c
                        + "' (letters, digits, '.', '-' and '_' only)");
            }
        }
    }

    private static void version(String input, String v) {
        if (v.isEmpty()) {
            throw PodResolutionException.malformed(input, "version is empty");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/' || c == '\\') {
                throw PodResolutionException.malformed(input, "version '" + v + "' contains '" + c + "'");
            }
        }
        char first = v.charAt(0);
        char last = v.charAt(v.length() - 1);
        boolean opens = first == '[' || first == '(';
        boolean closes = last == ']' || last == ')';
        if (opens != closes) {
            throw PodResolutionException.malformed(input, "version range '" + v + "' is not closed; a range looks like"
                    + " [1.0,2.0) or [1.0,)");
        }
    }

    /** Whether the version may resolve differently tomorrow (a range, a snapshot, LATEST/RELEASE). */
    boolean dynamic() {
        return isDynamic(version);
    }

    static boolean isDynamic(String version) {
        return version.startsWith("[") || version.startsWith("(") || version.endsWith("-SNAPSHOT")
                || version.equals("LATEST") || version.equals("RELEASE");
    }

    /** The input form: {@code group:artifact[:extension[:classifier]]:version}. */
    String display() {
        return display(groupId, artifactId, extension, classifier, version);
    }

    /** The input form of any artifact's parts: extension shown when not jar, classifier when present. */
    static String display(String groupId, String artifactId, String extension, String classifier, String version) {
        StringBuilder sb = new StringBuilder(groupId).append(':').append(artifactId);
        if (!classifier.isEmpty()) {
            sb.append(':').append(extension).append(':').append(classifier);
        } else if (!extension.equals("jar")) {
            sb.append(':').append(extension);
        }
        return version.isEmpty() ? sb.toString() : sb.append(':').append(version).toString();
    }

    /** {@code group:artifact:extension:classifier:version}, every part spelled out. */
    String canonical() {
        // StringBuilder, not '+': no string-concatenation bootstrap on the fast path.
        return new StringBuilder(64).append(groupId).append(':').append(artifactId).append(':').append(extension)
                .append(':').append(classifier).append(':').append(version).toString();
    }
}
