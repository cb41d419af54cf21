package dev.pods.junit;

import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodPool;
import dev.pods.runtime.PodRuntime;
import dev.pods.runtime.Pods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The pods of one test class, and the one copy of JUnit they share.
 *
 * <p>JUnit is most of what a pod loads to run a class: some 900 classes of the Platform launcher
 * and engine, Jupiter, opentest4j and apiguardian (half of them lambda forms), each interpreted
 * and compiled from cold. A layer loads them once for all versions of the class: it is a pod of its
 * own whose classpath is the test classpath's JUnit, and the versions' pods are made by a runtime
 * whose host loader is the layer's. A version's pod takes {@link #SHARED_PACKAGES} from the layer
 * (parent-first, like {@code java.*}) and everything else from its own classpath, the test classes
 * and the version under test included; the test class, loaded by the version's pod, links against
 * the layer's JUnit, which runs it. The pods' classpaths keep the JUnit jars, so that resources and
 * classpath scans see the test classpath as before (classes and resources of the shared packages
 * come from the layer all the same).
 *
 * <p>Per class, not per run: JUnit keeps static caches of what it ran (annotation types, methods,
 * converters by target type), so a layer keeps every pod whose classes it saw reachable until the
 * layer itself goes. Closed when its class ends, the layer and the class's pods are collected
 * together and the class's leak check keeps its meaning: the layer's loader is watched with the
 * pods. With {@code pool.reuse} the pods live for the whole run anyway, and so does their layer.
 *
 * <p>A layer without a pod ({@link #unshared}) is the plain arrangement: each pod loads JUnit from
 * its own classpath. {@link Contents#wantsLayer} says when that is chosen.
 *
 * <p>Thread-safe. {@link #close} closes the pools (and so the pods still in them), then the
 * layer's pod.
 */
final class JUnitLayer {
    /**
     * What the pods take from the layer: the packages of the JUnit Platform, of Jupiter's API,
     * engine and parameterized tests, and of opentest4j (with its reporting) and apiguardian. They
     * refer to nothing outside these and the JDK, so the layer never needs a class of the pod's.
     * Jupiter's migration support is left to each pod: it links JUnit 4, which the layer lacks.
     */
    static final List<String> SHARED_PACKAGES = List.of("org.junit.platform", "org.junit.jupiter.api",
            "org.junit.jupiter.engine", "org.junit.jupiter.params", "org.opentest4j", "org.apiguardian");

    /** The groups whose artifacts hold the shared packages (known by their path in a repository layout). */
    private static final List<String> GROUPS = List.of("org.junit.platform", "org.junit.jupiter", "org.opentest4j",
            "org.opentest4j.reporting", "org.apiguardian");
    private static final List<String> SHARED_FOLDERS = SHARED_PACKAGES.stream()
            .map(p -> p.replace('.', '/') + "/").toList();
    /** Marks the Kotlin standard library, in whatever jar it comes. */
    private static final String KOTLIN_METADATA = "kotlin/Metadata.class";

    private final String name;
    private final Pod pod;
    private final PodRuntime runtime;
    private final Config config;
    private final Map<PodEnv, PodPool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private JUnitLayer(String name, Pod pod, PodRuntime runtime, Config config) {
        this.name = name;
        this.pod = pod;
        this.runtime = runtime;
        this.config = config;
    }

    /**
     * A layer over {@code junit} (entries of the test classpath) named {@code name}.
     *
     * @throws dev.pods.PodException when an entry cannot be opened (naming the file)
     */
    static JUnitLayer shared(String name, List<Path> junit, Config config) {
        Pod pod = Pods.create(PodEnv.empty().withDefaultRepositories(false).withName(name)
                .withClasspath(junit.toArray(new Path[0])));
        try {
            return new JUnitLayer(name, pod, PodRuntime.builder().hostLoader(pod.classLoader()).build(), config);
        } catch (RuntimeException e) {
            pod.close();
            throw e;
        }
    }

    /** No layer: every pod loads JUnit from its own classpath. */
    static JUnitLayer unshared(String name, Config config) {
        return new JUnitLayer(name, null, PodRuntime.defaults(), config);
    }

    /** Whether the pods share this layer's JUnit. */
    boolean isShared() {
        return pod != null;
    }

    /**
     * The pool that makes pods over {@code classpath}, one per distinct classpath (a version of a
     * matrix). Its pods are warmed ({@code InPodRunner.warm}) before they are handed out.
     */
    PodPool pool(String label, List<Path> classpath) {
        ensureOpen();
        PodEnv env = PodEnv.empty().withDefaultRepositories(false).withName("pod-junit [" + label + "]")
                .withClasspath(classpath.toArray(new Path[0]));
        if (pod != null) {
            env = env.withSharedPackages(SHARED_PACKAGES.toArray(new String[0]));
        }
        PodPool pool = pools.computeIfAbsent(env, e -> {
            PodPool.Builder b = PodPool.builder(e).size(config.poolSize()).reuse(config.reuse()).maxInitAttempts(1)
                    .podFactory(runtime::create);
            return warmsInPool() ? b.init(p -> p.call(PodSession.WARM)).build() : b.build();
        });
        if (closed) { // closed while we made it: do not leave it running
            pool.close();
            ensureOpen();
        }
        return pool;
    }

    /**
     * Whether the pools warm their pods ({@code InPodRunner.warm}) before handing them out: when
     * they keep pods ({@code pool.size}) or hand the same one out again ({@code pool.reuse}). Else
     * a pod is warmed only when it is prepared ahead of its run, in the background; warming the
     * pod a run waits for would only run JUnit twice on its way.
     */
    boolean warmsInPool() {
        return config.poolSize() > 0 || config.reuse();
    }

    /** A check of {@code versionPod}'s collection after its close; made before the close. */
    LeakCheck watch(Pod versionPod) {
        return LeakCheck.watch(versionPod, runtime, pod == null ? null : pod.name());
    }

    private void ensureOpen() {
        if (closed) {
            throw new PodClosedException(name, "make a pod for a class that has ended");
        }
    }

    /**
     * Closes every pool (destroying their pods, a bounded wait each), then the layer's pod.
     *
     * @param check whether to return a check of the layer's collection
     * @return that check, when asked and there is a layer
     */
    Optional<LeakCheck> close(boolean check) {
        closed = true;
        for (PodPool p : pools.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                PodSession.log().warn("closing the pod pool {} failed: {}", p.env().name(), e.toString());
            }
        }
        pools.clear();
        if (pod == null) {
            return Optional.empty();
        }
        LeakCheck c = check ? LeakCheck.watchLayer(pod, PodRuntime.defaults()) : null;
        try {
            pod.close();
        } catch (RuntimeException e) {
            PodSession.log().warn("closing {} failed: {}", name, e.toString());
        }
        return Optional.ofNullable(c);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * What a test classpath offers a layer: the entries that hold the shared packages, and whether
     * it has the Kotlin standard library.
     */
    record Contents(List<Path> junit, boolean kotlin) {
        /**
         * Reads {@code testClasspath}: an entry in a repository layout by its group (no I/O), any
         * other (class folders, renamed or shaded jars) by the class files it holds.
         */
        static Contents of(List<Path> testClasspath, ArtifactFiles files) {
            List<Path> junit = new ArrayList<>();
            boolean kotlin = false;
            for (Path entry : testClasspath) {
                if (files.inRepositoryLayout(entry)) {
                    if (GROUPS.stream().anyMatch(g -> files.inGroup(entry, g))) {
                        junit.add(entry);
                    }
                    kotlin |= files.is(entry, "org.jetbrains.kotlin", "kotlin-stdlib");
                } else {
                    boolean[] holds = scan(entry);
                    if (holds[0]) {
                        junit.add(entry);
                    }
                    kotlin |= holds[1];
                }
            }
            return new Contents(List.copyOf(junit), kotlin);
        }

        /**
         * Whether the class's pods should share a layer: as the run says, else yes unless the Kotlin
         * standard library is on the test classpath (Jupiter's Kotlin support, loaded once in the
         * layer, would find one pod's Kotlin or none, and its Kotlin assertions could not link) or
         * pods are kept warm across classes ({@code pool.size} without {@code pool.reuse}: a layer
         * lasts one class). Never when the test classpath has no JUnit to share.
         */
        boolean wantsLayer(Config config) {
            if (junit.isEmpty()) {
                return false;
            }
            return config.sharedJUnit().orElse(!kotlin && (config.poolSize() == 0 || config.reuse()));
        }

        /** {holds shared packages' classes, holds the Kotlin standard library}; an unreadable entry holds neither. */
        private static boolean[] scan(Path entry) {
            boolean[] out = new boolean[2];
            if (Files.isDirectory(entry)) {
                out[0] = SHARED_FOLDERS.stream().anyMatch(f -> Files.isDirectory(entry.resolve(f)));
                out[1] = Files.isRegularFile(entry.resolve(KOTLIN_METADATA));
                return out;
            }
            if (!Files.isRegularFile(entry)) {
                return out;
            }
            try (ZipFile zip = new ZipFile(entry.toFile())) {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements() && !(out[0] && out[1])) {
                    String n = en.nextElement().getName();
                    if (!out[0] && n.endsWith(".class")) {
                        for (String f : SHARED_FOLDERS) {
                            if (n.startsWith(f)) {
                                out[0] = true;
                                break;
                            }
                        }
                    }
                    out[1] |= n.equals(KOTLIN_METADATA);
                }
            } catch (IOException e) {
                // not a jar: the pod made over it names the file
            }
            return out;
        }
    }
}
