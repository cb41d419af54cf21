package dev.pods.maven;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pods.OutputMode;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodLeak;
import dev.pods.PodLease;
import dev.pods.PodPool;
import dev.pods.runtime.PodRuntime;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.maven.RepositoryUtils;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apiguardian.api.API;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.SessionData;
import org.eclipse.aether.repository.RemoteRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods for one Maven build: they resolve through the build's own repository system and session
 * ({@link MavenPodResolver}), print to the calling mojo's {@link Log}, and stay warm for the whole
 * build, so that the same env in several modules of a reactor is served by the same pool.
 *
 * <pre>{@code
 * MavenPods pods = MavenPods.of(session, repositorySystem);       // the build's, made on first use
 * PodEnv env = pods.env(project).withDependencies("com.acme:tool:" + version);
 * try (PodLease lease = pods.shared(env, getLog())) {            // warm after the first module
 *     lease.pod().call("com.acme.Tool/run", args);
 * }
 * }</pre>
 *
 * <p><b>Two kinds of lease.</b> {@link #shared} hands out the build's warm pod of an env (its
 * classes stay loaded and its statics stay set from one use to the next; exclusive while leased,
 * a second pod is made only when two modules need the env at once). {@link #fresh} hands out a
 * clean pod that was made in advance (the pool keeps one spare warm); closing the lease closes
 * the pod, ends the threads it left and reports them.
 *
 * <p><b>Output.</b> An env whose output is left to the default ({@link OutputMode#INHERIT}) prints
 * to the {@code Log} given with the lease: stdout at info, stderr at warn. An env that captures
 * or sets its own sink is left as it is.
 *
 * <p><b>Lifetime.</b> One instance per build and per plugin (each plugin has its own copy of this
 * class), kept in the build's repository session. It is closed when the build session ends: the
 * instance adds itself to the build's execution listener, which Maven 3.8 and 3.9 tell of the
 * session's end whether the build succeeded or failed, without the plugin having to be a build
 * extension (a lifecycle participant would need {@code <extensions>true</extensions>}). A JVM
 * shutdown hook closes it when no session end comes (an embedder that never fires it). Closing
 * closes every pool, then checks that the class loaders of the fresh pods are gone and warns
 * about any that are not.
 *
 * <p>Thread-safe: a parallel build ({@code -T}) shares one instance.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class MavenPods implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MavenPods.class);
    /** How long a borrower waits for a warm pod (resolution is done before, on the caller). */
    private static final Duration BORROW_TIMEOUT = Duration.ofMinutes(5);
    /** How long close waits, in all, for the loaders of fresh pods to be collected. */
    private static final long COLLECT_MILLIS = 2_000;

    private final MavenPodResolver resolver;
    private final PodRuntime runtime;
    private final LogPump pump;
    private final Map<PoolKey, PodPool> pools = new ConcurrentHashMap<>();
    /**
     * Each pod's sink, by the stream the pod's env prints to: a lease hands out a view of the
     * pool's pod, not the pod itself, but the view's env is the pod's.
     */
    private final Map<java.io.OutputStream, LogSink> sinks = new ConcurrentHashMap<>();
    private final Map<PodEnv, AtomicLong> leases = new ConcurrentHashMap<>();
    private final ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
    private final Map<Reference<ClassLoader>, String> closedLoaders = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private MavenPods(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> defaults) {
        this.resolver = new MavenPodResolver(system, session, defaults);
        this.runtime = PodRuntime.builder().resolver(resolver).build();
        this.pump = new LogPump("pods-maven-log");
        this.shutdownHook = new Thread(this::close, "pods-maven-shutdown");
    }

    /**
     * The build's instance for this plugin, made on first use. Pass the mojo's injected
     * {@code ${session}} and {@link RepositorySystem}.
     */
    public static MavenPods of(MavenSession session, RepositorySystem system) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(system, "system");
        RepositorySystemSession repoSession = session.getRepositorySession();
        if (repoSession == null) {
            throw new IllegalStateException("the Maven session has no repository session yet;"
                    + " call MavenPods.of from a mojo's execute()");
        }
        SessionData data = repoSession.getData();
        // The class itself keys the entry: another plugin's copy of this class is another key.
        Object key = MavenPods.class;
        while (true) {
            Object existing = data.get(key);
            if (existing instanceof MavenPods && !((MavenPods) existing).closed.get()) {
                return (MavenPods) existing;
            }
            MavenPods made = new MavenPods(system, repoSession, defaultRepositories(session, system));
            if (data.set(key, existing, made)) {
                made.start(session);
                return made;
            }
            made.pump.close();
        }
    }

    /**
     * A builder-style factory for tests and embedders: pods resolving with {@code session} from
     * {@code repositories}, closed by {@link #close()} (or at JVM exit).
     */
    public static MavenPods create(RepositorySystem system, RepositorySystemSession session,
                                   List<RemoteRepository> repositories) {
        MavenPods p = new MavenPods(Objects.requireNonNull(system, "system"), Objects.requireNonNull(session, "session"),
                repositories);
        p.start(null);
        return p;
    }

    private void start(MavenSession session) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        if (session != null) {
            SessionEnd.onEnd(session, this::close);
        }
    }

    /** The repositories a plain env stands for: the top-level project's, else the request's. */
    private static List<RemoteRepository> defaultRepositories(MavenSession session, RepositorySystem system) {
        MavenProject top = session.getTopLevelProject();
        if (top == null) {
            top = session.getCurrentProject();
        }
        if (top != null && top.getRemoteProjectRepositories() != null) {
            return top.getRemoteProjectRepositories();
        }
        List<RemoteRepository> request = RepositoryUtils.toRepos(session.getRequest().getRemoteRepositories());
        return system.newResolutionRepositories(session.getRepositorySession(), request);
    }

    /**
     * An env that resolves from {@code project}'s remote repositories (as Maven mirrored and
     * authenticated them), with no dependencies yet. Two projects with the same repositories get
     * equal envs, so a reactor's modules share pools.
     */
    public PodEnv env(MavenProject project) {
        PodEnv env = PodEnv.empty().withDefaultRepositories(false);
        for (RemoteRepository r : project.getRemoteProjectRepositories()) {
            URI uri;
            try {
                uri = new URI(r.getUrl());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("repository '" + r.getId() + "' of " + project.getId()
                        + " has a URL that is not a URI: " + r.getUrl(), e);
            }
            env = env.withRepository(r.getId(), uri);
        }
        return env;
    }

    /** The resolver behind every pod of this build. */
    public MavenPodResolver resolver() {
        return resolver;
    }

    /** The runtime behind every pod of this build (its resolver is {@link #resolver()}). */
    public PodRuntime runtime() {
        return runtime;
    }

    /**
     * The build's warm pod of {@code env}, exclusively until the lease closes; its output goes to
     * {@code log}. The same pod serves the next lease of an equal env (classes loaded, statics as
     * the last user left them).
     *
     * @throws dev.pods.PodResolutionException when the env's dependencies cannot be resolved
     */
    public PodLease shared(PodEnv env, Log log) {
        return lease(env, log, true);
    }

    /**
     * A clean pod of {@code env}, made in advance when the env was used before; its output goes
     * to {@code log}. Closing the lease closes the pod: the threads it started are ended (a
     * warning to {@code log} names any it left running) and its loader is watched until the build
     * ends.
     *
     * @throws dev.pods.PodResolutionException when the env's dependencies cannot be resolved
     */
    public PodLease fresh(PodEnv env, Log log) {
        return lease(env, log, false);
    }

    /** How many leases of {@code env} this build has handed out. */
    public long leases(PodEnv env) {
        AtomicLong n = leases.get(env);
        return n == null ? 0 : n.get();
    }

    private PodLease lease(PodEnv env, Log log, boolean shared) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(log, "log");
        if (closed.get()) {
            throw new PodClosedException(env.name(), "lease (the pods of this Maven build were closed: its session ended)");
        }
        // Resolve here, on the caller: a failure is the caller's, at once, in Maven's words;
        // the pool's warmers then find the classpath in the resolver's memo.
        resolver.classpath(env);
        PodPool pool = pools.computeIfAbsent(new PoolKey(env, shared), k -> pool(k));
        PodLease lease = pool.borrow(BORROW_TIMEOUT);
        leases.computeIfAbsent(env, e -> new AtomicLong()).incrementAndGet();
        LogSink sink = lease.pod().env().stdoutSink().map(sinks::get).orElse(null);
        if (sink != null) {
            sink.target(log);
        }
        return new Lease(lease, sink, shared ? null : log, shared ? null : Threads.live());
    }

    private PodPool pool(PoolKey key) {
        return PodPool.builder(key.env)
                .size(key.shared ? 0 : 1)
                .reuse(key.shared)
                .maxInitAttempts(1)
                .podFactory(this::makePod)
                .build();
    }

    private Pod makePod(PodEnv env) {
        if (env.outputMode() != OutputMode.INHERIT) {
            return runtime.create(env);
        }
        LogSink sink = new LogSink(env.name(), pump);
        Pod pod = runtime.create(env.withOutput(sink.out, sink.err));
        sinks.put(sink.out, sink);
        // The sink keeps its target while close stops the pod's threads: what they print on the
        // way out still reaches the mojo that ran them. A lease's end resets it.
        pod.onClose(p -> sinks.remove(sink.out));
        return pod;
    }

    /** A lease that points the pod's output at the borrower's log; a fresh one closes its pod. */
    private final class Lease implements PodLease {
        private final PodLease lease;
        private final LogSink sink;
        private final Log freshLog;
        private final java.util.Set<Thread> before;
        private final AtomicBoolean done = new AtomicBoolean();

        Lease(PodLease lease, LogSink sink, Log freshLog, java.util.Set<Thread> before) {
            this.lease = lease;
            this.sink = sink;
            this.freshLog = freshLog;
            this.before = before;
        }

        @Override
        public Pod pod() {
            return lease.pod();
        }

        @Override
        public void close() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (freshLog != null) {
                    closeFresh(lease.pod());
                } else if (sink != null) {
                    sink.target(null);
                }
            } finally {
                lease.close();
            }
        }

        private void closeFresh(Pod pod) {
            if (pod.env().isolation() == dev.pods.Isolation.PROCESS) {
                pod.close(); // its threads end with its JVM
                if (sink != null) {
                    sink.target(null);
                }
                return;
            }
            ClassLoader loader = pod.classLoader();
            List<Thread> left = Threads.startedBy(loader, before);
            pod.close();
            if (sink != null) {
                sink.target(null);
            }
            closedLoaders.put(new WeakReference<>(loader, collected), pod.name());
            if (!left.isEmpty()) {
                List<String> ended = new ArrayList<>();
                List<String> running = new ArrayList<>();
                for (Thread t : left) {
                    (t.isAlive() ? running : ended).add("'" + t.getName() + "'" + (t.isDaemon() ? " (daemon)" : ""));
                }
                StringBuilder sb = new StringBuilder("pod '" + pod.name() + "' left " + left.size()
                        + (left.size() == 1 ? " thread" : " threads") + " running when it returned");
                if (!ended.isEmpty()) {
                    sb.append("; ended at close: ").append(String.join(", ", ended));
                }
                if (!running.isEmpty()) {
                    sb.append("; STILL RUNNING after close (ignoring interrupts): ").append(String.join(", ", running));
                }
                freshLog.warn(sb);
            }
        }
    }

    /**
     * Closes every pool and pod of this build (each bounded), then reports fresh pods whose class
     * loader is still reachable. Closing twice is harmless; leases afterwards are refused.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs this anyway
        }
        int n = 0;
        for (PodPool pool : pools.values()) {
            try {
                pool.close();
                n++;
            } catch (RuntimeException e) {
                LOG.warn("pods: closing the pool of {} failed: {}", pool.env(), e.toString());
            }
        }
        pools.clear();
        reportLeaks();
        pump.close();
        if (n > 0) {
            LOG.debug("pods: closed {} pools at the end of the build", n);
        }
    }

    private void reportLeaks() {
        expunge();
        if (closedLoaders.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COLLECT_MILLIS);
        // Collection is only observable after a GC; ask for one and wait on the queue, bounded.
        System.gc();
        while (!closedLoaders.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                Reference<? extends ClassLoader> r = collected.remove(Math.min(left, 100));
                if (r != null) {
                    closedLoaders.remove(r);
                } else {
                    System.gc();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            expunge();
        }
        if (closedLoaders.isEmpty()) {
            return;
        }
        List<PodLeak> known = runtime.leaks();
        for (String name : closedLoaders.values()) {
            StringBuilder held = new StringBuilder();
            for (PodLeak l : known) {
                if (l.podName().equals(name)) {
                    held.append(": held by ").append(String.join("; ", l.holders()));
                    break;
                }
            }
            LOG.warn("pods: the class loader of pod '{}' is still reachable after close (metaspace that will not"
                    + " come back in a long-lived JVM){}", name, held);
        }
        closedLoaders.clear();
    }

    private void expunge() {
        Reference<? extends ClassLoader> r;
        while ((r = collected.poll()) != null) {
            closedLoaders.remove(r);
        }
    }

    /** Whether {@link #close()} was called (or the build session ended). */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "MavenPods[" + pools.size() + " pools, " + resolver + (closed.get() ? ", closed" : "") + "]";
    }

    private record PoolKey(PodEnv env, boolean shared) {
    }
}
