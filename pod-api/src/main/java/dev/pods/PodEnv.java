package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Everything a pod is made from: its dependencies (with managed versions, imported BOMs and
 * exclusions, as in a Maven POM) and where to resolve them, extra classpath
 * entries, the packages it shares with the host, its name, where its output goes, and whether it
 * runs in the host JVM or in a child JVM of its own ({@link #withIsolation}, {@link #withJvm}).
 *
 * <p>Immutable: every {@code with*} method returns a new env (or this one when nothing changed).
 * Equal envs are equal, so an env keys caches and pools. Output streams given with
 * {@link #withOutput(OutputStream, OutputStream)} compare by identity.
 *
 * <pre>{@code
 * PodEnv env = PodEnv.empty()
 *     .withDependencies("com.google.guava:guava:33.3.1-jre")
 *     .withSharedPackages("com.acme.spi")
 *     .withName("guava-33");
 * }</pre>
 *
 * <p>{@link #empty()} resolves from Maven's default remote repository ({@code central} of
 * Maven's super POM) into the default local repository, ignoring settings files;
 * {@link #current()} resolves as the host's Maven would: the user's and the global
 * {@code settings.xml} (local repository, offline, mirrors, proxies, server credentials and the
 * repositories of active profiles). Neither hands the host's classes to the pod.
 */
@API(status = STABLE, since = "1.0")
public final class PodEnv {
    /** The default size limit of one value crossing the bridge: 64 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 << 20;

    private static final PodEnv EMPTY = new PodEnv("pod", List.of(), List.of(), true, List.of(), List.of(),
            false, null, null, null, OutputMode.INHERIT, null, null, DEFAULT_MAX_PAYLOAD_BYTES, Isolation.IN_PROCESS,
            PodJvm.defaults(), List.of(), List.of());

    private final String name;
    private final List<PodDependency> dependencies;
    private final List<PodRepository> repositories;
    private final boolean defaultRepositories;
    private final List<Path> classpath;
    private final List<String> sharedPackages;
    private final boolean userSettings;
    private final Path settingsFile;
    private final Path localRepository;
    private final Boolean offline;
    private final OutputMode outputMode;
    private final OutputStream out;
    private final OutputStream err;
    private final int maxPayloadBytes;
    private final Isolation isolation;
    private final PodJvm jvm;
    private final List<String> managedVersions;
    private final List<String> boms;

    private PodEnv(String name, List<PodDependency> dependencies, List<PodRepository> repositories,
                   boolean defaultRepositories, List<Path> classpath, List<String> sharedPackages,
                   boolean userSettings, Path settingsFile, Path localRepository, Boolean offline,
                   OutputMode outputMode, OutputStream out, OutputStream err, int maxPayloadBytes,
                   Isolation isolation, PodJvm jvm, List<String> managedVersions, List<String> boms) {
        this.name = name;
        this.dependencies = dependencies;
        this.repositories = repositories;
        this.defaultRepositories = defaultRepositories;
        this.classpath = classpath;
        this.sharedPackages = sharedPackages;
        this.userSettings = userSettings;
        this.settingsFile = settingsFile;
        this.localRepository = localRepository;
        this.offline = offline;
        this.outputMode = outputMode;
        this.out = out;
        this.err = err;
        this.maxPayloadBytes = maxPayloadBytes;
        this.isolation = isolation;
        this.jvm = jvm;
        this.managedVersions = managedVersions;
        this.boms = boms;
    }

    /** An env with no dependencies that resolves from Maven's default repository, ignoring settings files. */
    public static PodEnv empty() {
        return EMPTY;
    }

    /**
     * An env that resolves as the host's Maven would: the user's {@code ~/.m2/settings.xml} and
     * the global one (under {@code maven.home}) are read with Maven's own settings builder.
     */
    public static PodEnv current() {
        return EMPTY.withUserSettings(true);
    }

    // ---- copies ------------------------------------------------------------------------

    private PodEnv copy(String name, List<PodDependency> dependencies, List<PodRepository> repositories,
                        boolean defaultRepositories, List<Path> classpath, List<String> sharedPackages,
                        boolean userSettings, Path settingsFile, Path localRepository, Boolean offline,
                        OutputMode outputMode, OutputStream out, OutputStream err, int maxPayloadBytes,
                        Isolation isolation, PodJvm jvm) {
        PodEnv e = new PodEnv(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm, managedVersions, boms);
        return e.equals(this) ? this : e;
    }

    private PodEnv withManagement(List<String> versions, List<String> imports) {
        PodEnv e = new PodEnv(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm, List.copyOf(versions), List.copyOf(imports));
        return e.equals(this) ? this : e;
    }

    /**
     * Adds dependencies by coordinate ({@code group:artifact[:extension[:classifier]]:version}). A
     * dependency whose version is managed ({@link #withManagedVersions}, {@link #withBoms}) may be
     * given as {@code group:artifact} alone and takes the managed version.
     */
    public PodEnv withDependencies(String... coordinates) {
        List<PodDependency> deps = new ArrayList<>(dependencies);
        for (String c : coordinates) {
            deps.add(PodDependency.of(Objects.requireNonNull(c, "coordinate")));
        }
        return withDependencyList(deps);
    }

    /** Adds dependencies, each with its exclusions. */
    public PodEnv withDependencies(PodDependency... more) {
        List<PodDependency> deps = new ArrayList<>(dependencies);
        deps.addAll(Arrays.asList(more));
        return withDependencyList(deps);
    }

    private PodEnv withDependencyList(List<PodDependency> deps) {
        return copy(name, List.copyOf(deps), repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /**
     * Pins versions as Maven's {@code <dependencyManagement>} does: each coordinate
     * {@code group:artifact[:extension[:classifier]]:version} sets the version of that artifact
     * wherever it appears among the transitive dependencies, and gives a dependency added
     * without a version ({@code group:artifact}) its version. A version given explicitly to
     * {@link #withDependencies} wins over the managed one, as in Maven. A pin here wins over the
     * same artifact's version in a {@linkplain #withBoms BOM}; pinning an artifact again replaces
     * its earlier pin.
     *
     * <pre>{@code
     * PodEnv env = PodEnv.empty()
     *     .withManagedVersions("org.apache.commons:commons-lang3:3.17.0")
     *     .withDependencies("org.apache.commons:commons-text:1.12.0"); // its commons-lang3 becomes 3.17.0
     * }</pre>
     *
     * <p>The coordinates' form is checked when the pod resolves, where a malformed one raises
     * {@link PodResolutionException} quoting it.
     */
    public PodEnv withManagedVersions(String... coordinates) {
        List<String> pins = new ArrayList<>(managedVersions);
        for (String c : coordinates) {
            Objects.requireNonNull(c, "managed version");
            String key = managementKey(c);
            pins.removeIf(p -> managementKey(p).equals(key));
            pins.add(c);
        }
        return withManagement(pins, boms);
    }

    /**
     * Imports BOMs, as a POM's {@code <dependencyManagement>} imports them with
     * {@code <scope>import</scope>}: each coordinate {@code group:artifact:version} names a
     * {@code pom}-packaged artifact whose own {@code <dependencyManagement>} (with the BOMs it
     * imports in turn) manages versions like {@link #withManagedVersions}. When two BOMs manage
     * the same artifact, the one given first wins; the env's own managed versions win over both.
     *
     * <pre>{@code
     * PodEnv env = PodEnv.empty()
     *     .withBoms("org.junit:junit-bom:5.14.1")
     *     .withDependencies("org.junit.jupiter:junit-jupiter-api"); // version from the BOM
     * }</pre>
     *
     * <p>A BOM that cannot be found, or that is not a {@code pom}, fails the resolution with
     * {@link PodResolutionException} naming it.
     */
    public PodEnv withBoms(String... coordinates) {
        List<String> imports = new ArrayList<>(boms);
        for (String c : coordinates) {
            Objects.requireNonNull(c, "BOM coordinate");
            if (!imports.contains(c)) {
                imports.add(c);
            }
        }
        return withManagement(managedVersions, imports);
    }

    /**
     * What a managed coordinate pins, as Maven's dependency management keys it: group, artifact,
     * extension ({@code jar} unless given) and classifier; a later pin of the same key replaces
     * the earlier one whichever form either was written in.
     */
    private static String managementKey(String coordinate) {
        String[] p = coordinate.split(":", -1);
        switch (p.length) {
            case 4:
                return p[0] + ':' + p[1] + ':' + p[2] + ':';
            case 5:
                return p[0] + ':' + p[1] + ':' + p[2] + ':' + p[3];
            default:
                // g:a:v, and malformed forms (refused when the pod resolves): all but the version
                int last = coordinate.lastIndexOf(':');
                return (last < 0 ? coordinate : coordinate.substring(0, last)) + ":jar:";
        }
    }

    /**
     * Adds a remote repository, searched after the ones already given (and after Maven's
     * default one unless {@link #withDefaultRepositories(boolean)} turned it off). An id that is
     * already present is replaced.
     */
    public PodEnv withRepository(String id, URI uri) {
        PodRepository repo = new PodRepository(id, uri);
        List<PodRepository> repos = new ArrayList<>(repositories);
        repos.removeIf(r -> r.id().equals(id));
        repos.add(repo);
        return copy(name, dependencies, List.copyOf(repos), defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /**
     * Whether Maven's default remote repository ({@code central} of the super POM) is searched.
     * On by default; tests that resolve only from {@code file:} repositories turn it off.
     */
    public PodEnv withDefaultRepositories(boolean enabled) {
        return copy(name, dependencies, repositories, enabled, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /** Adds class directories or jars, placed after the resolved dependencies on the pod's classpath. */
    public PodEnv withClasspath(Path... entries) {
        List<Path> cp = new ArrayList<>(classpath);
        for (Path p : entries) {
            cp.add(Objects.requireNonNull(p, "classpath entry").toAbsolutePath().normalize());
        }
        return copy(name, dependencies, repositories, defaultRepositories, List.copyOf(cp), sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /**
     * Adds packages the pod loads from the host (parent-first), beside the JDK's and
     * {@code dev.pods}. A package covers its subpackages. Use it for interfaces that host and
     * pod code both implement or call.
     */
    public PodEnv withSharedPackages(String... packages) {
        List<String> pkgs = new ArrayList<>(sharedPackages);
        for (String p : packages) {
            Objects.requireNonNull(p, "package");
            if (!isPackageName(p)) {
                throw new IllegalArgumentException("'" + p + "' is not a package name; give a dotted"
                        + " Java package such as com.acme.spi");
            }
            if (!pkgs.contains(p)) {
                pkgs.add(p);
            }
        }
        return copy(name, dependencies, repositories, defaultRepositories, classpath, List.copyOf(pkgs),
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /** Names the pod (in errors, logs, thread names). Default {@code pod}. */
    public PodEnv withName(String newName) {
        Objects.requireNonNull(newName, "name");
        if (newName.isBlank()) {
            throw new IllegalArgumentException("a pod's name must not be blank");
        }
        return copy(newName, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /** Whether the user's and global {@code settings.xml} are honoured ({@link #current()} turns this on). */
    public PodEnv withUserSettings(boolean enabled) {
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                enabled, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes, isolation, jvm);
    }

    /** Reads this settings file instead of the user's (Maven's {@code -s}); implies settings are honoured. */
    public PodEnv withSettings(Path file) {
        Path f = Objects.requireNonNull(file, "settings file").toAbsolutePath().normalize();
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                true, f, localRepository, offline, outputMode, out, err, maxPayloadBytes, isolation, jvm);
    }

    /** The local repository to resolve into, instead of the one settings name or {@code ~/.m2/repository}. */
    public PodEnv withLocalRepository(Path dir) {
        Path d = Objects.requireNonNull(dir, "local repository").toAbsolutePath().normalize();
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, d, offline, outputMode, out, err, maxPayloadBytes, isolation, jvm);
    }

    /** Offline: resolve only from the local repository (overrides settings). */
    public PodEnv withOffline(boolean enabled) {
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, enabled, outputMode, out, err, maxPayloadBytes,
                isolation, jvm);
    }

    /** {@link OutputMode#INHERIT} or {@link OutputMode#CAPTURE}; for a sink use {@link #withOutput(OutputStream, OutputStream)}. */
    public PodEnv withOutput(OutputMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == OutputMode.SINK) {
            throw new IllegalArgumentException("OutputMode.SINK needs the streams: use withOutput(out, err)");
        }
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, mode, null, null, maxPayloadBytes,
                isolation, jvm);
    }

    /**
     * Sends the pod's {@code System.out} and {@code System.err} to these streams (the same one may
     * serve both); text arrives encoded as UTF-8.
     */
    public PodEnv withOutput(OutputStream stdout, OutputStream stderr) {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, OutputMode.SINK, stdout, stderr, maxPayloadBytes,
                isolation, jvm);
    }

    /** The largest serialized value that may cross the bridge in one direction (default 64 MiB). */
    public PodEnv withMaxPayloadBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1024, was " + bytes);
        }
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, bytes, isolation, jvm);
    }

    /**
     * Where the pod runs: {@link Isolation#IN_PROCESS} (the default) in a class loader of the host
     * JVM, or {@link Isolation#PROCESS} in a child JVM of its own. See {@link Isolation}.
     */
    public PodEnv withIsolation(Isolation level) {
        Objects.requireNonNull(level, "isolation");
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                level, jvm);
    }

    /**
     * The JVM of a {@linkplain Isolation#PROCESS process pod}: executable, heap, options, system
     * properties, module opens and exports, agents, environment, working directory. Only for
     * process pods: creating an in-process pod from an env with settings other than
     * {@link PodJvm#defaults()} fails, since they could not be honoured.
     */
    public PodEnv withJvm(PodJvm settings) {
        Objects.requireNonNull(settings, "jvm settings");
        return copy(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode, out, err, maxPayloadBytes,
                isolation, settings);
    }

    // A loop rather than a regex: PodEnv is on the fast path of a fresh JVM, where compiling a
    // Unicode-class Pattern costs milliseconds.
    private static boolean isPackageName(String s) {
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (start) {
                if (!Character.isJavaIdentifierStart(c)) {
                    return false;
                }
                start = false;
            } else if (c == '.') {
                start = true;
            } else if (!Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        return !start;
    }

    // ---- accessors ---------------------------------------------------------------------

    public String name() {
        return name;
    }

    public List<PodDependency> dependencies() {
        return dependencies;
    }

    /** Repositories given with {@link #withRepository}, in order. */
    public List<PodRepository> repositories() {
        return repositories;
    }

    public boolean defaultRepositories() {
        return defaultRepositories;
    }

    public List<Path> classpath() {
        return classpath;
    }

    /** The packages given to {@link #withSharedPackages}, in order; the runtime decides what they share. */
    public List<String> sharedPackages() {
        return sharedPackages;
    }

    public boolean userSettings() {
        return userSettings;
    }

    public Optional<Path> settingsFile() {
        return Optional.ofNullable(settingsFile);
    }

    public Optional<Path> localRepository() {
        return Optional.ofNullable(localRepository);
    }

    /** Empty when settings (or the default, online) decide. */
    public Optional<Boolean> offline() {
        return Optional.ofNullable(offline);
    }

    public OutputMode outputMode() {
        return outputMode;
    }

    /** The stdout sink when {@link #outputMode()} is {@link OutputMode#SINK}. */
    public Optional<OutputStream> stdoutSink() {
        return Optional.ofNullable(out);
    }

    /** The stderr sink when {@link #outputMode()} is {@link OutputMode#SINK}. */
    public Optional<OutputStream> stderrSink() {
        return Optional.ofNullable(err);
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Where the pod runs (default {@link Isolation#IN_PROCESS}). */
    public Isolation isolation() {
        return isolation;
    }

    /** The JVM settings of a process pod ({@link PodJvm#defaults()} unless given). */
    public PodJvm jvm() {
        return jvm;
    }

    /** Managed versions given with {@link #withManagedVersions}, in order. */
    public List<String> managedVersions() {
        return managedVersions;
    }

    /** BOMs given with {@link #withBoms}, in order (earlier ones win). */
    public List<String> boms() {
        return boms;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PodEnv)) {
            return false;
        }
        PodEnv e = (PodEnv) o;
        return defaultRepositories == e.defaultRepositories && userSettings == e.userSettings
                && maxPayloadBytes == e.maxPayloadBytes && name.equals(e.name)
                && dependencies.equals(e.dependencies) && repositories.equals(e.repositories)
                && classpath.equals(e.classpath) && sharedPackages.equals(e.sharedPackages)
                && Objects.equals(settingsFile, e.settingsFile) && Objects.equals(localRepository, e.localRepository)
                && Objects.equals(offline, e.offline) && outputMode == e.outputMode
                && out == e.out && err == e.err && isolation == e.isolation && jvm.equals(e.jvm)
                && managedVersions.equals(e.managedVersions) && boms.equals(e.boms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dependencies, repositories, defaultRepositories, classpath, sharedPackages,
                userSettings, settingsFile, localRepository, offline, outputMode,
                System.identityHashCode(out), System.identityHashCode(err), maxPayloadBytes, isolation, jvm,
                managedVersions, boms);
    }

    @Override
    public String toString() {
        return "PodEnv[" + name + ", dependencies=" + dependencies
                + (managedVersions.isEmpty() ? "" : ", managed=" + managedVersions)
                + (boms.isEmpty() ? "" : ", boms=" + boms) + ", repositories=" + repositories
                + (defaultRepositories ? " + default" : "") + ", classpath=" + classpath
                + ", shared=" + sharedPackages + ", output=" + outputMode
                + (isolation == Isolation.IN_PROCESS ? "" : ", isolation=" + isolation)
                + (jvm.equals(PodJvm.defaults()) ? "" : ", jvm=" + jvm) + "]";
    }
}
