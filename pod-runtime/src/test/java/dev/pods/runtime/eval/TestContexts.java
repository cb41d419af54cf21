package dev.pods.runtime.eval;

import dev.pods.testing.Jars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** Stand-in pods for evaluator tests: a URLClassLoader over jars, parented by the platform loader. */
final class TestContexts {
    /** The JDK plus pod-api's dev.pods classes, as a real pod sees them (parent-first, shared with the host). */
    private static final ClassLoader API = new ClassLoader("jdk+pod-api", ClassLoader.getPlatformClassLoader()) {
        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("dev.pods.") && name.indexOf('.', "dev.pods.".length()) < 0) {
                return Class.forName(name, false, TestContexts.class.getClassLoader());
            }
            throw new ClassNotFoundException(name);
        }
    };

    private TestContexts() {
    }

    static EvalContext over(String name, List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        ClassLoader loader = new URLClassLoader(name, urls.toArray(URL[]::new), API);
        return new EvalContext(name, loader, jars, Executors.defaultThreadFactory());
    }

    static EvalContext empty(String name) {
        return over(name, List.of());
    }

    /** A jar holding the given classes (binary name to source). */
    static Path jar(Path dir, String fileName, Map<String, String> sources) {
        Path jar = dir.resolve(fileName);
        Jars.writeJar(jar, Jars.compile(sources), Map.of());
        return jar;
    }

    static void close(EvalContext ctx) {
        if (ctx.loader() instanceof URLClassLoader) {
            try {
                ((URLClassLoader) ctx.loader()).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
