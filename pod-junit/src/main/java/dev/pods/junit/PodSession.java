package dev.pods.junit;

import dev.pods.PodClosedException;
import dev.pods.PodDependency;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.PodResolutionException;
import dev.pods.runtime.resolve.Resolution;
import dev.pods.runtime.resolve.Resolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one JUnit run shares across its pod-run classes: the settings, one {@link Resolver} (its
 * memo makes a version resolved for one class free for the next), the test classpaths found,
 * the versions each range holds, and one {@link PodPool} per pod classpath (a version of a
 * matrix), so that pods are pooled per version within the run.
 *
 * <p>Lives in the root {@link ExtensionContext.Store}, which closes it when the engine's run ends:
 * then every pool is closed (its pods destroyed, waiting a bounded time) and the resolver shut
 * down. Thread-safe: classes and versions may run in parallel.
 */
final class PodSession implements AutoCloseable {
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PodSession.class);

    private final Config config;
    private final PodEnv baseEnv;
    private final ArtifactFiles files = new ArtifactFiles();
    private final Resolver resolver = Resolver.create();
    private final Map<Class<?>, List<Path>> classpaths = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ranges = new ConcurrentHashMap<>();
    private final Map<PodEnv, PodPool> pools = new ConcurrentHashMap<>();
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

    /** The pool that makes pods over {@code classpath}; one per distinct classpath in the run. */
    PodPool pool(String label, List<Path> classpath) {
        ensureOpen();
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("pod-junit [" + label + "]")
                .withClasspath(classpath.toArray(new Path[0]));
        PodPool pool = pools.computeIfAbsent(env, e -> PodPool.builder(e).size(config.poolSize())
                .reuse(config.reuse()).build());
        if (closed) { // closed while we made it: do not leave it running
            pool.close();
            ensureOpen();
        }
        return pool;
    }

    private void ensureOpen() {
        if (closed) {
            throw new PodClosedException("pod-junit session", "run a class after the JUnit run ended");
        }
    }

    @Override
    public void close() {
        closed = true;
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
