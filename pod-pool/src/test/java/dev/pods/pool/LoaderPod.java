package dev.pods.pool;

import dev.pods.CapturedOutput;
import dev.pods.Pod;
import dev.pods.PodCallException;
import dev.pods.PodClosedException;
import dev.pods.PodEnv;
import dev.pods.PodException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A minimal pod for the pool and reload tests, without resolution or the runtime's machinery:
 * its own URLClassLoader over the env's classpath (parent: the platform loader, so the
 * application's classes load afresh), and {@link #call} by reflection. Enough to drive the pool
 * and the reload loop over real class files; the {@code RealPod*} subclasses of those tests run
 * them again over real pods.
 */
final class LoaderPod implements Pod {
    private final PodEnv env;
    private volatile URLClassLoader loader;

    LoaderPod(PodEnv env) {
        this.env = env;
        URL[] urls = env.classpath().stream().map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(URL[]::new);
        this.loader = new URLClassLoader("loader-pod", urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    public String name() {
        return env.name();
    }

    @Override
    public PodEnv env() {
        return env;
    }

    @Override
    public List<Path> classpath() {
        return env.classpath();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(String target, Object... args) {
        URLClassLoader cl = loader;
        if (cl == null) {
            throw new PodClosedException(name(), "call " + target);
        }
        int slash = target.indexOf('/');
        Thread t = Thread.currentThread();
        ClassLoader prev = t.getContextClassLoader();
        t.setContextClassLoader(cl);
        try {
            Class<?> c = Class.forName(target.substring(0, slash), true, cl);
            for (Method m : c.getMethods()) {
                if (m.getName().equals(target.substring(slash + 1)) && Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == args.length) {
                    return (T) m.invoke(null, args);
                }
            }
            throw new PodException("no method " + target + " taking " + args.length + " arguments");
        } catch (InvocationTargetException e) {
            Throwable r = e.getCause();
            throw new PodCallException("call " + target, r.getClass().getName(), r.getMessage(),
                    Arrays.asList(r.getStackTrace()), null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PodException("call " + target + " failed: " + e, e);
        } finally {
            t.setContextClassLoader(prev);
        }
    }

    @Override
    public <T> T callWithTimeout(Duration timeout, String target, Object... args) {
        return call(target, args);
    }

    @Override
    public Object eval(String code) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object eval(String language, String code) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object evalWithTimeout(Duration timeout, String language, String code) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> languages() {
        return Set.of();
    }

    @Override
    public void require(String... names) {
        for (String n : names) {
            call(n + "/toString"); // not used
        }
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
        return loader;
    }

    @Override
    public void onClose(Consumer<Pod> hook) {
    }

    @Override
    public boolean isClosed() {
        return loader == null;
    }

    @Override
    public void close() {
        URLClassLoader cl = loader;
        loader = null;
        if (cl != null) {
            try {
                cl.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
