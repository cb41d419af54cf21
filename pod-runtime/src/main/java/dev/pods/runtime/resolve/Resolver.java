package dev.pods.runtime.resolve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.PodClosedException;
import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodRepository;
import dev.pods.PodResolutionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a pod env's dependencies with Maven's own resolver and mediation, behind two caches.
 *
 * <ol>
 *   <li>An in-memory memo keyed by the full request (dependencies with exclusions, managed
 *   versions and BOMs, repositories,
 *   settings files' contents, local repository, offline, checksum policy). Equal requests that
 *   arrive concurrently resolve once: one in-flight future per key, the others wait for it.</li>
 *   <li>An on-disk classpath cache, one file per request, so a second JVM skips resolution
 *   entirely; reading it loads neither Maven Resolver nor JGraphT. Entries are validated against
 *   the files (exist, same size and modification time); corrupt or stale entries are rebuilt.
 *   Entries that involved a range, a snapshot, LATEST or RELEASE expire after a day, as Maven's
 *   daily update policy would re-check them.</li>
 * </ol>
 *
 * <p><b>Where the disk cache lives.</b> {@link Builder#cacheDirectory(Path)} when given; else
 * {@code .pods/classpath-cache} under the local repository named by the env
 * ({@link PodEnv#withLocalRepository}) or the builder, else under {@code ~/.m2/repository}.
 * (A local repository that only {@code settings.xml} names does not move the cache: finding it
 * would mean building the settings on the fast path. The settings file's contents are part of
 * the key, so entries stay correct.) Deleting the directory is always safe.
 *
 * <p><b>Settings.</b> When the env honours settings ({@link PodEnv#current()},
 * {@link PodEnv#withSettings}), the user's {@code ~/.m2/settings.xml} (or the given file) and
 * the global {@code ${maven.home}/conf/settings.xml} are read with Maven's settings builder:
 * local repository, offline, mirrors, proxies, server credentials and the repositories of active
 * profiles. Encrypted passwords are not decrypted.
 *
 * <p><b>Repositories.</b> In order: those of active settings profiles, Maven's {@code central}
 * (read from the super POM in maven-model-builder; {@link PodEnv#withDefaultRepositories} turns it
 * off), then the env's. As in Maven, repositories declared in dependencies' POMs are searched
 * too, except when the default repositories are off: every POM inherits {@code central} from the
 * super POM, so then POM-declared repositories are ignored and only the env's (and settings')
 * are searched. Settings mirrors, proxies and credentials apply to all of them.
 *
 * <p><b>Precedence.</b> The env's local repository and offline flag win over the builder's,
 * which win over settings, which win over the defaults ({@code ~/.m2/repository}, online).
 *
 * <p>Cheap to create: the Maven Resolver machinery is built on the first request that misses
 * both caches, and shut down by {@link #close()} once the resolutions under way have finished.
 * Thread-safe. A closed resolver refuses new work with {@link PodClosedException}.
 *
 * <pre>{@code
 * try (Resolver resolver = Resolver.builder().transferListener(e -> log(e)).build()) {
 *     Resolution r = resolver.resolve(PodEnv.empty().withDependencies("org.apache.commons:commons-text:1.12.0"));
 *     List<Path> classpath = r.classpath();
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class Resolver implements AutoCloseable {
    /** What to do when a downloaded file's checksum does not match the repository's. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public enum ChecksumPolicy {
        /** Refuse the file: the resolution fails naming it (the default). */
        FAIL("fail"),
        /** Log a warning and use the file. */
        WARN("warn"),
        /** Do not check. */
        IGNORE("ignore");

        private final String aether;

        ChecksumPolicy(String aether) {
            this.aether = aether;
        }

        String aether() {
            return aether;
        }
    }

    private static final int MEMO_LIMIT = 256;
    private static final Resolution EMPTY = new Resolution(new Tree(List.of(), new long[0], new long[0], new int[0],
            new int[0], new char[0], new int[0], new String[0], new String[0], false), Resolution.Origin.RESOLVED, 0);

    private final Path localRepository;
    private final Boolean offline;
    private final TransferListener listener;
    private final ChecksumPolicy checksumPolicy;
    private final Path cacheDirectory;
    private final boolean diskCache;

    private final ConcurrentHashMap<String, Resolution> memo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InFlight> inflight = new ConcurrentHashMap<>();
    private final Object engineLock = new Object();
    private Engine engine;
    private int engineUsers; // guarded by engineLock
    private volatile boolean closed;

    // Test hooks and counters (package-private).
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger resolutions = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Runnable beforeLoad;

    private Resolver(Builder b) {
        this.localRepository = b.localRepository;
        this.offline = b.offline;
        this.listener = b.listener; // null: nobody listens
        this.checksumPolicy = b.checksumPolicy == null ? ChecksumPolicy.FAIL : b.checksumPolicy;
        this.cacheDirectory = b.cacheDirectory;
        this.diskCache = b.diskCache == null || b.diskCache;
    }

    /** A resolver with default settings: in-memory memo, on-disk classpath cache, checksums fail. */
    public static Resolver create() {
        return builder().build();
    }

    /** A builder for a resolver with overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves the env's dependencies (not its extra classpath entries) in runtime scope.
     *
     * @throws dev.pods.PodResolutionException a malformed coordinate, or dependencies that could
     *         not be resolved (naming each coordinate, repository and reason, with the partial classpath)
     * @throws PodClosedException after {@link #close()}
     */
    public Resolution resolve(PodEnv env) {
        Objects.requireNonNull(env, "env");
        ensureOpen(env);
        Request req = request(env);
        if (req.coordinates().isEmpty()) {
            return EMPTY; // nothing to resolve: no engine, no disk, no settings
        }
        String key = req.key();
        while (true) {
            Resolution done = memo.get(key);
            if (done != null) {
                if (fresh(done)) {
                    return done;
                }
                memo.remove(key, done);
            }
            InFlight mine = new InFlight();
            InFlight theirs = inflight.putIfAbsent(key, mine);
            if (theirs != null) {
                return await(theirs, env);
            }
            try {
                done = memo.get(key);
                if (done != null && fresh(done)) {
                    mine.complete(done);
                    return done;
                }
                Resolution r = load(req);
                if (memo.size() >= MEMO_LIMIT) {
                    Iterator<String> it = memo.keySet().iterator();
                    if (it.hasNext()) {
                        it.next();
                        it.remove();
                    }
                }
                memo.put(key, r);
                mine.complete(r);
                return r;
            } catch (RuntimeException | Error e) {
                mine.fail(e);
                throw e;
            } finally {
                inflight.remove(key, mine);
            }
        }
    }

    private Resolution await(InFlight theirs, PodEnv env) {
        waiting.incrementAndGet();
        try {
            return theirs.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PodException("interrupted while waiting for the resolution of pod '" + env.name()
                    + "' that another thread is running", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private boolean fresh(Resolution r) {
        Tree t = r.tree0();
        if (t.dynamic && System.currentTimeMillis() - r.createdMillis() >= DiskCache.DYNAMIC_TTL_MILLIS) {
            return false;
        }
        return t.filesUnchanged();
    }

    private Resolution load(Request req) {
        loads.incrementAndGet();
        Runnable hook = beforeLoad;
        if (hook != null) {
            hook.run();
        }
        DiskCache disk = diskCache ? new DiskCache(cacheDirectory(req)) : null;
        long now = System.currentTimeMillis();
        if (disk != null) {
            Optional<Resolution> hit = disk.read(req.key(), now);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        resolutions.incrementAndGet();
        Engine inUse = engine(req);
        Tree tree;
        try {
            tree = inUse.resolve(req, listener);
        } finally {
            release(inUse);
        }
        if (disk != null) {
            try {
                disk.write(req.key(), tree, now);
            } catch (IOException | RuntimeException e) {
                log().warn("could not write the classpath cache under {} ({}); resolution still succeeded",
                        disk.dir(), e.toString());
            }
        }
        return new Resolution(tree, Resolution.Origin.RESOLVED, now);
    }

    /** The engine, counted as in use until {@link #release}: close() never shuts it down under a resolution. */
    private Engine engine(Request req) {
        synchronized (engineLock) {
            if (closed) {
                throw closed(req.podName());
            }
            if (engine == null) {
                engine = new Engine();
            }
            engineUsers++;
            return engine;
        }
    }

    private void release(Engine e) {
        boolean last;
        synchronized (engineLock) {
            last = --engineUsers == 0 && closed && engine == e;
            if (last) {
                engine = null;
            }
        }
        if (last) {
            shutDown(e);
        }
    }

    private void ensureOpen(PodEnv env) {
        if (closed) {
            throw closed(env.name());
        }
    }

    private static PodClosedException closed(String podName) {
        return new PodClosedException(podName, "the Resolver", "resolve the dependencies of pod '" + podName + "'",
                "a closed Resolver resolves nothing; use one that is open (Resolver.create()), and close it only"
                        + " when no more resolutions will come");
    }

    /**
     * Shuts down Maven Resolver's machinery if it was started; resolutions already under way
     * finish first (the last one shuts it down). Idempotent; later calls to resolve fail with
     * {@link PodClosedException}. Never throws: a failure to shut down is logged.
     */
    @Override
    public void close() {
        Engine e = null;
        synchronized (engineLock) {
            closed = true;
            if (engineUsers == 0) {
                e = engine;
                engine = null;
            }
        }
        memo.clear();
        if (e != null) {
            shutDown(e);
        }
    }

    private static void shutDown(Engine e) {
        try {
            e.close();
        } catch (RuntimeException x) {
            log().warn("shutting down Maven Resolver failed; its threads and files may linger", x);
        }
    }

    // ---- the request ---------------------------------------------------------------------

    Request request(PodEnv env) {
        // Managed versions and BOMs are parsed and keyed here, on the fast path, so that two envs
        // differing only in management never share a memo entry or a disk-cache file.
        List<Coordinate> coords = Coordinate.parseAll(env.dependencies());
        List<Coordinate> managed = new ArrayList<>(env.managedVersions().size());
        for (String m : env.managedVersions()) {
            managed.add(Coordinate.parseManaged(m));
        }
        List<Coordinate> boms = new ArrayList<>(env.boms().size());
        for (String b : env.boms()) {
            boms.add(Coordinate.parseBom(b));
        }
        if (managed.isEmpty() && boms.isEmpty()) {
            // Without any management a missing version can only be a mistake in the coordinate:
            // say so before Maven Resolver starts.
            for (int i = 0; i < coords.size(); i++) {
                if (coords.get(i).versionless()) {
                    throw PodResolutionException.malformed(env.dependencies().get(i).coordinate(), "no version;"
                            + " it may be left out only when the env manages it (withManagedVersions, withBoms)");
                }
            }
        }
        // No lambdas, no indy string concatenation, no record equals/hashCode here: this runs on
        // the disk-cache fast path of a fresh JVM, where each first bootstrap costs milliseconds.
        Optional<Path> local = env.localRepository().isPresent() ? env.localRepository()
                : Optional.ofNullable(localRepository);
        Optional<Boolean> off = env.offline().isPresent() ? env.offline() : Optional.ofNullable(offline);
        StringBuilder k = new StringBuilder(256);
        // 2: trees from Maven's STANDARD verbose mode (cycles cut, range siblings dropped); entries
        // written by version 1 described a different tree and must not be read back.
        // 3: nodes carry what dependency management changed; managed versions and BOMs are keyed.
        k.append("pods-resolve 3\n");
        for (int i = 0; i < coords.size(); i++) {
            k.append("dep ").append(coords.get(i).canonical());
            PodDependency d = env.dependencies().get(i);
            for (String ex : d.exclusions()) {
                k.append(" -").append(ex);
            }
            k.append('\n');
        }
        // Order matters for both: the first entry managing an artifact wins.
        for (int i = 0; i < managed.size(); i++) {
            k.append("managed ").append(managed.get(i).canonical()).append('\n');
        }
        for (int i = 0; i < boms.size(); i++) {
            k.append("bom ").append(boms.get(i).canonical()).append('\n');
        }
        for (PodRepository r : env.repositories()) {
            k.append("repo ").append(r.id()).append(' ').append(r.uri()).append('\n');
        }
        k.append("default ").append(env.defaultRepositories()).append('\n');
        k.append("local ").append(local.isPresent() ? local.get().toString() : "-").append('\n');
        k.append("offline ").append(off.isPresent() ? off.get().toString() : "-").append('\n');
        k.append("checksums ").append(checksumPolicy).append('\n');
        k.append("settings ").append(env.userSettings()).append('\n');
        if (env.userSettings()) {
            Path user = env.settingsFile().isPresent() ? env.settingsFile().get()
                    : userHome().resolve(".m2").resolve("settings.xml");
            k.append("user-settings ").append(user).append(' ').append(contentHash(user)).append('\n');
            Optional<Path> global = globalSettings();
            if (global.isPresent()) {
                k.append("global-settings ").append(global.get()).append(' ').append(contentHash(global.get())).append('\n');
            }
        }
        return new Request(env.name(), coords, List.copyOf(managed), List.copyOf(boms), env.repositories(), env.defaultRepositories(), env.userSettings(),
                env.settingsFile(), local, off, checksumPolicy, k.toString());
    }

    private static String contentHash(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            return DiskCache.hash(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return "absent";
        }
    }

    Path cacheDirectory(Request req) {
        if (cacheDirectory != null) {
            return cacheDirectory;
        }
        Path base = req.localRepository().isPresent() ? req.localRepository().get()
                : userHome().resolve(".m2").resolve("repository");
        return base.resolve(".pods").resolve("classpath-cache");
    }

    static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    /** {@code ${maven.home}/conf/settings.xml}, from the system property or {@code MAVEN_HOME}. */
    static Optional<Path> globalSettings() {
        String home = System.getProperty("maven.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("MAVEN_HOME");
        }
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home).resolve("conf").resolve("settings.xml"));
    }

    static Path localRepository(Request req, org.apache.maven.settings.Settings settings) {
        if (req.localRepository().isPresent()) {
            return req.localRepository().get();
        }
        String fromSettings = settings.getLocalRepository();
        if (fromSettings != null && !fromSettings.isBlank()) {
            return Path.of(fromSettings).toAbsolutePath().normalize();
        }
        return userHome().resolve(".m2").resolve("repository");
    }

    // ---- package-private hooks for tests -------------------------------------------------

    /** How many requests ran the load path (disk cache or full resolution). */
    int loads() {
        return loads.get();
    }

    /** How many requests ran a full Maven resolution. */
    int resolutions() {
        return resolutions.get();
    }

    /** How many threads are waiting for another thread's in-flight resolution. */
    int waiting() {
        return waiting.get();
    }

    /** Runs at the start of every load (tests use it to hold the owner until others queue up). */
    void beforeLoad(Runnable hook) {
        this.beforeLoad = Objects.requireNonNull(hook);
    }

    /** Whether Maven Resolver's machinery was built (the disk fast path must not build it). */
    boolean engineStarted() {
        synchronized (engineLock) {
            return engine != null;
        }
    }

    static Logger log() {
        return Log.LOG;
    }

    /** SLF4J is initialised only when something is logged, keeping it off the fast path. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    }

    /**
     * Builds a {@link Resolver}. Each setting may be set once; unset ones take the defaults
     * described on {@link Resolver}.
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {
        private Path localRepository;
        private Boolean offline;
        private TransferListener listener;
        private ChecksumPolicy checksumPolicy;
        private Path cacheDirectory;
        private Boolean diskCache;

        private Builder() {
        }

        private static void once(Object old, String what) {
            if (old != null) {
                throw new IllegalStateException(what + " was already set to " + old);
            }
        }

        /** The local repository for envs that do not name one (instead of settings' or {@code ~/.m2/repository}). */
        public Builder localRepository(Path dir) {
            once(localRepository, "localRepository");
            localRepository = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /** Offline for envs that do not say (instead of settings' or online). */
        public Builder offline(boolean enabled) {
            once(offline, "offline");
            offline = enabled;
            return this;
        }

        /** Hears about downloads, e.g. to show progress. */
        public Builder transferListener(TransferListener l) {
            once(listener, "transferListener");
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** What a checksum mismatch does; {@link ChecksumPolicy#FAIL} by default. */
        public Builder checksumPolicy(ChecksumPolicy policy) {
            once(checksumPolicy, "checksumPolicy");
            checksumPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Where the on-disk classpath cache lives (default: {@code .pods/classpath-cache} under the local repository). */
        public Builder cacheDirectory(Path dir) {
            once(cacheDirectory, "cacheDirectory");
            cacheDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /** Whether the on-disk classpath cache is read and written (default on). */
        public Builder diskCache(boolean enabled) {
            once(diskCache, "diskCache");
            diskCache = enabled;
            return this;
        }

        public Resolver build() {
            if (Boolean.FALSE.equals(diskCache) && cacheDirectory != null) {
                throw new IllegalStateException("cacheDirectory was set to " + cacheDirectory
                        + " but diskCache is off; drop one of them");
            }
            return new Resolver(this);
        }
    }
}
