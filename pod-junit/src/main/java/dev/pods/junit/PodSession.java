package dev.pods.junit;

import dev.pods.PodClosedException;
import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodResolutionException;
import dev.pods.junit.internal.InPodRunner;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one JUnit run shares across its pod-run classes: the settings, one {@link Resolver} (its
 * memo makes a version resolved for one class free for the next), the test classpaths found,
 * the versions each range holds, one {@link PodPool} per pod classpath (a version of a matrix),
 * so that pods are pooled per version within the run, the pods being prepared ahead of their
 * version's turn, and the closed pods whose collection is checked when their class ends.
 *
 * <p>Lives in the root {@link ExtensionContext.Store}, which closes it when the engine's run ends:
 * then every pool is closed (its pods destroyed, waiting a bounded time) and the resolver shut
 * down. Thread-safe: classes and versions may run in parallel.
 */
final class PodSession implements AutoCloseable {
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PodSession.class);
    static final String WARM = InPodRunner.class.getName() + "/warm";
    private static final Duration BORROW_TIMEOUT = Duration.ofMinutes(2);

    private final Config config;
    private final PodEnv baseEnv;
    private final ArtifactFiles files = new ArtifactFiles();
    private final Resolver resolver = Resolver.create();
    private final Map<Class<?>, List<Path>> classpaths = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ranges = new ConcurrentHashMap<>();
    private final Map<PodEnv, PodPool> pools = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Prepared>> prepared = new ConcurrentHashMap<>();
    private final Map<String, List<LeakCheck>> leakChecks = new ConcurrentHashMap<>();
    private final Object executorLock = new Object();
    private ExecutorService executor;
    private volatile boolean closed;

    PodSession(Config config) {
        this.config = config;
        this.baseEnv = config.baseEnv();
    }

    /** The run's session, made on first use. */
    static PodSession of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(PodSession.class,
                k -> new PodSession(Config.read(root::getConfigurationParameter)), PodSession.class);
    }

    Config config() {
        return config;
    }

    ArtifactFiles files() {
        return files;
    }

    /** The test classpath of a (top-level) test class, found once per class. */
    List<Path> testClasspath(Class<?> testClass) {
        return classpaths.computeIfAbsent(testClass, c -> TestClasspath.of(c, config.classpath()));
    }

    /** Whether {@code group:artifact} is on the test classpath of {@code testClass}. */
    boolean onClasspath(Class<?> testClass, String key) {
        String[] ga = key.split(":");
        for (Path p : testClasspath(testClass)) {
            if (files.is(p, ga[0], ga[1])) {
                return true;
            }
        }
        return false;
    }

    /** The versions a range holds, listed once per run. */
    List<String> rangeVersions(String key, String range) {
        ensureOpen();
        String[] ga = key.split(":");
        return ranges.computeIfAbsent(key + " " + range.trim(),
                k -> RangeLister.versionsIn(resolver, baseEnv, ga[0], ga[1], range));
    }

    /** The resolved artifacts of one variant: its pinned versions and {@code @PodTest} dependencies, with their own. */
    Resolution resolve(Plan.Variant variant) {
        ensureOpen();
        List<String> excluded = new ArrayList<>();
        for (String e : variant.exclusions()) {
            if (e.contains(":")) {
                excluded.add(e.trim());
            }
        }
        String[] ex = excluded.toArray(new String[0]);
        List<PodDependency> deps = new ArrayList<>();
        for (Plan.Pin p : variant.pins()) {
            deps.add(PodDependency.of(p.coordinate(), ex));
        }
        for (String d : variant.dependencies()) {
            deps.add(PodDependency.of(d.trim(), ex));
        }
        PodEnv env = baseEnv.withName("pod-junit " + variant.label()).withDependencies(deps.toArray(new PodDependency[0]));
        try {
            return resolver.resolve(env);
        } catch (PodResolutionException e) {
            throw new PodMatrixException("[" + variant.label() + "] does not resolve: " + e.getMessage()
                    + ". Check the version (is it published?) and the repositories and offline mode in your"
                    + " Maven settings", e);
        }
    }

    /**
     * The pool that makes pods over {@code classpath}; one per distinct classpath in the run. Its
     * pods are warmed ({@link InPodRunner#warm()}) before they are handed out.
     */
    PodPool pool(String label, List<Path> classpath) {
        ensureOpen();
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("pod-junit [" + label + "]")
                .withClasspath(classpath.toArray(new Path[0]));
        PodPool pool = pools.computeIfAbsent(env, e -> PodPool.builder(e).size(config.poolSize())
                .reuse(config.reuse()).maxInitAttempts(1).init(p -> p.call(WARM)).build());
        if (closed) { // closed while we made it: do not leave it running
            pool.close();
            ensureOpen();
        }
        return pool;
    }

    // ---- pods made ready ahead of their run ---------------------------------------------------

    /** A pod ready for one variant of one class: its classpath composed, borrowed from its pool, warmed. */
    record Prepared(PodClasspath.Composed classpath, PodLease lease) {
    }

    /**
     * The pod for {@code variants.get(index)} of {@code testClass}: the one prepared ahead if there
     * is one (waiting for it), else prepared now on this thread. Then the next versions (as many as
     * {@link Config#prepareAhead()} says) start being prepared in the background, so that resolving,
     * making and warming the next pod overlaps this one's run. Preparing runs no user code.
     *
     * @throws PodMatrixException when the variant does not resolve or its pod cannot be made
     */
    Prepared take(Class<?> testClass, List<Plan.Variant> variants, int index) {
        ensureOpen();
        prefetch(testClass, variants, index + 1, config.prepareAhead());
        CompletableFuture<Prepared> f = prepared.remove(key(testClass, variants.get(index)));
        if (f == null) {
            return prepare(testClass, variants.get(index));
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new PodMatrixException(
                    "preparing the pod [" + variants.get(index).label() + "] failed: " + e.getCause(), e.getCause());
        }
    }

    /** Starts preparing {@code count} variants from {@code from} in the background (those not started yet). */
    void prefetch(Class<?> testClass, List<Plan.Variant> variants, int from, int count) {
        for (int i = from; i < Math.min(variants.size(), from + count); i++) {
            Plan.Variant v = variants.get(i);
            prepared.computeIfAbsent(key(testClass, v), k -> CompletableFuture.supplyAsync(
                    () -> prepare(testClass, v), executor()));
        }
    }

    private Prepared prepare(Class<?> testClass, Plan.Variant variant) {
        Resolution resolution = resolve(variant);
        PodClasspath.Composed cp = PodClasspath.compose(testClasspath(testClass), resolution.artifacts(),
                variant.exclusions(), files);
        PodLease lease;
        try {
            lease = pool(variant.label(), cp.classpath()).borrow(BORROW_TIMEOUT);
        } catch (PodClosedException e) {
            throw e;
        } catch (PodException e) {
            throw new PodMatrixException("the pod [" + variant.label() + "] could not be made ready: "
                    + Replayer.describe(e), e);
        }
        return new Prepared(cp, lease);
    }

    private static String key(Class<?> testClass, Plan.Variant v) {
        return testClass.getName() + " [" + v.label() + "]";
    }

    private Executor executor() {
        synchronized (executorLock) {
            ensureOpen();
            if (executor == null) {
                AtomicInteger n = new AtomicInteger();
                executor = Executors.newFixedThreadPool(Math.max(1, config.prepareAhead()), r -> {
                    Thread t = new Thread(r, "pod-junit-prepare-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return executor;
        }
    }

    // ---- leak checks, per class ------------------------------------------------------------------

    /** Remembers a closed pod of {@code className}'s run, to be checked when the class ends. */
    void watch(String className, LeakCheck check) {
        leakChecks.computeIfAbsent(className, k -> new CopyOnWriteArrayList<>()).add(check);
    }

    /** The closed pods of {@code className} to check now (and forgets them). */
    List<LeakCheck> drainLeakChecks(String className) {
        List<LeakCheck> l = leakChecks.remove(className);
        return l == null ? List.of() : List.copyOf(l);
    }

    private void ensureOpen() {
        if (closed) {
            throw new PodClosedException("pod-junit session", "run a class after the JUnit run ended");
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (executorLock) {
            if (executor != null) {
                executor.shutdown();
            }
        }
        // Pods prepared for versions that never ran (a filtered run): return them.
        for (CompletableFuture<Prepared> f : prepared.values()) {
            f.thenAccept(p -> p.lease().close());
        }
        prepared.clear();
        for (PodPool p : pools.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                log().warn("closing the pod pool {} at the end of the run failed: {}", p.env().name(), e.toString());
            }
        }
        pools.clear();
        resolver.close();
    }

    static Logger log() {
        return Log.LOG;
    }

    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger("dev.pods.junit");
    }
}
