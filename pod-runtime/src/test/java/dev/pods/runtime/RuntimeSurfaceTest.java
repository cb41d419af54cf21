package dev.pods.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins the public types of the pods-core packages: everything else stays package-private. */
class RuntimeSurfaceTest {
    @Test
    void publicTypesOfTheCorePackages() throws Exception {
        Path classes = Path.of(Pods.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> pub = new TreeSet<>();
        for (String pkg : List.of("dev.pods.runtime", "dev.pods.runtime.loader", "dev.pods.runtime.bridge")) {
            Path d = classes.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class")) {
                        Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - 6));
                        if (Modifier.isPublic(c.getModifiers())) {
                            pub.add(c.getName());
                        }
                    }
                }
            } catch (IOException e) {
                throw e;
            }
        }
        assertEquals(Set.of("dev.pods.runtime.Pods", "dev.pods.runtime.PodRuntime",
                "dev.pods.runtime.loader.PodClassLoader", "dev.pods.runtime.loader.LeakWatcher",
                "dev.pods.runtime.loader.JdkInternals", "dev.pods.runtime.loader.SharedClasses",
                "dev.pods.runtime.bridge.Bridge", "dev.pods.runtime.bridge.ValueCodec",
                "dev.pods.runtime.bridge.RemoteExceptions"), pub);
    }
}
