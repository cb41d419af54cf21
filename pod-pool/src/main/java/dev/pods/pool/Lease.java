package dev.pods.pool;

import dev.pods.CapturedOutput;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodLease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An exclusive hold on one pod of a {@link WarmPool}; see {@link PodLease}.
 *
 * <p>{@link #pod()} hands out a view of the pod that refuses work once the lease is returned or
 * the pool closed. The pod itself is never handed out: with reuse the pool lends it to the next
 * borrower, and a holder that kept the reference after returning the lease would otherwise call
 * into someone else's pod, silently. Closing the view after the return does nothing for the
 * same reason. A proxy made from the view before the return keeps calling the pod: make
 * proxies per lease. Thread-safe; returning twice is harmless.
 */
final class Lease implements PodLease {
    private final WarmPool pool;
    private final Pod pod;
    private final View view = new View();
    private final AtomicBoolean returned = new AtomicBoolean();

    Lease(WarmPool pool, Pod pod) {
        this.pool = pool;
        this.pod = pod;
    }

    @Override
    public Pod pod() {
        ensureOpen("hand out its pod", "");
        return view;
    }

    @Override
    public void close() {
        if (returned.compareAndSet(false, true)) {
            pool.release(pod);
        }
    }

    @Override
    public String toString() {
        return "PodLease[" + pod.name() + (returned.get() ? ", returned" : "") + "]";
    }

    private boolean open() {
        return !returned.get() && !pool.isClosed();
    }

    /** Refuses an operation once the lease is returned or the pool closed; the text is built only then. */
    private void ensureOpen(String verb, String object) {
        if (open()) {
            return;
        }
        String op = object.isEmpty() ? verb : verb + " " + object;
        if (returned.get()) {
            throw new PodClosedException(pod.name(), "the lease of pod '" + pod.name() + "'", op,
                    "the lease was returned, and the pod is no longer yours (the pool may have lent it to another"
                            + " borrower or destroyed it); borrow again with pool.borrow(timeout) and use the pod"
                            + " only while that lease is open");
        }
        throw new PodClosedException(pod.name(), "the pool '" + pool.env().name() + "' of leased pod '" + pod.name()
                + "'", op, "closing a pool closes the pods out on lease too; build a new pool");
    }

    /** The pod as the borrower sees it: every operation checks the lease first. */
    private final class View implements Pod {
        @Override
        public String name() {
            return pod.name();
        }

        @Override
        public PodEnv env() {
            return pod.env();
        }

        @Override
        public List<Path> classpath() {
            return pod.classpath();
        }

        @Override
        public <T> T call(String target, Object... args) {
            ensureOpen("call", target);
            return pod.call(target, args);
        }

        @Override
        public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
            ensureOpen("call", target);
            return pod.callWithTimeout(timeout, target, args);
        }

        @Override
        public Object eval(String code) {
            ensureOpen("eval", "java");
            return pod.eval(code);
        }

        @Override
        public Object eval(String language, String code) {
            ensureOpen("eval", language);
            return pod.eval(language, code);
        }

        @Override
        public Object evalWithTimeout(Duration timeout, String language, String code) {
            ensureOpen("eval", language);
            return pod.evalWithTimeout(timeout, language, code);
        }

        @Override
        public Set<String> languages() {
            ensureOpen("list languages", "");
            return pod.languages();
        }

        @Override
        public void require(String... names) {
            ensureOpen("require", String.join(", ", names));
            pod.require(names);
        }

        @Override
        public <T> T proxy(Class<T> iface, String implClass) {
            ensureOpen("make a proxy of", implClass);
            return pod.proxy(iface, implClass);
        }

        @Override
        public CapturedOutput output() {
            ensureOpen("hand out its output", "");
            return pod.output();
        }

        @Override
        public ClassLoader classLoader() {
            ensureOpen("hand out its class loader", "");
            return pod.classLoader();
        }

        @Override
        public void onClose(Consumer<Pod> hook) {
            ensureOpen("register a close hook", "");
            pod.onClose(hook);
        }

        @Override
        public boolean isClosed() {
            return !open() || pod.isClosed();
        }

        /** Closes the pod while the lease is open (the pool then replaces it); after the return, nothing. */
        @Override
        public void close() {
            if (!returned.get()) {
                pod.close();
            }
        }

        @Override
        public String toString() {
            return pod + " (leased" + (returned.get() ? ", returned)" : ")");
        }
    }
}
