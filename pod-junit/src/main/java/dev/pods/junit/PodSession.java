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
 * the versions each range holds, the {@link JUnitLayer}s (one per class: the JUnit its pods share,
 * and a {@link PodPool} per pod classpath, a version of a matrix; one for the run when pods are
 * reused or JUnit is not shared), the pods being prepared ahead of their version's turn, and the
 * closed pods whose collection is checked when their class ends.
 *
 * <p>Lives in the root {@link ExtensionContext.Store}, which closes it when the engine's run ends:
 * then every layer is closed (its pools' pods destroyed, waiting a bounded time) and the resolver
 * shut down. Thread-safe: classes and versions may run in parallel.
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
    private final Map<List<Path>, JUnitLayer.Contents> contents = new ConcurrentHashMap<>();
    /** Layers that last one class, by class name. */
    private final Map<String, JUnitLayer> classLayers = new ConcurrentHashMap<>();
    /** Layers that last the run, by the JUnit entries they share (none: the unshared one). */
    private final Map<List<Path>, JUnitLayer> runLayers = new ConcurrentHashMap<>();
    private final Map<PrepareKey, CompletableFuture<Prepared>> prepared = new ConcurrentHashMap<>();
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
        PodEnv env = baseEnv.withName("pod-junit " + variant.label()).withDependencies(deps.toArray(new PodDependency[0]))
                .withManagedVersions(variant.managedVersions().toArray(new String[0]))
                .withBoms(variant.boms().toArray(new String[0]));
        try {
            return resolver.resolve(env);
        } catch (PodResolutionException e) {
            throw new PodMatrixException("[" + variant.label() + "] does not resolve: " + e.getMessage()
                    + ". Check the version (is it published?) and the repositories and offline mode in your"
                    + " Maven settings", e);
        }
    }

    /**
     * The layer the pods of {@code testClass} come from: the class's own (made on first use, closed
     * by {@link #endClass}) when its pods share JUnit (see {@link JUnitLayer.Contents#wantsLayer}),
     * unless pods are reused for the run; else the run's.
     *
     * @throws PodMatrixException when the layer cannot be made
     */
    JUnitLayer layer(Class<?> testClass) {
        ensureOpen();
        List<Path> cp = testClasspath(testClass);
        JUnitLayer.Contents c = contents.computeIfAbsent(cp, k -> JUnitLayer.Contents.of(k, files));
        JUnitLayer layer;
        if (!c.wantsLayer(config)) {
            layer = runLayers.computeIfAbsent(List.of(), k -> JUnitLayer.unshared("pod-junit", config));
        } else if (config.reuse()) {
            layer = runLayers.computeIfAbsent(c.junit(), k -> newLayer("pod-junit [JUnit]", k, testClass));
        } else {
            layer = classLayers.computeIfAbsent(testClass.getName(),
                    k -> newLayer("pod-junit [JUnit of " + k + "]", c.junit(), testClass));
        }
        if (closed) { // closed while we made it: do not leave it running
            layer.close(false);
            ensureOpen();
        }
        return layer;
    }

    private JUnitLayer newLayer(String name, List<Path> junit, Class<?> testClass) {
        try {
            JUnitLayer layer = JUnitLayer.shared(name, junit, config);
            log().debug("{}: the pods of {} share the JUnit of {}", name, testClass.getName(), junit);
            return layer;
        } catch (PodException e) {
            throw new PodMatrixException("the JUnit that the pods of " + testClass.getName() + " share could not be"
                    + " loaded from " + junit + ": " + e.getMessage() + ". To load it in each pod instead, set the"
                    + " configuration parameter " + Config.SHARED_JUNIT + "=false", e);
        }
    }

    // ---- pods made ready ahead of their run ---------------------------------------------------

    /** A pod ready for one variant of one class: its classpath composed, borrowed from its layer's pool. */
    record Prepared(PodClasspath.Composed classpath, PodLease lease, JUnitLayer layer) {
    }

    private record PrepareKey(String className, String label) {
    }

    /**
     * The pod for {@code variants.get(index)} of {@code testClass}: the one prepared ahead if there
     * is one (waiting for it), else prepared now on this thread (not warmed: the run loads what it
     * needs). Before that, the next versions (as many as {@link Config#prepareAhead()} says) start
     * being prepared in the background, so that resolving, making and warming their pods (which also
     * loads the class's shared JUnit, alongside this thread) overlaps this one's run. Preparing runs
     * no user code.
     *
     * @throws PodMatrixException when the variant does not resolve or its pod cannot be made
     */
    Prepared take(Class<?> testClass, List<Plan.Variant> variants, int index) {
        ensureOpen();
        prefetch(testClass, variants, index + 1, config.prepareAhead());
        CompletableFuture<Prepared> f = prepared.remove(new PrepareKey(testClass.getName(), variants.get(index).label()));
        if (f == null) {
            return prepare(testClass, variants.get(index), false);
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
            prepared.computeIfAbsent(new PrepareKey(testClass.getName(), v.label()), k -> CompletableFuture.supplyAsync(
                    () -> prepare(testClass, v, true), executor()));
        }
    }

    /**
     * Resolves, composes the classpath, borrows a pod and, when {@code warm} and the pool does not,
     * warms it ({@link InPodRunner#warm()}).
     */
    private Prepared prepare(Class<?> testClass, Plan.Variant variant, boolean warm) {
        long start = System.nanoTime();
        Resolution resolution = resolve(variant);
        long resolved = System.nanoTime();
        PodClasspath.Composed cp = PodClasspath.compose(testClasspath(testClass), resolution.artifacts(),
                variant.exclusions(), files);
        JUnitLayer layer = layer(testClass);
        PodLease lease;
        try {
            lease = layer.pool(variant.label(), cp.classpath()).borrow(BORROW_TIMEOUT);
            if (warm && !layer.warmsInPool()) {
                try {
                    lease.pod().call(WARM);
                } catch (RuntimeException e) {
                    lease.pod().close(); // not back into the pool: a pod that cannot warm cannot run the class
                    lease.close();
                    throw e;
                }
            }
        } catch (PodClosedException e) {
            throw e;
        } catch (PodException e) {
            throw new PodMatrixException("the pod [" + variant.label() + "] could not be made ready: "
                    + Replayer.describe(e), e);
        }
        if (log().isDebugEnabled()) {
            log().debug("{} [{}]: pod ready in {} ms (resolved in {} ms; made with {})", testClass.getName(),
                    variant.label(), (System.nanoTime() - start) / 1_000_000, (resolved - start) / 1_000_000,
                    layer.isShared() ? "the JUnit of " + layer : "its own JUnit");
        }
        return new Prepared(cp, lease, layer);
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

    /**
     * The class ended: closes what it alone used (its layer with its pools, and pods prepared for
     * versions that did not run, in a filtered run) and returns the checks of the pods closed for
     * it, its layer's included when {@code checkLayer}.
     */
    List<LeakCheck> endClass(String className, boolean checkLayer) {
        prepared.entrySet().removeIf(e -> {
            if (!e.getKey().className().equals(className)) {
                return false;
            }
            e.getValue().thenAccept(p -> p.lease().close());
            return true;
        });
        List<LeakCheck> checks = new ArrayList<>();
        List<LeakCheck> l = leakChecks.remove(className);
        if (l != null) {
            checks.addAll(l);
        }
        JUnitLayer layer = classLayers.remove(className);
        if (layer != null) {
            layer.close(checkLayer).ifPresent(checks::add);
        }
        return checks;
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
        for (JUnitLayer l : classLayers.values()) {
            l.close(false);
        }
        classLayers.clear();
        for (JUnitLayer l : runLayers.values()) {
            l.close(false);
        }
        runLayers.clear();
        resolver.close();
    }

    static Logger log() {
        return Log.LOG;
    }

    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger("dev.pods.junit");
    }
}
