package dev.pods.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The public surface of a module as its compiled classes show it: every type reachable from
 * outside (public, and every enclosing type public too), nested types included, grouped by
 * package. Scanning the class files, not a list, so a new public type is seen the day it is
 * added. A module's surface test compares this with what it means to keep (and what its
 * {@code module-info} exports).
 */
public final class PublicTypes {
    private PublicTypes() {
    }

    /** Package name to binary names of public types, over the classes directory or jar that holds {@code anyClass}. */
    public static SortedMap<String, SortedSet<String>> of(Class<?> anyClass) {
        SortedMap<String, SortedSet<String>> byPackage = new TreeMap<>();
        for (Class<?> c : classes(anyClass)) {
            byPackage.computeIfAbsent(c.getPackageName(), k -> new TreeSet<>()).add(c.getName());
        }
        return byPackage;
    }

    /**
     * What the module's compiled {@code module-info} exports: package name to the modules it is
     * exported to, an empty set for a package exported to everyone. Read from the class files
     * the module's tests run against (on the class path, where the JVM itself ignores the
     * descriptor), so a surface test can hold the descriptor and the public types together.
     */
    public static SortedMap<String, SortedSet<String>> exports(Class<?> anyClass) {
        Path info = root(anyClass).resolve("module-info.class");
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(info)) {
            d = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no compiled module-info beside " + anyClass, e);
        }
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            out.put(e.source(), new TreeSet<>(e.targets()));
        }
        return out;
    }

    /** The packages of {@link #exports} open to every module: what users may use. */
    public static Set<String> exportedToAll(Class<?> anyClass) {
        Set<String> out = new TreeSet<>();
        exports(anyClass).forEach((p, targets) -> {
            if (targets.isEmpty()) {
                out.add(p);
            }
        });
        return out;
    }

    /**
     * What is wrong with the stability markers of the module's public types, one line each
     * (empty when nothing): every public type carries {@code @API(since = "1.0")}, with status
     * INTERNAL exactly when it is in a package not exported to everyone, or named in
     * {@code internalInExported} (a type users never touch that must be public for the JDK, a
     * service for example). A module without a descriptor counts every package as exported.
     */
    public static List<String> stabilityProblems(Class<?> anyClass, Set<String> internalInExported) {
        boolean described = Files.exists(root(anyClass).resolve("module-info.class"));
        Set<String> exported = described ? exportedToAll(anyClass) : Set.of();
        List<String> problems = new ArrayList<>();
        for (Class<?> c : classes(anyClass)) {
            API api = c.getAnnotation(API.class);
            boolean internal = (described && !exported.contains(c.getPackageName()))
                    || internalInExported.contains(c.getName());
            if (api == null) {
                problems.add(c.getName() + " has no @API");
            } else if (!"1.0".equals(api.since())) {
                problems.add(c.getName() + " is @API since " + api.since() + ", not 1.0");
            } else if (internal != (api.status() == API.Status.INTERNAL)) {
                problems.add(c.getName() + " is " + api.status() + (internal ? " but not API" : " but API"));
            }
        }
        return problems;
    }

    /** The public types themselves, in name order (for checks on their annotations). */
    public static List<Class<?>> classes(Class<?> anyClass) {
        Path root = root(anyClass);
        SortedMap<String, Class<?>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(f).toString().replace('\\', '/');
                name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("package-info") || name.equals("module-info")) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, anyClass.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot load " + name + " from " + root, e);
                }
                if (reachable(c)) {
                    found.put(c.getName(), c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(found.values());
    }

    private static Path root(Class<?> anyClass) {
        Path root;
        try {
            root = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(anyClass + " comes from " + root + ", not a classes directory");
        }
        return root;
    }

    private static boolean reachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    /** A readable form of {@link #of} for assertion messages: one package per line. */
    public static String describe(Map<String, ? extends SortedSet<String>> byPackage) {
        StringBuilder sb = new StringBuilder();
        byPackage.forEach((p, ts) -> sb.append(p).append(": ").append(ts).append('\n'));
        return sb.toString();
    }
}
