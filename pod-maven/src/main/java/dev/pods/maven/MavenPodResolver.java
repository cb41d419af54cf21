package dev.pods.maven;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodRepository;
import dev.pods.PodResolutionException;
import dev.pods.spi.PodResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
 * <p>Thread-safe. Results are kept per (dependencies, repositories, offline) for the life of the
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
        Key key = new Key(env.dependencies(), env.repositories(), env.defaultRepositories(),
                env.offline().orElse(false));
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
        CollectRequest collect = collectRequest(env);
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
     * with their exclusions, from {@linkplain #repositories(PodEnv) its repositories}. For tools
     * that show the graph ({@code pods:deps}) rather than resolve it.
     *
     * @throws PodResolutionException quoting a malformed coordinate
     */
    public CollectRequest collectRequest(PodEnv env) {
        refuseForeignSettings(env);
        CollectRequest collect = new CollectRequest();
        for (PodDependency d : env.dependencies()) {
            collect.addDependency(dependency(d));
        }
        collect.setRepositories(repositories(env));
        collect.setRequestContext("pods");
        return collect;
    }

    /** One env dependency as Maven Resolver's, runtime scope. */
    static Dependency dependency(PodDependency d) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(d.coordinate());
        } catch (IllegalArgumentException e) {
            throw PodResolutionException.malformed(d.coordinate(), "not of the form Maven Resolver accepts");
        }
        if (artifact.getVersion().isEmpty()) {
            throw PodResolutionException.malformed(d.coordinate(), "the version is empty");
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
    private record Key(List<PodDependency> dependencies, List<PodRepository> repositories,
                       boolean defaultRepositories, boolean offline) {
    }
}
