package dev.pods.junit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a test class asks for: the variants (one per combination of versions) that its
 * {@link PodMatrix} and {@link PodTest} annotations make, each validated against the test
 * classpath. Every misuse is a {@link PodMatrixException} that names the annotation, the value
 * and what to do.
 */
final class Plan {
    /** One artifact at one version. */
    record Pin(String group, String artifact, String version) {
        String coordinate() {
            return group + ":" + artifact + ":" + version;
        }

        String key() {
            return group + ":" + artifact;
        }
    }

    /**
     * One run of the class.
     *
     * @param label         how the run is named, e.g. {@code commons-lang3 3.8.1}
     * @param pins          the matrix's versions of this run
     * @param dependencies  {@link PodTest#dependencies()}
     * @param exclusions    {@link PodTest#exclusions()}
     * @param managedVersions {@link PodTest#managedVersions()}
     * @param boms          {@link PodTest#boms()}
     * @param expectFailure whether a version of this run is listed in {@link PodMatrix#expectFailure()}
     */
    record Variant(String label, List<Pin> pins, List<String> dependencies, List<String> exclusions,
                   List<String> managedVersions, List<String> boms, boolean expectFailure) {
    }

    /** One {@link PodMatrix}: its artifact and the versions it runs. */
    record Axis(String group, String artifact, List<String> versions, List<String> expectFailure) {
        boolean expectsFailure(String version) {
            for (String spec : expectFailure) {
                if (Versions.matches(spec, version, where(group, artifact))) {
                    return true;
                }
            }
            return false;
        }
    }

    private Plan() {
    }

    static boolean annotated(Class<?> testClass) {
        return !AnnotationSupport.findRepeatableAnnotations(testClass, PodMatrix.class).isEmpty()
                || AnnotationSupport.findAnnotation(testClass, PodTest.class).isPresent();
    }

    /**
     * The variants of {@code testClass}, in declaration order (the first matrix varies slowest).
     *
     * @param onClasspath whether {@code group:artifact} is on the test classpath
     * @param rangeVersions the versions a range holds, ascending: (group:artifact, range) to versions
     */
    static List<Variant> of(Class<?> testClass, Predicate<String> onClasspath,
                            BiFunction<String, String, List<String>> rangeVersions) {
        List<PodMatrix> matrices = AnnotationSupport.findRepeatableAnnotations(testClass, PodMatrix.class);
        Optional<PodTest> podTest = AnnotationSupport.findAnnotation(testClass, PodTest.class);
        List<Axis> axes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (PodMatrix m : matrices) {
            Axis axis = axis(m, onClasspath, rangeVersions);
            if (!keys.add(axis.group() + ":" + axis.artifact())) {
                throw new PodMatrixException(testClass.getName() + " has two @PodMatrix for " + axis.group() + ":"
                        + axis.artifact() + "; list all its versions in one");
            }
            axes.add(axis);
        }
        List<String> deps = podTest.map(p -> List.of(p.dependencies())).orElse(List.of());
        List<String> exclusions = podTest.map(p -> List.of(p.exclusions())).orElse(List.of());
        List<String> managed = podTest.map(p -> List.of(p.managedVersions())).orElse(List.of());
        List<String> boms = podTest.map(p -> List.of(p.boms())).orElse(List.of());
        checkCoordinates("managedVersions", managed);
        checkCoordinates("boms", boms);
        boolean managing = !managed.isEmpty() || !boms.isEmpty();
        for (String d : deps) {
            String[] p = d.trim().split(":");
            if (p.length < (managing ? 2 : 3) || p.length > 5 || List.of(p).stream().anyMatch(String::isBlank)) {
                throw new PodMatrixException("@PodTest(dependencies) has '" + d + "'; give group:artifact:version"
                        + " (or group:artifact:extension[:classifier]:version)"
                        + (managing ? ", or group:artifact when managedVersions or boms give its version"
                                    : "; group:artifact alone needs managedVersions or boms to give the version"));
            }
            if (isHarness(p[0])) {
                throw new PodMatrixException("@PodTest(dependencies) has '" + d + "': the JUnit Platform and Pods"
                        + " run the class in the pod and stay at the test classpath's versions");
            }
            if (keys.contains(p[0] + ":" + p[1])) {
                throw new PodMatrixException("@PodTest(dependencies) has '" + d + "', which a @PodMatrix already varies");
            }
        }
        for (String e : exclusions) {
            String t = e.trim();
            if (t.isEmpty() || (t.contains(":") && t.split(":").length != 2)) {
                throw new PodMatrixException("@PodTest(exclusions) has '" + e + "'; give group:artifact or a file"
                        + " name glob such as snakeyaml-*.jar");
            }
        }
        if (managing && deps.isEmpty() && axes.isEmpty()) {
            throw new PodMatrixException("@PodTest on " + testClass.getName() + " manages versions but names no"
                    + " dependencies and no @PodMatrix: management applies to what the pod resolves");
        }
        if (podTest.isPresent() && deps.isEmpty() && exclusions.isEmpty() && axes.isEmpty()) {
            throw new PodMatrixException("@PodTest on " + testClass.getName() + " names no dependencies and no"
                    + " exclusions; say what the pod changes");
        }

        String extra = extraLabel(deps, exclusions);
        List<Variant> out = new ArrayList<>();
        product(axes, 0, new ArrayList<>(), out, new Overrides(deps, exclusions, managed, boms), extra,
                labelsNeedGroups(axes, deps));
        return out;
    }

    /** What {@link PodTest} adds to every variant. */
    private record Overrides(List<String> dependencies, List<String> exclusions, List<String> managedVersions,
                             List<String> boms) {
    }

    /** Each entry must be group:artifact:version (a BOM or a pin), with no part blank. */
    private static void checkCoordinates(String attribute, List<String> coordinates) {
        for (String c : coordinates) {
            String[] p = c.trim().split(":");
            if (p.length != 3 || List.of(p).stream().anyMatch(String::isBlank)) {
                throw new PodMatrixException("@PodTest(" + attribute + ") has '" + c + "'; give group:artifact:version");
            }
        }
    }

    private static Axis axis(PodMatrix m, Predicate<String> onClasspath,
                             BiFunction<String, String, List<String>> rangeVersions) {
        String[] ga = m.artifact().trim().split(":");
        if (ga.length != 2 || ga[0].isBlank() || ga[1].isBlank()) {
            throw new PodMatrixException("@PodMatrix(artifact = \"" + m.artifact() + "\"): give group:artifact,"
                    + " e.g. org.apache.commons:commons-lang3 (versions go in versions = {...})");
        }
        String group = ga[0].trim();
        String artifact = ga[1].trim();
        String where = where(group, artifact);
        if (isHarness(group)) {
            throw new PodMatrixException(where + ": the JUnit Platform and Pods run the class in the pod and"
                    + " cannot be varied by it");
        }
        if (!onClasspath.test(group + ":" + artifact)) {
            throw new PodMatrixException(where + ": " + group + ":" + artifact + " is not on the test classpath."
                    + " The pod replaces the test's own copy of the artifact with each version, so add it as a"
                    + " test dependency (the version the tests compile against), or check the coordinate's spelling");
        }
        if (m.versions().length == 0) {
            throw new PodMatrixException(where + " lists no versions");
        }
        Set<String> versions = new LinkedHashSet<>();
        for (String spec : m.versions()) {
            String s = spec.trim();
            if (s.isEmpty() || Versions.isGlob(s)) {
                throw new PodMatrixException(where + ": versions has '" + spec + "'; give a version such as 3.17.0"
                        + " or a range such as [3.12,3.18) (globs belong in exclude)");
            }
            if (Versions.isRange(s)) {
                List<String> in = new ArrayList<>(rangeVersions.apply(group + ":" + artifact, s));
                if (!m.preReleases()) {
                    in.removeIf(Versions::isPreRelease);
                }
                List<String> chosen = Versions.select(in, m.select());
                if (chosen.isEmpty()) {
                    throw new PodMatrixException(where + ": the range " + s + " holds no "
                            + (m.preReleases() ? "" : "release ") + "version"
                            + (m.preReleases() ? "" : " (pre-releases are left out unless preReleases = true)"));
                }
                versions.addAll(chosen);
            } else {
                Versions.parse(s);
                versions.add(s);
            }
        }
        List<String> kept = new ArrayList<>(versions);
        for (String ex : m.exclude()) {
            boolean hit = kept.removeIf(v -> Versions.matches(ex, v, where));
            if (!hit && !Versions.isRange(ex) && !Versions.isGlob(ex)) {
                throw new PodMatrixException(where + ": exclude has '" + ex + "', which none of the versions "
                        + versions + " is; remove it or fix its spelling");
            }
        }
        if (kept.isEmpty()) {
            throw new PodMatrixException(where + ": every version " + versions + " is excluded; nothing would run");
        }
        for (String ef : m.expectFailure()) {
            boolean any = versions.stream().anyMatch(v -> Versions.matches(ef, v, where));
            if (!any && !Versions.isRange(ef) && !Versions.isGlob(ef)) {
                throw new PodMatrixException(where + ": expectFailure has '" + ef + "', which none of the versions "
                        + versions + " is; remove it or fix its spelling");
            }
        }
        return new Axis(group, artifact, List.copyOf(kept), List.of(m.expectFailure()));
    }

    private static String where(String group, String artifact) {
        return "@PodMatrix(artifact = \"" + group + ":" + artifact + "\")";
    }

    /** The groups whose artifacts run the class inside the pod: the test classpath's copies must stay. */
    static boolean isHarness(String group) {
        return group.equals("org.junit") || group.startsWith("org.junit.") || group.equals("org.opentest4j")
                || group.equals("org.apiguardian") || group.equals("dev.pods") || group.startsWith("dev.pods.");
    }

    private static boolean labelsNeedGroups(List<Axis> axes, List<String> deps) {
        Set<String> names = new HashSet<>();
        for (Axis a : axes) {
            if (!names.add(a.artifact())) {
                return true;
            }
        }
        for (String d : deps) {
            if (!names.add(d.trim().split(":")[1])) {
                return true;
            }
        }
        return false;
    }

    private static String extraLabel(List<String> deps, List<String> exclusions) {
        List<String> parts = new ArrayList<>();
        for (String d : deps) {
            String[] p = d.trim().split(":");
            parts.add(p.length == 2 ? p[1] + " (managed)" : p[1] + " " + p[p.length - 1]);
        }
        for (String e : exclusions) {
            String t = e.trim();
            parts.add("without " + (t.contains(":") ? t.substring(t.indexOf(':') + 1) : t));
        }
        return String.join(", ", parts);
    }

    private static void product(List<Axis> axes, int i, List<Pin> pins, List<Variant> out, Overrides o,
                                String extra, boolean groups) {
        if (i == axes.size()) {
            List<String> parts = new ArrayList<>();
            boolean expectFailure = false;
            for (int k = 0; k < pins.size(); k++) {
                Pin p = pins.get(k);
                parts.add((groups ? p.key() : p.artifact()) + " " + p.version());
                expectFailure |= axes.get(k).expectsFailure(p.version());
            }
            if (!extra.isEmpty()) {
                parts.add(extra);
            }
            out.add(new Variant(String.join(", ", parts), List.copyOf(pins), o.dependencies(), o.exclusions(),
                    o.managedVersions(), o.boms(), expectFailure));
            return;
        }
        Axis a = axes.get(i);
        for (String v : a.versions()) {
            pins.add(new Pin(a.group(), a.artifact(), v));
            product(axes, i + 1, pins, out, o, extra, groups);
            pins.remove(pins.size() - 1);
        }
    }
}
