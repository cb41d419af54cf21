package dev.pods.pool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.CallTarget;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.PodTimeoutException;
import dev.pods.pool.internal.SystemHolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reloaded workflow: an application runs in a pod made from its dependencies plus its class
 * directories; when a class file changes, the running system is stopped, a warm pod takes over
 * and the system is started again there, in milliseconds, because the dependencies are already
 * loaded and only the application's classes load afresh.
 *
 * <pre>{@code
 * try (Reloader r = Reloader.builder(PodEnv.empty().withDependencies("com.acme:lib:1.0"))
 *         .classes(Path.of("target/classes"))
 *         .start("com.acme.Main/start")      // public static Object start()
 *         .stop("com.acme.Main/stop")        // public static void stop(Object system)
 *         .listener(reset -> log(reset))
 *         .build()) {
 *     r.start();                            // starts the system, then watches
 *     ...
 * }
 * }</pre>
 *
 * <p><b>What a reset does.</b> Calls the stop method in the old pod with the system value the
 * start method returned there, retires that pod (destroyed in the background), takes the pool's
 * next warm pod, calls the start method in it and reports a {@link Reset} to the listener: how
 * long it took, which files changed, and the failure if any. A failing stop is logged and the
 * start goes ahead; a failing start is reported and the loop keeps watching, so the next change
 * tries again. The system value never leaves its pod (it may hold threads and sockets): a small
 * holder class is put on each pod's classpath and keeps it there.
 *
 * <p><b>Clojure.</b> With {@code start("clojure:dev/go")} and {@code stop("clojure:dev/halt")} the
 * system is a Clojure one and the directories are source (or class) directories on the pod's
 * classpath. When the pod has tools.namespace ({@code org.clojure:tools.namespace} among the
 * dependencies), a change is applied in the running pod: stop, {@code refresh} (the changed
 * namespaces and their dependents unloaded and reloaded in dependency order), start
 * ({@link Kind#REFRESH}); when that fails, or on {@link #fullReset()}, the system moves to a fresh
 * warm pod ({@link Kind#WARM_POD}). Without tools.namespace every change takes a warm pod.
 *
 * <p><b>Clojure warm pods are prepared in the background.</b> Before a pod counts as warm, its
 * Clojure, tools.namespace and compiler are warmed and, with tools.namespace, the application's
 * namespaces are loaded from the directories (nothing is started). A start in such a pod first
 * compares the files with what was loaded, by size, timestamps and, for files changed within two
 * seconds of the load (coarse timestamps), content: when nothing differs it only starts the system;
 * changed source files are reloaded with the namespaces that depend on them; any other changed
 * file (a resource a namespace may read as it loads) or a load that failed makes it
 * reload every namespace, as a fresh pod would. A change that lands during a reset differs at the
 * next one, which the watcher triggers. Directories holding compiled classes are not loaded ahead
 * (a class, once loaded, cannot be reloaded). The same comparison decides what a {@link Kind#REFRESH}
 * reloads, so a change is never missed for a timestamp the file system rounded. After a reset
 * caused by a change (or a {@link Kind#REFRESH}), a background thread borrows the warm pods (the pool is built with
 * {@link PodPool.Builder#reuse reuse}) and reloads the change in them too, so that a later full
 * reset finds them up to date; a full reset that comes meanwhile waits for one of them (or a new
 * pod), and its start checks the files either way.
 *
 * <p><b>Watching.</b> The class directories and their subdirectories (also ones created later)
 * are watched with the JDK's {@link WatchService}; a burst of changes is debounced into one reset
 * once the directories were quiet for the debounce period (a compiler writes many files). On
 * file systems where the JDK polls instead of being notified (macOS), changes are noticed late.
 *
 * <p><b>Warm pods must stay clean.</b> The pool's init hook ({@link Builder#init}) may load
 * dependency classes, never the application's: a warm pod that loaded an application class
 * before a change would start the old code (the Clojure preparation above checks the files at
 * the start; an init hook's own loading is not checked).
 *
 * <p>Thread-safe. Resets are serialized: the watcher thread runs them, and {@link #reset()}
 * runs one on the caller's thread. The listener is called on the thread that ran the reset;
 * an exception it throws is logged. {@link #close()} stops watching, stops the system, closes
 * the pool and removes the holder's temporary directory.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class Reloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);
    private static final String HOLDER = SystemHolder.class.getName();

    /** Told about every reset; called on the thread that ran it. */
    @API(status = EXPERIMENTAL, since = "1.0")
    @FunctionalInterface
    public interface Listener {
        void onReset(Reset reset);
    }

    /**
     * One reset (the first start included).
     *
     * @param generation counts resets from 1 (the first start)
     * @param duration   from the change being acted on (after debouncing) until the new system was started or failed
     * @param changed    the files whose change caused it (empty for the first start and for {@link #reset()})
     * @param failure    why the system is not running, when it is not
     * @param kind       how the code was reloaded
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    public record Reset(long generation, Duration duration, Set<Path> changed, Optional<PodException> failure,
                        Kind kind) {
        public Reset {
            Objects.requireNonNull(duration, "duration");
            changed = Set.copyOf(changed);
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(kind, "kind");
        }

        /** Whether the system is running in the new pod. */
        public boolean succeeded() {
            return failure.isEmpty();
        }
    }

    /** How a reset reloaded the application's code. */
    @API(status = EXPERIMENTAL, since = "1.0")
    public enum Kind {
        /** The first start, in the pool's first warm pod. */
        START,
        /**
         * Clojure with tools.namespace: the system was stopped, the changed namespaces and those
         * that depend on them were reloaded in the running pod, and the system started again there.
         */
        REFRESH,
        /** The system moved to a fresh warm pod (Java classes always; Clojure on a full reset or when a refresh failed). */
        WARM_POD
    }

    private final Settings settings;
    private final ReentrantLock resetLock = new ReentrantLock();
    private final Object lifecycle = new Object();
    private PodPool pool;
    /** Brings the warm pods of a Clojure system up to date after a change (see the class comment); null otherwise. */
    private ExecutorService preparer;
    private final AtomicBoolean preparePending = new AtomicBoolean();
    private Path holderDir;
    private WatchService watcher;
    private Thread watchThread;
    private volatile boolean started;
    private volatile boolean closed;
    // guarded by resetLock
    private Pod running;
    private boolean systemUp;
    private long generation;

    private record Settings(PodEnv dependencies, List<Path> classes, SystemControl control, Listener listener,
                            Duration debounce, int poolSize, Consumer<Pod> init, Function<PodEnv, Pod> podFactory) {
    }

    private Reloader(Settings settings) {
        this.settings = settings;
    }

    /** A builder for a reload loop over pods made from {@code dependencies} plus the class directories. */
    public static Builder builder(PodEnv dependencies) {
        return new Builder(dependencies);
    }

    /**
     * Makes the pool, starts the system in its first warm pod and starts watching. Returns the
     * first start's report (also given to the listener); a failing first start does not stop the
     * loop. Calling it twice is refused.
     *
     * @throws PodClosedException after {@link #close()}
     */
    public Reset start() {
        synchronized (lifecycle) {
            if (closed) {
                throw closed("start");
            }
            if (started) {
                throw new IllegalStateException("the reloader was already started");
            }
            try {
                SystemControl control = settings.control();
                List<Path> cp = new ArrayList<>(settings.classes());
                if (control.usesHolder()) {
                    holderDir = Files.createTempDirectory("pods-reload-");
                    copyHolder(holderDir);
                    cp.add(holderDir);
                }
                PodEnv env = settings.dependencies().withClasspath(cp.toArray(new Path[0]));
                Consumer<Pod> init = settings.init();
                PodPool.Builder b = PodPool.builder(env).size(settings.poolSize()).init(p -> {
                    control.warm(p);
                    init.accept(p);
                });
                if (control.preparesAhead()) {
                    // leases of warm pods (only the preparer borrows) come back to the pool, up to date
                    b.reuse(true);
                    preparer = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "pods-reload-preparer");
                        t.setDaemon(true);
                        return t;
                    });
                }
                if (settings.podFactory() != null) {
                    b.podFactory(settings.podFactory());
                }
                pool = b.build();
                watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                cleanUp();
                throw new UncheckedIOException("cannot set up the reload loop: " + e.getMessage(), e);
            }
            Map<WatchKey, Path> keys = new HashMap<>();
            for (Path dir : settings.classes()) {
                registerTree(dir, keys);
            }
            Reset first = reset(Set.of(), true, false);
            // Only now: a reset() racing start() must not promote a pod before the first start.
            started = true;
            watchThread = new Thread(() -> watchLoop(keys), "pods-reload-watcher");
            watchThread.setDaemon(true);
            watchThread.start();
            return first;
        }
    }

    /**
     * Resets now, on the caller's thread, as if a file had changed: a Clojure system whose pod has
     * tools.namespace is refreshed in place ({@link Kind#REFRESH}), any other moves to a warm pod.
     *
     * @throws IllegalStateException before {@link #start()}
     * @throws PodClosedException    after {@link #close()}
     */
    public Reset reset() {
        if (!started) {
            throw new IllegalStateException("start() the reloader before resetting it");
        }
        return reset(Set.of(), false, false);
    }

    /**
     * Resets in a fresh warm pod whatever the system's kind ({@link Kind#WARM_POD}): nothing of
     * the old pod's state survives, as with a new JVM.
     *
     * @throws IllegalStateException before {@link #start()}
     * @throws PodClosedException    after {@link #close()}
     */
    public Reset fullReset() {
        if (!started) {
            throw new IllegalStateException("start() the reloader before resetting it");
        }
        return reset(Set.of(), false, true);
    }

    /**
     * The pod the system runs in now. Take it again for each piece of work: after a reset the
     * old pod's system is stopped, and the pod itself closes once the pool's retire grace
     * ({@link PodPool.Builder#retireGrace}, 1 s) has passed, so a caller that took it just
     * before a reset can still finish the call it was making. Waits while a reset runs.
     *
     * @throws IllegalStateException before {@link #start()}
     * @throws PodClosedException    after {@link #close()}
     */
    public Pod pod() {
        resetLock.lock();
        try {
            if (closed) {
                throw closed("hand out its pod");
            }
            if (running == null) {
                throw new IllegalStateException("no pod yet: start() the reloader first");
            }
            return running;
        } finally {
            resetLock.unlock();
        }
    }

    /** The pool behind the loop, e.g. for {@link PodPool#stats()}; {@code Optional.empty()} before {@link #start()}. */
    public Optional<PodPool> pool() {
        return Optional.ofNullable(pool);
    }

    /** Stops watching, stops the system, closes the pool; closing twice is harmless. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the watch service failed", e);
            }
        }
        if (watchThread != null && watchThread != Thread.currentThread()) {
            try {
                watchThread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        resetLock.lock();
        try {
            stopSystem();
            running = null;
        } finally {
            resetLock.unlock();
        }
        cleanUp();
    }

    private void cleanUp() {
        if (preparer != null) {
            preparer.shutdownNow();
            try {
                preparer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.close();
        }
        if (holderDir != null) {
            try (Stream<Path> files = Files.walk(holderDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.debug("could not remove {}", holderDir, e);
            }
        }
    }

    private PodClosedException closed(String operation) {
        String name = settings.dependencies().name();
        return new PodClosedException(name, "the reloader of '" + name + "'", operation,
                "a closed reloader has stopped its system and closed its pods; build and start a new Reloader");
    }

    // ---- resetting ------------------------------------------------------------------------

    private Reset reset(Set<Path> changed, boolean first, boolean full) {
        resetLock.lock();
        try {
            if (closed) {
                throw closed("reset");
            }
            long t0 = System.nanoTime();
            SystemControl control = settings.control();
            PodException failure = null;
            Kind kind = first ? Kind.START : Kind.WARM_POD;
            boolean inPlace = !first && !full && running != null && control.reloadsInPlace();
            stopSystem();
            if (inPlace) {
                try {
                    control.start(running);
                    systemUp = true;
                    kind = Kind.REFRESH;
                } catch (PodException e) {
                    log.warn("reset {}: refreshing in the running pod failed; trying a fresh warm pod",
                            generation + 1, e);
                    resetHolder();
                }
            }
            if (!systemUp) {
                try {
                    running = first ? pool.current() : pool.refresh();
                    control.start(running);
                    systemUp = true;
                } catch (PodException e) {
                    failure = new PodException("reset " + (generation + 1) + ": starting " + control.startTarget()
                            + " failed: " + e.getMessage() + "; fix the code and save again, the loop keeps watching", e);
                } catch (RuntimeException | LinkageError e) {
                    failure = new PodException("reset " + (generation + 1) + " failed: " + e, e);
                }
            }
            Reset r = new Reset(++generation, Duration.ofNanos(System.nanoTime() - t0), changed,
                    Optional.ofNullable(failure), kind);
            if (failure == null) {
                log.info("reset {} ({}) in {} ms", r.generation(), kind, r.duration().toNanos() / 1e6);
            } else {
                log.warn("reset {} failed after {} ms", r.generation(), r.duration().toNanos() / 1e6, failure);
            }
            if (!changed.isEmpty() || kind == Kind.REFRESH) {
                prepareAhead(); // the warm pods loaded the code before this change
            }
            try {
                settings.listener().onReset(r);
            } catch (RuntimeException e) {
                log.warn("the reset listener threw", e);
            }
            return r;
        } finally {
            resetLock.unlock();
        }
    }

    /**
     * After a change: in the background, borrows the pool's warm pods (those warm now; one being
     * made loads the files as they are then) and brings the code they loaded ahead up to date, so
     * that a full reset need not reload the change with a fresh pod's JIT-cold compiler. One run
     * at a time; a change seen while one runs queues one more, which reads the files again. Never a
     * question of correctness: a start compares the files with what its pod loaded in any case.
     */
    private void prepareAhead() {
        if (preparer == null || !settings.control().reloadsInPlace() || !preparePending.compareAndSet(false, true)) {
            return;
        }
        try {
            preparer.execute(this::prepareWarmPods);
        } catch (RejectedExecutionException e) {
            preparePending.set(false); // closed
        }
    }

    private void prepareWarmPods() {
        preparePending.set(false);
        List<PodLease> leases = new ArrayList<>();
        try {
            for (int i = 0; i < settings.poolSize() && !closed; i++) {
                leases.add(pool.borrow(Duration.ofMillis(1)));
            }
        } catch (PodTimeoutException e) {
            // fewer warm pods than the pool's size: those being made load the current files themselves
        } catch (PodException e) {
            log.debug("no warm pod to prepare ahead", e);
        }
        try {
            for (PodLease lease : leases) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    break;
                }
                settings.control().warm(lease.pod());
            }
        } catch (RuntimeException e) {
            log.debug("preparing a warm pod ahead failed; its start loads what it lacks", e);
        } finally {
            for (PodLease lease : leases) {
                try {
                    lease.close();
                } catch (PodException e) {
                    log.debug("returning a prepared pod failed", e);
                }
            }
        }
    }

    /** After a failed in-place start: forget a half-started system so that the pod can be retired cleanly. */
    private void resetHolder() {
        try {
            settings.control().stop(running);
        } catch (PodException e) {
            log.debug("stopping the half-started system failed", e);
        }
    }

    /** Stops the system in the running pod, if one runs; a failure is logged (the new start goes ahead). */
    private void stopSystem() {
        if (!systemUp || running == null) {
            return;
        }
        systemUp = false;
        try {
            settings.control().stop(running);
        } catch (PodException e) {
            log.warn("stopping the system failed; starting anew regardless", e);
        }
    }

    // ---- watching -------------------------------------------------------------------------

    private void watchLoop(Map<WatchKey, Path> keys) {
        long debounceNanos = settings.debounce().toNanos();
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                Set<Path> changed = new LinkedHashSet<>();
                collect(key, keys, changed);
                // debounce: keep collecting until the directories were quiet for the whole period
                while ((key = watcher.poll(debounceNanos, TimeUnit.NANOSECONDS)) != null) {
                    collect(key, keys, changed);
                }
                if (closed) {
                    return;
                }
                if (!changed.isEmpty()) {
                    try {
                        reset(changed, false, false);
                    } catch (PodClosedException e) {
                        return;
                    }
                }
            }
        } catch (ClosedWatchServiceException e) {
            // closed: done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the reload watcher stopped", e);
        }
    }

    private void collect(WatchKey key, Map<WatchKey, Path> keys, Set<Path> changed) {
        Path dir = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(dir == null ? settings.classes().get(0) : dir);
                continue;
            }
            if (dir == null) {
                continue;
            }
            Path p = dir.resolve((Path) event.context());
            changed.add(p);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                registerTree(p, keys);
                addTree(p, changed);
            }
        }
        if (!key.reset()) {
            keys.remove(key);
        }
    }

    /** Files that appeared in a new directory before it was watched. */
    private static void addTree(Path dir, Set<Path> changed) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(changed::add);
        } catch (IOException e) {
            log.debug("cannot list {}", dir, e);
        }
    }

    private void registerTree(Path root, Map<WatchKey, Path> keys) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    keys.put(dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (ClosedWatchServiceException e) {
            throw e;
        } catch (IOException e) {
            log.warn("cannot watch {}: {}", root, e.toString());
        }
    }

    private static void copyHolder(Path dir) throws IOException {
        String resource = HOLDER.replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = SystemHolder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the reload holder class " + resource + " is missing from pod-pool");
            }
            Files.copy(in, target);
        }
    }

    /**
     * Configures a {@link Reloader}. Each setting may be set once; a bad or repeated value is
     * refused at once with the value in the message. {@code classes} and {@code start} are
     * required. Not thread-safe.
     */
    @API(status = EXPERIMENTAL, since = "1.0")
    public static final class Builder {
        private final PodEnv dependencies;
        private List<Path> classes;
        private String start;
        private String stop;
        private Listener listener;
        private Duration debounce;
        private Integer poolSize;
        private Consumer<Pod> init;
        private Function<PodEnv, Pod> podFactory;

        private Builder(PodEnv dependencies) {
            this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
        }

        private static void once(Object old, String what) {
            if (old != null) {
                throw new IllegalStateException(what + " was already set to " + old);
            }
        }

        private static String target(String t, String what) {
            Objects.requireNonNull(t, what);
            CallTarget.parse(t);
            return t;
        }

        /** The application's class directories: watched, and put on each pod's classpath after the dependencies. */
        public Builder classes(Path... dirs) {
            once(classes, "classes");
            if (dirs.length == 0) {
                throw new IllegalArgumentException("give at least one class directory");
            }
            List<Path> list = new ArrayList<>();
            for (Path d : dirs) {
                Path abs = Objects.requireNonNull(d, "class directory").toAbsolutePath().normalize();
                if (!Files.isDirectory(abs)) {
                    throw new IllegalArgumentException("class directory " + abs + " does not exist or is not a"
                            + " directory; compile the application first");
                }
                list.add(abs);
            }
            classes = List.copyOf(list);
            return this;
        }

        /**
         * {@code pkg.Class/method}: a public static method taking nothing, returning the system value;
         * or {@code clojure:ns/name}: a Clojure var holding a function of no arguments (its namespace is
         * required, or with tools.namespace on the pod's classpath, the source directories are
         * refreshed first). The system value stays in the pod.
         *
         * @throws dev.pods.PodTargetException {@code target} is neither ({@link CallTarget} has the grammar)
         */
        public Builder start(String target) {
            once(start, "start");
            start = target(target, "start");
            return this;
        }

        /**
         * {@code pkg.Class/method}: a public static method taking the system value (or nothing),
         * called in the old pod before a reset; or {@code clojure:ns/name}, a function given the
         * system value when it takes one argument (else nothing). Of the same kind as
         * {@link #start}. Optional.
         *
         * @throws dev.pods.PodTargetException {@code target} is neither ({@link CallTarget} has the grammar)
         */
        public Builder stop(String target) {
            once(stop, "stop");
            stop = target(target, "stop");
            return this;
        }

        /** Told about every reset (default: none; resets are logged either way). */
        public Builder listener(Listener l) {
            once(listener, "listener");
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** How long the directories must be quiet before a reset (default 100 ms). */
        public Builder debounce(Duration quiet) {
            once(debounce, "debounce");
            Objects.requireNonNull(quiet, "debounce");
            if (quiet.isNegative() || quiet.isZero()) {
                throw new IllegalArgumentException("debounce must be positive, was " + quiet);
            }
            debounce = quiet;
            return this;
        }

        /** Warm pods kept ready for the next reset (default 1). */
        public Builder poolSize(int n) {
            once(poolSize, "poolSize");
            if (n < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, was " + n);
            }
            poolSize = n;
            return this;
        }

        /** Runs on each warm pod: load dependency classes, never the application's own (see {@link Reloader}). */
        public Builder init(Consumer<Pod> hook) {
            once(init, "init");
            init = Objects.requireNonNull(hook, "init");
            return this;
        }

        /** Makes the pods ({@code Pods::create} by default). */
        public Builder podFactory(Function<PodEnv, Pod> factory) {
            once(podFactory, "podFactory");
            podFactory = Objects.requireNonNull(factory, "podFactory");
            return this;
        }

        /** The reloader, not started yet: call {@link Reloader#start()}. */
        public Reloader build() {
            if (classes == null) {
                throw new IllegalStateException("classes(...) is required: the directories to watch");
            }
            if (start == null) {
                throw new IllegalStateException("start(\"pkg.Class/method\") is required: how to start the system");
            }
            return new Reloader(new Settings(dependencies, classes, SystemControl.of(start, stop),
                    listener == null ? r -> { } : listener, debounce == null ? Duration.ofMillis(100) : debounce,
                    poolSize == null ? 1 : poolSize, init == null ? p -> { } : init, podFactory));
        }
    }
}
