package dev.pods.pool;

import dev.pods.CapturedOutput;
import dev.pods.Pod;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** Test doubles: pods that count, a factory that can fail, an executor drained by hand, a ticker moved by hand. */
final class Fakes {
    private Fakes() {
    }

    /** A pod that does nothing but remember whether it was closed. */
    static final class FakePod implements Pod {
        final int id;
        final PodEnv env;
        volatile boolean closed;
        final AtomicInteger closes = new AtomicInteger();
        final List<Consumer<Pod>> hooks = new CopyOnWriteArrayList<>();

        FakePod(int id, PodEnv env) {
            this.id = id;
            this.env = env;
        }

        @Override
        public String name() {
            return env.name() + "#" + id;
        }

        @Override
        public PodEnv env() {
            return env;
        }

        @Override
        public List<Path> classpath() {
            return List.of();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T call(String target, Object... args) {
            if (closed) {
                throw new PodClosedException(name(), "call " + target);
            }
            return (T) Integer.valueOf(id);
        }

        @Override
        public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
            return call(target, args);
        }

        @Override
        public Object eval(String code) {
            return call(code);
        }

        @Override
        public Object eval(String language, String code) {
            return call(code);
        }

        @Override
        public Object evalWithTimeout(Duration timeout, String language, String code) {
            return call(code);
        }

        @Override
        public Set<String> languages() {
            return Set.of();
        }

        @Override
        public void require(String... names) {
        }

        @Override
        public <T> T proxy(Class<T> iface, String implClass) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CapturedOutput output() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClassLoader classLoader() {
            return getClass().getClassLoader();
        }

        @Override
        public void onClose(Consumer<Pod> hook) {
            if (closed) {
                hook.accept(this);
            } else {
                hooks.add(hook);
            }
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (!closed) {
                closed = true;
                hooks.forEach(h -> h.accept(this));
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Makes FakePods; fails the next {@link #failNext} creations with {@link #failure}. */
    static final class FakeFactory implements Function<PodEnv, Pod> {
        final List<FakePod> made = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger failNext = new AtomicInteger();
        volatile RuntimeException failure = new IllegalStateException("no pod today");
        /** When set, each failing attempt throws a new exception naming its attempt number. */
        volatile boolean distinctFailures;

        @Override
        public Pod apply(PodEnv env) {
            int n = attempts.incrementAndGet();
            if (failNext.getAndUpdate(i -> Math.max(0, i - 1)) > 0) {
                throw distinctFailures ? new IllegalStateException("attempt " + n + ": " + failure.getMessage())
                        : failure;
            }
            FakePod p = new FakePod(n, env);
            made.add(p);
            return p;
        }

        long open() {
            return made.stream().filter(p -> !p.closed).count();
        }

        long closed() {
            return made.stream().filter(p -> p.closed).count();
        }
    }

    /** An executor whose tasks run only when the test drains it. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        /** Runs tasks until none is left (tasks may queue more); returns how many ran. */
        int drain() {
            int n = 0;
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
                n++;
            }
            return n;
        }

        /** Runs only the tasks queued now. */
        int runQueued() {
            Queue<Runnable> now = new ArrayDeque<>();
            Runnable r;
            while ((r = tasks.poll()) != null) {
                now.add(r);
            }
            now.forEach(Runnable::run);
            return now.size();
        }

        int size() {
            return tasks.size();
        }
    }

    /** A nanosecond ticker moved by hand. */
    static final class FakeTicker implements LongSupplier {
        final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long getAsLong() {
            return now.get();
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }
}
