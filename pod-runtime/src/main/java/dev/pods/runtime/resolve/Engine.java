package dev.pods.runtime.resolve;

import dev.pods.PodException;
import dev.pods.PodRepository;
import dev.pods.PodResolutionException;
import dev.pods.PodResolutionException.Failure;
import dev.pods.PodResolutionException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.CollectResult;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.transfer.RepositoryOfflineException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;
import org.eclipse.aether.util.graph.manager.DependencyManagerUtils;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;
import org.eclipse.aether.util.graph.transformer.PathConflictResolver;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow path: Maven Resolver wired by its supplier, Maven's settings builder, and the
 * translation of Maven's dependency tree and errors into ours. One {@link RepositorySystem} per
 * engine (expensive to build: the {@link Resolver} creates the engine only when a request misses
 * both caches). Thread-safe: each resolution opens its own session.
 */
final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final String SUPER_POM = "org/apache/maven/model/pom-4.0.0.xml";
    private static final Set<String> CLASSPATH_SCOPES = Set.of("compile", "runtime", "");

    private final RepositorySystem system;

    Engine() {
        this.system = new RepositorySystemSupplier().get();
    }

    @Override
    public void close() {
        system.shutdown();
    }

    /** The settings in effect for a request, read with Maven's own settings builder. */
    static Settings settings(Request req) {
        if (!req.userSettings()) {
            return new Settings();
        }
        Path user = req.settingsFile().orElse(Resolver.userHome().resolve(".m2").resolve("settings.xml"));
        DefaultSettingsBuildingRequest sr = new DefaultSettingsBuildingRequest();
        Properties sys = new Properties();
        sys.putAll(System.getProperties());
        System.getenv().forEach((k, v) -> sys.setProperty("env." + k, v));
        sr.setSystemProperties(sys);
        if (Files.isRegularFile(user)) {
            sr.setUserSettingsFile(user.toFile());
        } else if (req.settingsFile().isPresent()) {
            throw new PodResolutionException("settings file " + user + " does not exist; give an existing"
                    + " settings.xml or drop withSettings(...)",
                    List.of(new Failure(user.toString(), "", Reason.OTHER, "no such file")), List.of(), null);
        }
        Optional<Path> global = Resolver.globalSettings();
        global.filter(Files::isRegularFile).ifPresent(g -> sr.setGlobalSettingsFile(g.toFile()));
        try {
            return new DefaultSettingsBuilderFactory().newInstance().build(sr).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new PodResolutionException("settings could not be read (" + user + "); fix the file or turn"
                    + " settings off with PodEnv.withUserSettings(false)",
                    List.of(new Failure(user.toString(), "", Reason.OTHER, e.getMessage())), List.of(), e);
        }
    }

    /** Maven's default remote repository, {@code central}, as the super POM in maven-model-builder defines it. */
    static RemoteRepository central(String checksumPolicy) {
        return SuperPom.central(checksumPolicy);
    }

    private static final class SuperPom {
        private static final Model MODEL = read();

        private static Model read() {
            ClassLoader cl = MavenXpp3Reader.class.getClassLoader();
            try (InputStream in = cl.getResourceAsStream(SUPER_POM)) {
                if (in == null) {
                    throw new IllegalStateException("Maven's super POM " + SUPER_POM
                            + " is not on the classpath (maven-model-builder missing)");
                }
                return new MavenXpp3Reader().read(in, false);
            } catch (IOException | org.codehaus.plexus.util.xml.pull.XmlPullParserException e) {
                throw new IllegalStateException("cannot read Maven's super POM " + SUPER_POM, e);
            }
        }

        static RemoteRepository central(String checksumPolicy) {
            for (org.apache.maven.model.Repository r : MODEL.getRepositories()) {
                if (r.getId().equals("central")) {
                    return remote(r.getId(), r.getUrl(), enabled(r.getReleases(), true),
                            enabled(r.getSnapshots(), true), checksumPolicy);
                }
            }
            throw new IllegalStateException("Maven's super POM defines no repository 'central'");
        }

        private static boolean enabled(org.apache.maven.model.RepositoryPolicy p, boolean dflt) {
            return p == null || p.getEnabled() == null ? dflt : Boolean.parseBoolean(p.getEnabled());
        }
    }

    private static RemoteRepository remote(String id, String url, boolean releases, boolean snapshots,
                                           String checksumPolicy) {
        return new RemoteRepository.Builder(id, "default", url)
                .setReleasePolicy(new RepositoryPolicy(releases, RepositoryPolicy.UPDATE_POLICY_DAILY, checksumPolicy))
                .setSnapshotPolicy(new RepositoryPolicy(snapshots, RepositoryPolicy.UPDATE_POLICY_DAILY, checksumPolicy))
                .build();
    }

    /** Resolves a request into a tree, or throws naming every failure with the partial classpath. */
    Tree resolve(Request req, TransferListener listener) {
        Settings settings = settings(req);
        Path localRepo = Resolver.localRepository(req, settings);
        boolean offline = req.offline().orElse(settings.isOffline());
        String checksumPolicy = req.checksumPolicy().aether();

        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepo)
                .setOffline(offline)
                // Every POM inherits the super POM's central: without the default repositories,
                // repositories declared in POMs are ignored too, so "no central" means no central.
                .setIgnoreArtifactDescriptorRepositories(!req.defaultRepositories())
                .setChecksumPolicy(checksumPolicy)
                // STANDARD keeps every losing version (with the winner it lost to) but cuts cycles, as
                // `mvn dependency:tree -Dverbose` does. FULL keeps cycles in the graph, and the
                // supplier's own ManagedDependencyContextRefiner then recurses around them forever.
                // Showing cycles keeps a version of a requested dependency that loses further down
                // (the classic resolver hides those); the path resolver is pinned so this holds.
                .setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, ConflictResolver.Verbosity.STANDARD)
                .setConfigProperty(ConflictResolver.CONFIG_PROP_CONFLICT_RESOLVER_IMPL,
                        ConflictResolver.PATH_CONFLICT_RESOLVER)
                .setConfigProperty(PathConflictResolver.CONFIG_PROP_SHOW_CYCLES_IN_STANDARD_VERBOSITY, true)
                // Nodes remember their version before dependency management changed it, for
                // Resolution.managed() (what a BOM or a managed version changed).
                .setConfigProperty(DependencyManagerUtils.CONFIG_PROP_VERBOSE, true)
                .setMirrorSelector(mirrors(settings))
                .setProxySelector(proxies(settings))
                .setAuthenticationSelector(credentials(settings))
                .setTransferListener(new ListenerAdapter(listener));
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            List<RemoteRepository> repos = system.newResolutionRepositories(session, repositories(req, settings,
                    checksumPolicy));
            LOG.debug("resolving {} for pod {} from {} into {}{}", req.coordinates(), req.podName(), repos,
                    localRepo, offline ? " (offline)" : "");
            return resolve(req, session, repos, offline);
        } catch (PodException e) {
            throw e;
        } catch (StackOverflowError e) {
            // Maven Resolver collects and transforms the graph recursively: a chain of POMs deep
            // enough exhausts the caller's stack. The stack is unwound here, so this thread is fine.
            throw unexpected(req, "the dependency graph is too deep for this thread's stack (Maven Resolver walks"
                    + " it recursively); resolve on a thread with a larger stack (the Thread constructor's stackSize,"
                    + " or -Xss)", e);
        } catch (RuntimeException e) {
            throw unexpected(req, "Maven Resolver failed unexpectedly (" + e + "); this is a bug in Pods or"
                    + " Maven Resolver, please report it with the coordinates", e);
        }
    }

    private static PodResolutionException unexpected(Request req, String why, Throwable cause) {
        StringBuilder what = new StringBuilder();
        for (Coordinate c : req.coordinates()) {
            what.append(what.length() == 0 ? "" : ", ").append(c.display());
        }
        return new PodResolutionException("could not resolve " + what + " for pod '" + req.podName() + "': " + why,
                List.of(new Failure(what.toString(), "", Reason.INVALID, why)), List.of(), cause);
    }

    private static List<RemoteRepository> repositories(Request req, Settings settings, String checksumPolicy) {
        Map<String, RemoteRepository> byId = new LinkedHashMap<>();
        Set<String> active = new LinkedHashSet<>(settings.getActiveProfiles());
        for (Profile p : settings.getProfiles()) {
            boolean on = active.contains(p.getId())
                    || (p.getActivation() != null && p.getActivation().isActiveByDefault());
            if (on) {
                for (org.apache.maven.settings.Repository r : p.getRepositories()) {
                    byId.put(r.getId(), remote(r.getId(), r.getUrl(),
                            r.getReleases() == null || r.getReleases().isEnabled(),
                            r.getSnapshots() == null || r.getSnapshots().isEnabled(), checksumPolicy));
                }
            }
        }
        if (req.defaultRepositories()) {
            byId.putIfAbsent("central", central(checksumPolicy));
        }
        for (PodRepository r : req.repositories()) {
            byId.remove(r.id());
            byId.put(r.id(), remote(r.id(), r.uri().toString(), true, true, checksumPolicy));
        }
        return new ArrayList<>(byId.values());
    }

    private static DefaultMirrorSelector mirrors(Settings settings) {
        DefaultMirrorSelector ms = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            ms.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        return ms;
    }

    private static DefaultProxySelector proxies(Settings settings) {
        DefaultProxySelector ps = new DefaultProxySelector();
        for (Proxy p : settings.getProxies()) {
            if (!p.isActive()) {
                continue;
            }
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (p.getUsername() != null) {
                auth.addUsername(p.getUsername()).addPassword(p.getPassword());
            }
            ps.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth.build()),
                    p.getNonProxyHosts());
        }
        return ps;
    }

    private static DefaultAuthenticationSelector credentials(Settings settings) {
        DefaultAuthenticationSelector as = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (s.getUsername() != null) {
                auth.addUsername(s.getUsername()).addPassword(s.getPassword());
            }
            if (s.getPrivateKey() != null) {
                auth.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
            }
            as.add(s.getId(), auth.build());
        }
        return as;
    }

    // ---- the tree ------------------------------------------------------------------------

    /** A node of Maven's verbose tree, flattened in preorder. */
    private record Visit(DependencyNode node, int depth, char kind, DependencyNode winner) {
    }

    private Tree resolve(Request req, RepositorySystemSession session, List<RemoteRepository> repos, boolean offline) {
        Management management = Management.of(req, system, session, repos, offline);
        CollectRequest collect = new CollectRequest();
        collect.setRepositories(repos);
        collect.setRequestContext("runtime");
        collect.setManagedDependencies(management.managed);
        for (Coordinate c : management.roots) {
            List<Exclusion> ex = new ArrayList<>();
            for (String[] e : c.exclusions()) {
                ex.add(new Exclusion(e[0], e[1], "*", "*"));
            }
            collect.addDependency(new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(),
                    c.extension(), c.version()), "compile", false, ex));
        }
        List<Failure> failures = new ArrayList<>();
        Exception cause = null;
        CollectResult collected;
        try {
            collected = system.collectDependencies(session, collect);
        } catch (DependencyCollectionException e) {
            collected = e.getResult();
            cause = e;
            for (Exception x : collected.getExceptions()) {
                failures.addAll(failures(x, offline));
            }
            if (failures.isEmpty()) {
                failures.add(new Failure(req.coordinates().toString(), "", Reason.OTHER, String.valueOf(e.getMessage())));
            }
        }

        boolean[] dynamic = {req.dynamic()};
        List<Visit> visits = walk(collected.getRoot(), dynamic);

        // The artifacts: one per coordinate; winners resolved to files, losers without.
        Map<String, Integer> index = new HashMap<>();
        List<Artifact> artifacts = new ArrayList<>();
        List<DependencyNode> defining = new ArrayList<>();
        int n = visits.size();
        int[] depth = new int[n];
        int[] art = new int[n];
        char[] kind = new char[n];
        int[] win = new int[n];
        String[] premanaged = new String[n];
        String[] managedBy = new String[n];
        for (int i = 0; i < n; i++) {
            Visit v = visits.get(i);
            depth[i] = v.depth();
            kind[i] = v.kind();
            managed(v, management, premanaged, managedBy, i);
            art[i] = indexOf(v.node(), index, artifacts, defining);
            win[i] = v.winner() == null ? art[i] : indexOf(v.winner(), index, artifacts, defining);
            if (v.kind() == Tree.WINNER) {
                defining.set(art[i], v.node());
            }
        }

        List<ArtifactRequest> requests = new ArrayList<>();
        List<Integer> requested = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            if (kind[i] == Tree.WINNER && seen.add(art[i])) {
                DependencyNode node = defining.get(art[i]);
                String scope = node.getDependency() == null ? "" : node.getDependency().getScope();
                if (CLASSPATH_SCOPES.contains(scope) && !"pom".equals(node.getArtifact().getExtension())) {
                    requests.add(new ArtifactRequest(node));
                    requested.add(art[i]);
                }
            }
        }
        Map<Integer, Path> files = new HashMap<>();
        if (!requests.isEmpty()) {
            List<ArtifactResult> results;
            try {
                results = system.resolveArtifacts(session, requests);
            } catch (ArtifactResolutionException e) {
                results = e.getResults();
                cause = cause == null ? e : cause;
                if (cause != e) {
                    cause.addSuppressed(e);
                }
            }
            for (int k = 0; k < results.size(); k++) {
                ArtifactResult r = results.get(k);
                if (r.isResolved() && r.getArtifact() != null && r.getArtifact().getPath() != null) {
                    files.put(requested.get(k), r.getArtifact().getPath());
                } else {
                    List<Failure> fs = new ArrayList<>();
                    for (Exception x : r.getExceptions()) {
                        fs.addAll(failures(x, offline));
                    }
                    if (fs.isEmpty()) {
                        fs.add(new Failure(coordinate(r.getRequest().getArtifact()), "", Reason.OTHER,
                                "not resolved"));
                    }
                    failures.addAll(fs);
                }
            }
        }

        List<ResolvedArtifact> out = new ArrayList<>(artifacts.size());
        long[] sizes = new long[artifacts.size()];
        long[] mtimes = new long[artifacts.size()];
        for (int a = 0; a < artifacts.size(); a++) {
            Artifact x = artifacts.get(a);
            DependencyNode d = defining.get(a);
            Dependency dep = d.getDependency();
            Path file = files.get(a);
            sizes[a] = -1;
            mtimes[a] = -1;
            if (file != null) {
                file = file.toAbsolutePath().normalize();
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    sizes[a] = attrs.size();
                    mtimes[a] = attrs.lastModifiedTime().toMillis();
                } catch (IOException e) {
                    failures.add(new Failure(coordinate(x), "", Reason.OTHER, "resolved file " + file
                            + " cannot be read: " + e));
                    file = null;
                }
            }
            out.add(new ResolvedArtifact(x.getGroupId(), x.getArtifactId(), x.getExtension(), x.getClassifier(),
                    x.getVersion(), dep == null ? "" : dep.getScope(), dep != null && dep.isOptional(),
                    Optional.ofNullable(file)));
        }
        Tree tree = new Tree(out, sizes, mtimes, depth, art, kind, win, premanaged, managedBy, dynamic[0]);
        if (!failures.isEmpty()) {
            List<Path> partial = new Resolution(tree, Resolution.Origin.RESOLVED, 0).classpath();
            StringBuilder tried = new StringBuilder();
            for (RemoteRepository r : repos) {
                tried.append(tried.length() == 0 ? "" : ", ").append(describe(r));
            }
            StringBuilder what = new StringBuilder();
            for (Coordinate c : req.coordinates()) {
                what.append(what.length() == 0 ? "" : ", ").append(c.display());
            }
            throw new PodResolutionException("could not resolve " + what + " for pod '" + req.podName() + "'"
                    + (offline ? " (offline)" : "") + "; repositories tried: "
                    + (tried.length() == 0 ? "none" : tried) + "; " + advice(failures),
                    dedupe(failures), partial, cause);
        }
        return tree;
    }

    /**
     * Records what management changed at one node: a transitive dependency's version Maven
     * Resolver replaced (the premanaged version it keeps in verbose mode), or a requested
     * dependency given without a version.
     */
    private static void managed(Visit v, Management management, String[] premanaged, String[] managedBy, int i) {
        Artifact a = v.node().getArtifact();
        String key = Coordinate.managementKey(a.getGroupId(), a.getArtifactId(), a.getExtension(), a.getClassifier());
        String before;
        if (v.depth() == 0) {
            before = management.versionless.contains(key) ? "" : null;
        } else {
            before = DependencyManagerUtils.getPremanagedVersion(v.node());
            if (before != null && before.equals(a.getBaseVersion())) {
                before = null; // managed to the version it asked for anyway
            }
        }
        if (before != null) {
            String source = management.source(key);
            premanaged[i] = before;
            managedBy[i] = source == null ? "" : source;
        }
    }

    private static List<Failure> dedupe(List<Failure> failures) {
        return List.copyOf(new LinkedHashSet<>(failures));
    }

    private static String advice(List<Failure> failures) {
        Set<Reason> reasons = new LinkedHashSet<>();
        failures.forEach(f -> reasons.add(f.reason()));
        if (reasons.contains(Reason.CHECKSUM)) {
            return "a file's checksum did not match: the repository holds a corrupted file; fix it there"
                    + " (the corrupted file was not used)";
        }
        if (reasons.contains(Reason.OFFLINE_NOT_CACHED)) {
            return "go online once so the local repository gets a copy";
        }
        if (reasons.contains(Reason.UNAUTHORIZED)) {
            return "check the <server> credentials in settings.xml for that repository id";
        }
        if (reasons.contains(Reason.UNREACHABLE)) {
            return "check the network, proxies and mirrors in settings.xml";
        }
        return "check the coordinates and the repositories";
    }

    private static int indexOf(DependencyNode node, Map<String, Integer> index, List<Artifact> artifacts,
                               List<DependencyNode> defining) {
        Artifact a = node.getArtifact();
        String key = a.getGroupId() + ':' + a.getArtifactId() + ':' + a.getExtension() + ':' + a.getClassifier()
                + ':' + a.getVersion();
        Integer i = index.get(key);
        if (i == null) {
            i = artifacts.size();
            index.put(key, i);
            artifacts.add(a);
            defining.add(node);
        }
        return i;
    }

    /**
     * Flattens Maven's tree in preorder without recursion (a chain thousands deep must not
     * overflow the stack). Only winners are descended into, each node instance once, and never a
     * node whose artifact is already on the path from the root: whatever graph Maven hands over,
     * cyclic or shared, the walk ends and lists each winner exactly once.
     */
    private static List<Visit> walk(DependencyNode root, boolean[] dynamic) {
        List<Visit> visits = new ArrayList<>();
        if (root == null) {
            return visits;
        }
        ArrayDeque<Object[]> todo = new ArrayDeque<>(); // {node, depth}
        List<DependencyNode> children = root.getChildren();
        for (int i = children.size() - 1; i >= 0; i--) {
            todo.push(new Object[] {children.get(i), 0});
        }
        List<String> pathKeys = new ArrayList<>(); // conflict key of the winner at each depth above
        Map<String, DependencyNode> onPath = new HashMap<>();
        Set<DependencyNode> expanded = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            DependencyNode node = (DependencyNode) item[0];
            int depth = (Integer) item[1];
            while (pathKeys.size() > depth) {
                onPath.remove(pathKeys.remove(pathKeys.size() - 1));
            }
            Artifact a = node.getArtifact();
            if (a == null) {
                continue;
            }
            if (node.getVersionConstraint() != null && node.getVersionConstraint().getRange() != null
                    || a.isSnapshot()) {
                dynamic[0] = true;
            }
            String key = conflictKey(a);
            Object w = node.getData().get(ConflictResolver.NODE_DATA_WINNER);
            DependencyNode winner = w instanceof DependencyNode ? (DependencyNode) w : null;
            DependencyNode ancestor = onPath.get(key);
            char kind;
            if (ancestor != null && ancestor.getArtifact().getVersion().equals(a.getVersion())) {
                kind = Tree.CYCLE; // the artifact asks for itself through this path
                winner = ancestor;
            } else if (winner != null && winner != node) {
                kind = winner.getArtifact().getVersion().equals(a.getVersion()) ? Tree.DUPLICATE : Tree.LOSER;
            } else if (ancestor != null) {
                kind = Tree.LOSER; // another version of an ancestor, not marked by Maven: never descend
                winner = ancestor;
            } else if (!expanded.add(node)) {
                kind = Tree.DUPLICATE; // one node reached twice: list it, its subtree once
                winner = null;
            } else {
                kind = Tree.WINNER;
                winner = null;
            }
            visits.add(new Visit(node, depth, kind, winner));
            if (kind == Tree.WINNER) {
                pathKeys.add(key);
                onPath.put(key, node);
                List<DependencyNode> kids = node.getChildren();
                for (int i = kids.size() - 1; i >= 0; i--) {
                    todo.push(new Object[] {kids.get(i), depth + 1});
                }
            }
        }
        return visits;
    }

    /** Maven's conflict key: an artifact without its version. */
    private static String conflictKey(Artifact a) {
        return a.getGroupId() + ':' + a.getArtifactId() + ':' + a.getExtension() + ':' + a.getClassifier();
    }

    // ---- errors --------------------------------------------------------------------------

    /** The failures inside a resolver exception, one per coordinate and repository. */
    static List<Failure> failures(Throwable x, boolean offline) {
        List<Failure> out = new ArrayList<>();
        collect(x, offline, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(Throwable x, boolean offline, List<Failure> out, Map<Throwable, Boolean> seen) {
        if (x == null || seen.put(x, Boolean.TRUE) != null) {
            return;
        }
        if (x instanceof ArtifactResolutionException are) {
            int before = out.size();
            for (ArtifactResult r : are.getResults()) {
                for (Exception e : r.getExceptions()) {
                    collect(e, offline, out, seen);
                }
            }
            if (out.size() == before) {
                collect(x.getCause(), offline, out, seen);
            }
            return;
        }
        if (x instanceof ArtifactDescriptorException ade) {
            int before = out.size();
            collect(x.getCause(), offline, out, seen);
            if (out.size() == before) {
                out.add(new Failure(coordinate(ade.getResult().getRequest().getArtifact()), "", Reason.OTHER,
                        String.valueOf(x.getMessage())));
            }
            return;
        }
        if (x instanceof VersionRangeResolutionException vre) {
            Artifact a = vre.getResult().getRequest().getArtifact();
            StringBuilder repos = new StringBuilder();
            for (RemoteRepository r : vre.getResult().getRequest().getRepositories()) {
                repos.append(repos.length() == 0 ? "" : ", ").append(describe(r));
            }
            out.add(new Failure(coordinate(a), repos.toString(), Reason.INVALID, String.valueOf(x.getMessage())));
            return;
        }
        if (x instanceof ArtifactTransferException ate) {
            Artifact a = ate.getArtifact();
            RemoteRepository repo = ate.getRepository();
            String coordinate = coordinate(a);
            Reason reason = reason(ate, offline);
            String detail = String.valueOf(ate.getMessage());
            if (reason == Reason.CHECKSUM && repo != null && a != null) {
                detail = "checksum mismatch for " + fileUrl(repo, a) + ": " + rootMessage(ate);
            }
            out.add(new Failure(coordinate, repo == null ? "" : describe(repo), reason, detail));
            return;
        }
        if (x.getCause() != null) {
            collect(x.getCause(), offline, out, seen);
            return;
        }
        out.add(new Failure("", "", Reason.OTHER, String.valueOf(x.getMessage())));
    }

    private static Reason reason(ArtifactTransferException e, boolean offline) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChecksumFailureException) {
                return Reason.CHECKSUM;
            }
            if (t instanceof RepositoryOfflineException) {
                return Reason.OFFLINE_NOT_CACHED;
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return Reason.UNREACHABLE;
            }
            if (t instanceof HttpTransporterException h) {
                int status = h.getStatusCode();
                if (status == 401 || status == 403 || status == 407) {
                    return Reason.UNAUTHORIZED;
                }
                if (status == 404 || status == 410) {
                    return Reason.NOT_FOUND;
                }
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("Status: 401") || m.contains("Status: 403") || m.contains("status code: 401")
                    || m.contains("status code: 403") || m.contains("Unauthorized") || m.contains("Forbidden")) {
                return Reason.UNAUTHORIZED;
            }
        }
        if (offline) {
            return Reason.OFFLINE_NOT_CACHED;
        }
        if (e instanceof ArtifactNotFoundException) {
            return Reason.NOT_FOUND;
        }
        return Reason.UNREACHABLE;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return String.valueOf(r.getMessage());
    }

    /** The URL of an artifact's file in a repository (Maven 2 layout). */
    static String fileUrl(RemoteRepository repo, Artifact a) {
        String base = repo.getUrl().endsWith("/") ? repo.getUrl() : repo.getUrl() + "/";
        return base + a.getGroupId().replace('.', '/') + '/' + a.getArtifactId() + '/' + a.getBaseVersion() + '/'
                + a.getArtifactId() + '-' + a.getVersion() + (a.getClassifier().isEmpty() ? "" : "-" + a.getClassifier())
                + '.' + a.getExtension();
    }

    static String describe(RemoteRepository r) {
        return r.getId() + " (" + r.getUrl() + ")";
    }

    static String coordinate(Artifact a) {
        if (a == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(a.getGroupId()).append(':').append(a.getArtifactId());
        if (!a.getClassifier().isEmpty()) {
            sb.append(':').append(a.getExtension()).append(':').append(a.getClassifier());
        } else if (!"jar".equals(a.getExtension())) {
            sb.append(':').append(a.getExtension());
        }
        return sb.append(':').append(a.getVersion()).toString();
    }

    // ---- transfers -----------------------------------------------------------------------

    /** Maven Resolver's transfer events, translated into ours. */
    private static final class ListenerAdapter extends AbstractTransferListener {
        private final TransferListener target;

        ListenerAdapter(TransferListener target) {
            this.target = target;
        }

        private void fire(TransferListener.Kind kind, TransferEvent e) {
            if (target == null) {
                return;
            }
            TransferResource r = e.getResource();
            Optional<String> error = Optional.ofNullable(e.getException()).map(x -> String.valueOf(x.getMessage()));
            try {
                target.onEvent(new TransferListener.Event(kind, r.getRepositoryId() + " (" + r.getRepositoryUrl() + ")",
                        r.getResourceName(), r.getContentLength(), e.getTransferredBytes(), error));
            } catch (RuntimeException x) {
                LOG.warn("transfer listener {} threw on {}; ignored", target, kind, x);
            }
        }

        @Override
        public void transferInitiated(TransferEvent e) {
            fire(TransferListener.Kind.INITIATED, e);
        }

        @Override
        public void transferStarted(TransferEvent e) {
            fire(TransferListener.Kind.STARTED, e);
        }

        @Override
        public void transferProgressed(TransferEvent e) {
            fire(TransferListener.Kind.PROGRESSED, e);
        }

        @Override
        public void transferCorrupted(TransferEvent e) {
            fire(TransferListener.Kind.CORRUPTED, e);
        }

        @Override
        public void transferSucceeded(TransferEvent e) {
            fire(TransferListener.Kind.SUCCEEDED, e);
        }

        @Override
        public void transferFailed(TransferEvent e) {
            fire(TransferListener.Kind.FAILED, e);
        }
    }

}
