package dev.pods.runtime.loader;

import java.lang.module.ResolvedModule;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
        // The JDK's modules are those the boot configuration found in the run-time image (jrt:).
        // (Asking ModuleFinder.ofSystem() instead builds the descriptor of every module of the
        // image: some 30 ms of a fresh JVM, which a process pod's child pays on its first call.)
        Set<String> system = new HashSet<>();
        for (ResolvedModule rm : ModuleLayer.boot().configuration().modules()) {
            if (rm.reference().location().map(u -> "jrt".equals(u.getScheme())).orElse(false)) {
                system.add(rm.name());
            }
        }
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
