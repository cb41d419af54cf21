package dev.pods.runtime.loader;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The packages the JDK's own modules provide, each with the loader that defines it, read once
 * from the boot layer (never a hard-coded prefix list). A JVM-wide constant: it cannot change
 * while the JVM runs.
 */
final class JdkPackages {
    /** Stands for the boot loader, which {@link Class#getClassLoader()} reports as null. */
    private static final ClassLoader BOOT = ClassLoader.getPlatformClassLoader();
    private static final Map<String, ClassLoader> PACKAGES = scan();

    private JdkPackages() {
    }

    private static Map<String, ClassLoader> scan() {
        Set<String> system = ModuleFinder.ofSystem().findAll().stream()
                .map(ModuleReference::descriptor).map(d -> d.name()).collect(Collectors.toSet());
        Map<String, ClassLoader> map = new HashMap<>();
        for (Module m : ModuleLayer.boot().modules()) {
            if (!system.contains(m.getName())) {
                continue; // an application module on the module path: not the JDK's
            }
            ClassLoader l = m.getClassLoader() == null ? BOOT : m.getClassLoader();
            for (String p : m.getPackages()) {
                map.put(p, l);
            }
        }
        return Map.copyOf(map);
    }

    /** The loader of the JDK package {@code pkg}, or null when no JDK module in the boot layer has it. */
    static ClassLoader loaderOf(String pkg) {
        ClassLoader l = PACKAGES.get(pkg);
        if (l == null && pkg.startsWith("java.")) {
            return BOOT; // java.* can only ever be the JDK's (defining it elsewhere is prohibited)
        }
        return l;
    }
}
