package dev.pods.runtime.bridge;

import dev.pods.PodBridgeException;
import dev.pods.testing.Jars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two versions of some classes compiled into two loaders, with a codec over each: the host's side
 * and the pod's side of a bridge, joined by nothing but bytes (as {@link Bridge} joins them).
 */
final class TwoSides implements AutoCloseable {
    final URLClassLoader hostLoader;
    final URLClassLoader podLoader;
    final ValueCodec host;
    final ValueCodec pod;

    private TwoSides(URLClassLoader hostLoader, URLClassLoader podLoader, int maxDepth) {
        this.hostLoader = hostLoader;
        this.podLoader = podLoader;
        this.host = new ValueCodec(hostLoader, PodBridgeException.Side.HOST, 1 << 24, maxDepth);
        this.pod = new ValueCodec(podLoader, PodBridgeException.Side.POD, 1 << 24, maxDepth);
    }

    /** Compiles {@code hostSources} and {@code podSources} (class name to text) into two jars under {@code dir}. */
    static TwoSides of(Path dir, Map<String, String> hostSources, Map<String, String> podSources) {
        return new TwoSides(loader(dir, "host.jar", hostSources), loader(dir, "pod.jar", podSources), PodKryo.MAX_DEPTH);
    }

    /** Class files (jar entry name to bytes) for each side, for classes that do not compile together. */
    static TwoSides ofClasses(Path dir, Map<String, byte[]> hostClasses, Map<String, byte[]> podClasses, int maxDepth) {
        return new TwoSides(loader(Jars.writeJar(dir.resolve("host.jar"), hostClasses, Map.of()), "host"),
                loader(Jars.writeJar(dir.resolve("pod.jar"), podClasses, Map.of()), "pod"), maxDepth);
    }

    /** The same classes on both sides (each side its own copy). */
    static TwoSides same(Path dir, Map<String, String> sources) {
        return of(dir, sources, sources);
    }

    private static URLClassLoader loader(Path dir, String name, Map<String, String> sources) {
        return loader(Jars.writeJar(dir.resolve(name), sources.isEmpty() ? Map.of() : Jars.compile(sources), Map.of()), name);
    }

    private static URLClassLoader loader(Path jar, String name) {
        try {
            return new URLClassLoader(name, new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A host value carried to the pod. */
    Object toPod(Object hostValue) {
        return pod.read(host.write(hostValue));
    }

    /** A pod value carried to the host. */
    Object toHost(Object podValue) {
        return host.read(pod.write(podValue));
    }

    /** An instance of {@code className} made in {@code loader} by the public constructor taking {@code args.length} arguments. */
    static Object make(ClassLoader loader, String className, Object... args) {
        try {
            Class<?> c = Class.forName(className, true, loader);
            for (Constructor<?> k : c.getConstructors()) {
                if (k.getParameterCount() == args.length) {
                    return k.newInstance(args);
                }
            }
            throw new IllegalArgumentException(className + " has no public constructor of " + args.length + " arguments");
        } catch (ClassNotFoundException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    Object host(String className, Object... args) {
        return make(hostLoader, className, args);
    }

    Object pod(String className, Object... args) {
        return make(podLoader, className, args);
    }

    @Override
    public void close() {
        host.clear();
        pod.clear();
        try {
            hostLoader.close();
            podLoader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
