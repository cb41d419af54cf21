package dev.pods.junit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.aether.util.version.GenericVersionScheme;
import org.eclipse.aether.version.InvalidVersionSpecificationException;
import org.eclipse.aether.version.Version;
import org.eclipse.aether.version.VersionConstraint;

/**
 * Version strings as Maven reads them: ranges, ordering, and what {@link PodMatrix#select()},
 * {@link PodMatrix#exclude()} and {@link PodMatrix#expectFailure()} mean. Stateless.
 */
final class Versions {
    private static final GenericVersionScheme SCHEME = new GenericVersionScheme();
    private static final Pattern LINE = Pattern.compile("^(\\d+)(?:\\.(\\d+))?");
    private static final Pattern TOKEN = Pattern.compile("\\d+|[a-zA-Z]+");
    // Maven's pre-release qualifiers (ComparableVersion's table), plus the common
    // preview/early-access ones; a, b and m count only as abbreviations followed by a number.
    private static final Set<String> PRE_RELEASE = Set.of("alpha", "beta", "milestone", "rc", "cr", "snapshot",
            "preview", "pre", "ea", "dev");
    private static final Set<String> PRE_RELEASE_SHORT = Set.of("a", "b", "m");

    private Versions() {
    }

    /** Whether the spec is a Maven range (or a union of ranges) rather than one version. */
    static boolean isRange(String spec) {
        String s = spec.trim();
        return s.startsWith("[") || s.startsWith("(");
    }

    static boolean isGlob(String spec) {
        return spec.indexOf('*') >= 0;
    }

    static Version parse(String version) {
        try {
            return SCHEME.parseVersion(version);
        } catch (InvalidVersionSpecificationException e) {
            throw new PodMatrixException("'" + version + "' is not a version: " + e.getMessage(), e);
        }
    }

    static VersionConstraint constraint(String range, String where) {
        try {
            VersionConstraint c = SCHEME.parseVersionConstraint(range.trim());
            if (c.getRange() == null) {
                throw new PodMatrixException(where + ": '" + range + "' is not a range; a range looks like [1.0,2.0)");
            }
            return c;
        } catch (InvalidVersionSpecificationException e) {
            throw new PodMatrixException(where + ": '" + range + "' is not a valid Maven range (" + e.getMessage()
                    + "); a range looks like [1.0,2.0) or [2.12,)", e);
        }
    }

    /** Versions in ascending Maven order, without repeats. */
    static List<String> sorted(List<String> versions) {
        Map<String, Version> parsed = new LinkedHashMap<>();
        for (String v : versions) {
            parsed.putIfAbsent(v, parse(v));
        }
        List<String> out = new ArrayList<>(parsed.keySet());
        out.sort(Comparator.comparing(parsed::get));
        return out;
    }

    /** Whether a version is a pre-release by its qualifiers (alpha, beta, milestone, rc, snapshot, ...). */
    static boolean isPreRelease(String version) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(version.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (PRE_RELEASE.contains(t)) {
                return true;
            }
            if (PRE_RELEASE_SHORT.contains(t) && i + 1 < tokens.size() && Character.isDigit(tokens.get(i + 1).charAt(0))) {
                return true;
            }
        }
        return false;
    }

    /** The versions {@code select} keeps of an ascending list. */
    static List<String> select(List<String> ascending, PodMatrix.Select select) {
        if (select == PodMatrix.Select.ALL || ascending.isEmpty()) {
            return ascending;
        }
        if (select == PodMatrix.Select.NEWEST) {
            return List.of(ascending.get(ascending.size() - 1));
        }
        Map<String, String> newestPerLine = new LinkedHashMap<>();
        for (String v : ascending) {
            newestPerLine.remove(line(v, select)); // re-insert: the line's position follows its newest version
            newestPerLine.put(line(v, select), v);
        }
        return sorted(new ArrayList<>(newestPerLine.values()));
    }

    /** {@code major.minor} (or {@code major}) of a version; a version that starts otherwise is its own line. */
    static String line(String version, PodMatrix.Select select) {
        Matcher m = LINE.matcher(version);
        if (!m.find()) {
            return version;
        }
        if (select == PodMatrix.Select.NEWEST_PER_MAJOR) {
            return m.group(1);
        }
        return m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2));
    }

    /** Whether {@code version} matches a spec of exclude/expectFailure: exact (Maven-equal), range or glob. */
    static boolean matches(String spec, String version, String where) {
        String s = spec.trim();
        if (isRange(s)) {
            return constraint(s, where).containsVersion(parse(version));
        }
        if (isGlob(s)) {
            return glob(s).matcher(version).matches();
        }
        return s.equals(version) || parse(s).compareTo(parse(version)) == 0;
    }

    private static Pattern glob(String glob) {
        StringBuilder sb = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            sb.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(sb.toString());
    }

    /** A file-name glob ({@code snakeyaml-*.jar}) as a pattern. */
    static Pattern fileGlob(String glob) {
        return glob(glob);
    }
}
