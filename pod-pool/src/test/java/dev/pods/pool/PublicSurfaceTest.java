package dev.pods.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins pod-pool's public surface: the pool itself is reached through {@code PodPool.builder}. */
class PublicSurfaceTest {
    @Test
    void publicTypesAreExactlyThese() throws Exception {
        Path classes = Path.of(WarmPoolFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (!name.endsWith("package-info")
                        && Modifier.isPublic(Class.forName(name, false, getClass().getClassLoader()).getModifiers())) {
                    found.add(name);
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "dev.pods.pool.WarmPoolFactory",
                "dev.pods.pool.Reloader",
                "dev.pods.pool.Reloader$Builder",
                "dev.pods.pool.Reloader$Kind",
                "dev.pods.pool.Reloader$Listener",
                "dev.pods.pool.Reloader$Reset",
                "dev.pods.pool.internal.SystemHolder")), found);
    }
}
