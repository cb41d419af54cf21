package dev.pods;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * An independent runtime: its own class loader over its own resolved classpath, its own
 * statics, its own output routing, either inside the host JVM or, for a
 * {@linkplain Isolation#PROCESS process pod}, inside a child JVM of its own; the behaviour below
 * is the same for both. Made by {@code dev.pods.runtime.Pods.create} or taken from a
 * {@link PodPool}.
 *
 * <pre>{@code
 * try (Pod pod = Pods.create(PodEnv.empty().withDependencies("com.google.guava:guava:33.3.1-jre"))) {
 *     String s = pod.call("com.google.common.base.Strings/repeat", "ab", 3);   // "ababab"
 *     Object n = pod.eval("1 + 2");                                           // 3
 * }
 * }</pre>
 *
 * <p>Values cross the boundary as copies (immutable JDK values such as strings and boxed
 * numbers are passed as they are): a host object never becomes reachable from pod code and a
 * pod object never from the host, except through interfaces of shared packages
 * ({@link #proxy}). Every method is thread-safe; calls run on the caller's thread with the
 * context class loader set to the pod's loader.
 *
 * <p>{@link #close()} refuses new work, lets calls in flight finish within a grace period,
 * stops the threads the pod started and closes its loader. An in-process pod cannot stop
 * {@code System.exit}, bound its heap or isolate JVM-wide properties; a process pod can
 * ({@link Isolation}). In a process pod calls run on threads of the child JVM, and when the
 * child dies every call raises {@link PodProcessException}.
 */
@API(status = STABLE, since = "1.0")
public interface Pod extends AutoCloseable {

    /** The env's name. */
    String name();

    /** The env the pod was made from. */
    PodEnv env();

    /** The pod's classpath: resolved dependencies first, then the env's extra entries. */
    List<Path> classpath();

    /**
     * Calls a public static method, {@code "pkg.Class/method"}, choosing the overload by the
     * arguments' runtime types, or a Clojure var, {@code "clojure:namespace/name"} (the grammar:
     * {@link CallTarget}). Arguments and the result are copied across the bridge.
     *
     * @throws PodTargetException   {@code target} is not a target (before anything is loaded)
     * @throws PodCallException     the method threw (the remote exception as data)
     * @throws PodBridgeException   an argument or the result cannot cross
     * @throws PodException         no such class or method, or the overload is ambiguous
     * @throws PodClosedException   the pod is closed
     */
    <T> T call(String target, Object... args);

    /**
     * Like {@link #call}, with a deadline: when it passes the call's thread is interrupted and
     * {@link PodTimeoutException} raised; the pod stays usable. So that the caller is released
     * at the deadline whatever the code does, a timed call runs on one of the pod's own threads,
     * not the caller's: it does not see the caller's thread-locals. In a process pod the deadline
     * kills the child JVM instead, on any JDK: the pod is then closed (a pool replaces it).
     *
     * @param timeout how long the call may take; must be positive
     * @throws IllegalArgumentException {@code timeout} is zero or negative (the message names it):
     *         such a deadline has passed before the call starts
     * @throws PodTimeoutException      the deadline passed first
     */
    <T> T callWithTimeout(Duration timeout, String target, Object... args);

    /** Evaluates Java code (JShell semantics: state persists across evals) and returns the value copied to the host. */
    Object eval(String code);

    /** Evaluates code in a language the pod offers ({@link #languages()}), e.g. {@code "clojure"}. */
    Object eval(String language, String code);

    /**
     * Like {@link #eval(String, String)} with a deadline; see {@link #callWithTimeout}.
     *
     * @param timeout how long the evaluation may take; must be positive
     * @throws IllegalArgumentException {@code timeout} is zero or negative (the message names it)
     * @throws PodTimeoutException      the deadline passed first
     */
    Object evalWithTimeout(Duration timeout, String language, String code);

    /** The languages {@link #eval(String, String)} accepts in this pod. */
    Set<String> languages();

    /**
     * Loads and initializes classes by binary name (or, where a language runtime such as
     * Clojure is on the classpath, namespaces: {@code "clojure:my.ns"}).
     *
     * @throws PodException naming the class and summarising the classpath when one is missing
     */
    void require(String... names);

    /**
     * A host-side implementation of {@code iface} (an interface in a shared package or
     * {@code dev.pods}) that forwards each call to a new instance of {@code implClass} in the pod,
     * made with its public no-argument constructor. Arguments and results cross the bridge.
     */
    <T> T proxy(Class<T> iface, String implClass);

    /** What the pod printed, when its env says {@link OutputMode#CAPTURE}. */
    CapturedOutput output();

    /**
     * The pod's class loader, for advanced use (reflection, frameworks that take a loader).
     *
     * @throws PodException for a process pod, whose classes live in its child JVM
     */
    ClassLoader classLoader();

    /** Runs {@code hook} while the pod closes, before its loader is closed (in registration order). */
    void onClose(Consumer<Pod> hook);

    /** Whether {@link #close()} was called, or, for a process pod, its JVM is gone. */
    boolean isClosed();

    /** Closes the pod; closing twice is harmless. Never throws for a failure inside the pod (it is logged). */
    @Override
    void close();
}
