package dev.pods.maven;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodRepository;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Failure;
import dev.pods.PodResolutionException.Reason;
import dev.pods.spi.PodResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.apiguardian.api.API;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * A {@link PodResolver} backed by the running Maven build: its injected {@link RepositorySystem},
 * its {@link RepositorySystemSession} and its remote repositories. Mirrors, proxies, credentials,
 * offline mode ({@code -o}), the local repository, checksum and update policies all come from
 * the build as Maven set them up; nothing is re-read from settings files, and nothing of Pods' own
 * resolver stack is loaded.
 *
 * <p>Written against the Maven Resolver API as Maven 3.8 exports it to plugins (1.6) and using
 * only what 1.9 (Maven 3.9) still has.
 *
 * <p>How an env maps onto the build:
 * <ul>
 *   <li>dependencies resolve in the runtime scope (compile and runtime dependencies, transitively),
 *       with the env's exclusions; the classpath is in Maven's order (pre-order of the graph);</li>
 *   <li>the env's managed versions and BOMs are the request's dependency management, as a POM's
 *       {@code <dependencyManagement>} would be (see {@link #collectRequest(PodEnv)});</li>
 *   <li>{@link PodEnv#defaultRepositories()} means the build's repositories given to the
 *       constructor (a project's remote repositories); an env's own repositories come after
 *       them, with the build's mirrors, proxies and credentials applied; a repository whose id
 *       and URL are the build's is the build's own (its policies kept);</li>
 *   <li>{@link PodEnv#withOffline(boolean) withOffline(true)} makes this resolution offline; an
 *       offline build stays offline whatever the env says;</li>
 *   <li>an env that names its own settings file or local repository is refused: inside a build,
 *       the build's settings decide.</li>
 * </ul>
 *
 * <p>Thread-safe. Results are kept per (dependencies, management, repositories, offline) for the life of the
 * resolver, one resolution in flight per key; a failure is not kept.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class MavenPodResolver implements PodResolver {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> buildRepositories;
    private final ConcurrentHashMap<Key, CompletableFuture<List<Path>>> memo = new ConcurrentHashMap<>();

    /**
     * A resolver over the build's system and session; {@code repositories} are what
     * {@link PodEnv#defaultRepositories()} stands for (usually
     * {@code project.getRemoteProjectRepositories()}, which Maven has already mirrored and
     * authenticated).
     */
    public MavenPodResolver(RepositorySystem system, RepositorySystemSession session,
                            List<RemoteRepository> repositories) {
        this.system = Objects.requireNonNull(system, "system");
        this.session = Objects.requireNonNull(session, "session");
        this.buildRepositories = List.copyOf(repositories);
    }

    /** The repositories an env's defaults stand for. */
    public List<RemoteRepository> buildRepositories() {
        return buildRepositories;
    }

    @Override
    public List<Path> classpath(PodEnv env) {
        Objects.requireNonNull(env, "env");
        refuseForeignSettings(env);
        if (env.dependencies().isEmpty()) {
            return List.of();
        }
        Key key = new Key(env.dependencies(), env.managedVersions(), env.boms(), env.repositories(),
                env.defaultRepositories(), env.offline().orElse(false));
        CompletableFuture<List<Path>> mine = new CompletableFuture<>();
        CompletableFuture<List<Path>> theirs = memo.putIfAbsent(key, mine);
        if (theirs != null) {
            return join(theirs);
        }
        try {
            List<Path> cp = resolve(env);
            mine.complete(cp);
            return cp;
        } catch (RuntimeException | Error e) {
            // Waiters get the failure; the next caller tries again (the build may have changed).
            memo.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static List<Path> join(CompletableFuture<List<Path>> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof PodResolutionException) {
                        PodResolutionException p = (PodResolutionException) c;
                        throw new PodResolutionException(firstLine(p.getMessage()), p.failures(),
                                p.partialClasspath(), p);
                    }
                    if (c instanceof RuntimeException) {
                        throw (RuntimeException) c;
                    }
                    throw (Error) c;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).stripTrailing();
    }

    private List<Path> resolve(PodEnv env) {
        RepositorySystemSession s = sessionFor(env);
        CollectRequest collect = collectRequest(env, s);
        DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            DependencyResult result = system.resolveDependencies(s, request);
            return files(result.getArtifactResults());
        } catch (DependencyResolutionException e) {
            throw Failures.of(env.dependencies(), e);
        }
    }

    /** The session this env resolves with: the build's, made offline when the env asks. */
    RepositorySystemSession sessionFor(PodEnv env) {
        if (env.offline().orElse(false) && !session.isOffline()) {
            return new DefaultRepositorySystemSession(session).setOffline(true);
        }
        return session;
    }

    /**
     * The collect request this resolver makes for an env: its dependencies in the runtime scope,
     * with their exclusions, from {@linkplain #repositories(PodEnv) its repositories}, managed as
     * the env says ({@link PodEnv#managedVersions()}, then each of {@link PodEnv#boms()} as read
     * by the build's artifact descriptor reader, the first entry for an artifact winning). A
     * dependency without a version takes its managed one. For tools that show the graph
     * ({@code pods:deps}) rather than resolve it.
     *
     * @throws PodResolutionException quoting a malformed coordinate, naming a BOM that cannot be
     *         resolved or is not a pom, or a dependency without a version that nothing manages
     */
    public CollectRequest collectRequest(PodEnv env) {
        refuseForeignSettings(env);
        return collectRequest(env, sessionFor(env));
    }

    private CollectRequest collectRequest(PodEnv env, RepositorySystemSession s) {
        List<RemoteRepository> repos = repositories(env);
        Map<String, Dependency> managed = managed(env, s, repos);
        CollectRequest collect = new CollectRequest();
        for (PodDependency d : env.dependencies()) {
            collect.addDependency(dependency(d, managed, env));
        }
        collect.setManagedDependencies(new ArrayList<>(managed.values()));
        collect.setRepositories(repos);
        collect.setRequestContext("pods");
        return collect;
    }

    /** One env dependency as Maven Resolver's, runtime scope; one without a version takes the managed one. */
    private static Dependency dependency(PodDependency d, Map<String, Dependency> managed, PodEnv env) {
        Artifact artifact;
        String[] parts = d.coordinate().split(":", -1);
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            Dependency m = managed.get(key(parts[0], parts[1], "jar", ""));
            if (env.managedVersions().isEmpty() && env.boms().isEmpty()) {
                throw PodResolutionException.malformed(d.coordinate(), "no version; it may be left out only when"
                        + " the env manages it (withManagedVersions, withBoms)");
            }
            if (m == null) {
                throw new PodResolutionException("dependency '" + d.coordinate() + "' of pod '" + env.name()
                        + "' has no version, and no managed version or BOM gives it one; give it as "
                        + d.coordinate() + ":VERSION, or manage its version with PodEnv.withManagedVersions or a"
                        + " BOM that lists it (PodEnv.withBoms)",
                        List.of(new Failure(d.coordinate(), "", Reason.INVALID, "no version given and none managed")),
                        List.of(), null);
            }
            artifact = new DefaultArtifact(parts[0], parts[1], "", "jar", m.getArtifact().getVersion());
        } else {
            artifact = artifact(d.coordinate(), "");
        }
        List<Exclusion> exclusions = new ArrayList<>();
        for (String x : d.exclusions()) {
            String[] p = x.split(":", -1);
            if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) {
                throw PodResolutionException.malformed(d.coordinate(),
                        "the exclusion '" + x + "' is not group:artifact (either may be *)");
            }
            exclusions.add(new Exclusion(p[0], p[1], "*", "*"));
        }
        return new Dependency(artifact, JavaScopes.RUNTIME, false, exclusions);
    }

    private static Artifact artifact(String coordinate, String what) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw PodResolutionException.malformed(coordinate, what + "not of the form Maven Resolver accepts");
        }
        if (artifact.getVersion().isEmpty()) {
            throw PodResolutionException.malformed(coordinate, what + "the version is empty");
        }
        return artifact;
    }

    /** Maven's management key: group, artifact, extension, classifier. */
    private static String key(String group, String artifact, String extension, String classifier) {
        return group + ':' + artifact + ':' + extension + ':' + classifier;
    }

    private static String key(Artifact a) {
        return key(a.getGroupId(), a.getArtifactId(), a.getExtension(), a.getClassifier());
    }

    /** The env's managed versions, then its BOMs' managed dependencies; the first per key wins. */
    private Map<String, Dependency> managed(PodEnv env, RepositorySystemSession s, List<RemoteRepository> repos) {
        Map<String, Dependency> byKey = new LinkedHashMap<>();
        for (String m : env.managedVersions()) {
            Artifact a = artifact(m, "managed version: ");
            byKey.putIfAbsent(key(a), new Dependency(a, null));
        }
        for (String bom : env.boms()) {
            for (Dependency d : bom(bom, env, s, repos)) {
                byKey.putIfAbsent(key(d.getArtifact()), d);
            }
        }
        return byKey;
    }

    /** A BOM's managed dependencies (with the BOMs it imports), read as the build reads POMs. */
    private List<Dependency> bom(String coordinate, PodEnv env, RepositorySystemSession s,
                                 List<RemoteRepository> repos) {
        String[] p = coordinate.split(":", -1);
        if (!(p.length == 3 || p.length == 4 && p[2].equals("pom"))) {
            throw PodResolutionException.malformed(coordinate, "a BOM is group:artifact:version (a pom)");
        }
        Artifact given = artifact(coordinate, "BOM: ");
        String gav = given.getGroupId() + ':' + given.getArtifactId() + ':' + given.getVersion();
        Artifact pom = new DefaultArtifact(given.getGroupId(), given.getArtifactId(), "", "pom", given.getVersion());
        File file;
        try {
            // The descriptor reader tolerates a missing POM (as Maven does for dependencies): fetch it first.
            file = system.resolveArtifact(s, new ArtifactRequest(pom, repos, "import")).getArtifact().getFile();
        } catch (ArtifactResolutionException e) {
            throw Failures.of("BOM " + gav + " of pod '" + env.name() + "' could not be resolved", e);
        }
        String packaging;
        try (InputStream in = Files.newInputStream(file.toPath())) {
            Model model = new MavenXpp3Reader().read(in, false);
            packaging = model.getPackaging() == null ? "jar" : model.getPackaging();
        } catch (IOException | XmlPullParserException e) {
            String why = "its POM " + file + " cannot be read: " + e.getMessage();
            throw new PodResolutionException("BOM " + gav + " of pod '" + env.name() + "' is not a BOM: " + why,
                    List.of(new Failure(gav, "", Reason.INVALID, why)), List.of(), e);
        }
        if (!"pom".equals(packaging)) {
            String why = "its packaging is '" + packaging + "', not 'pom'";
            throw new PodResolutionException("BOM " + gav + " of pod '" + env.name() + "' is not a BOM: " + why
                    + "; a BOM is a pom-packaged artifact whose <dependencyManagement> lists versions (often named"
                    + " ...-bom or ...-dependencies); give that coordinate to withBoms, or pin single versions with"
                    + " withManagedVersions", List.of(new Failure(gav, "", Reason.INVALID, why)), List.of(), null);
        }
        try {
            return system.readArtifactDescriptor(s, new ArtifactDescriptorRequest(pom, repos, "import"))
                    .getManagedDependencies();
        } catch (ArtifactDescriptorException e) {
            throw Failures.of("BOM " + gav + " of pod '" + env.name() + "' could not be read (a parent or a BOM it"
                    + " imports is missing or invalid)", e);
        }
    }

    /**
     * The repositories an env resolves from: the build's when the env keeps the defaults, then
     * the env's own. A repository the build knows (same id and URL) is the build's object; any
     * other goes through the build's mirrors, proxies and credentials.
     */
    public List<RemoteRepository> repositories(PodEnv env) {
        List<RemoteRepository> out = new ArrayList<>();
        if (env.defaultRepositories()) {
            out.addAll(buildRepositories);
        }
        List<RemoteRepository> foreign = new ArrayList<>();
        for (PodRepository r : env.repositories()) {
            RemoteRepository known = known(r);
            if (known != null) {
                if (!out.contains(known)) {
                    out.add(known);
                }
            } else {
                foreign.add(new RemoteRepository.Builder(r.id(), "default", r.uri().toString()).build());
            }
        }
        if (!foreign.isEmpty()) {
            for (RemoteRepository r : system.newResolutionRepositories(session, foreign)) {
                if (!out.contains(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private RemoteRepository known(PodRepository r) {
        for (RemoteRepository b : buildRepositories) {
            if (b.getId().equals(r.id()) && sameUrl(b.getUrl(), r.uri().toString())) {
                return b;
            }
        }
        return null;
    }

    private static boolean sameUrl(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static List<Path> files(List<ArtifactResult> results) {
        List<Path> cp = new ArrayList<>();
        for (ArtifactResult r : results) {
            if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                Path p = r.getArtifact().getFile().toPath().toAbsolutePath().normalize();
                if (!cp.contains(p)) {
                    cp.add(p);
                }
            }
        }
        return List.copyOf(cp);
    }

    private static void refuseForeignSettings(PodEnv env) {
        if (env.settingsFile().isPresent() || env.localRepository().isPresent()) {
            throw new PodResolutionException("env '" + env.name() + "' names its own "
                    + (env.settingsFile().isPresent() ? "settings file " + env.settingsFile().get()
                    : "local repository " + env.localRepository().get())
                    + ", but inside a Maven build the build's settings and local repository decide;"
                    + " drop withSettings/withLocalRepository from the env (run Maven with -s or"
                    + " -Dmaven.repo.local instead)", List.of(), List.of(), null);
        }
    }

    @Override
    public String toString() {
        return "MavenPodResolver[" + buildRepositories.size() + " build repositories, offline="
                + session.isOffline() + "]";
    }

    /** What a resolution depends on besides the build's session. */
    private record Key(List<PodDependency> dependencies, List<String> managedVersions, List<String> boms,
                       List<PodRepository> repositories, boolean defaultRepositories, boolean offline) {
    }
}
