package dev.pods.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins pod-junit's public types: the annotations, the errors, and the pod-side entry point. */
class JUnitSurfaceTest {
    @Test
    void publicTypes() throws Exception {
        Path classes = Path.of(PodMatrix.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> pub = new TreeSet<>();
        for (String pkg : List.of("dev.pods.junit", "dev.pods.junit.internal")) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg.replace('.', '/')))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".class") && !n.equals("package-info.class")) {
                        Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - 6), false,
                                getClass().getClassLoader());
                        if (Modifier.isPublic(c.getModifiers())) {
                            pub.add(c.getName());
                        }
                    }
                }
            }
        }
        assertEquals(Set.of("dev.pods.junit.PodMatrix", "dev.pods.junit.PodMatrix$Select", "dev.pods.junit.PodMatrices",
                "dev.pods.junit.PodTest", "dev.pods.junit.PodMatrixException", "dev.pods.junit.PodAssertionError",
                "dev.pods.junit.PodTestException", "dev.pods.junit.internal.InPodRunner",
                "dev.pods.junit.internal.InPodRunner$Warmup"), pub);
    }
}
