package dev.pods.runtime.loader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.JarURLConnection;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * The class loader of one pod: child-first over the pod's own classpath, with a fixed
 * parent-first set and no fallback to the host.
 *
 * <ul>
 *   <li>Parent-first: the packages of the JDK's own modules (asked of the boot layer: {@code java.*}
 *       and the {@code javax.*}, {@code jdk.*}, {@code sun.*} packages the JDK provides), each
 *       from the loader that defines it; and the classes {@code isShared} accepts ({@code dev.pods}
 *       and the env's shared packages), from the host loader.</li>
 *   <li>Everything else only from the pod's classpath: a class the pod lacks is a
 *       {@link ClassNotFoundException}. Resources follow the same rule by package, so
 *       {@code META-INF/services} (and {@link java.util.ServiceLoader}) see the pod's files only.</li>
 *   <li>Jars are opened lazily with the running JVM's version, so multi-release jars are honoured.</li>
 * </ul>
 *
 * <p>Parallel-capable: class loading locks per class name ({@link #getClassLoadingLock}), never
 * on the loader. {@link #close()} closes the jar files; afterwards nothing new can be loaded
 * (classes already loaded keep working until the loader is collected). Resource URLs it hands
 * out read through the loader's own open jars (no JVM-wide jar cache), so closing really
 * releases the files.
 */
public final class PodClassLoader extends ClassLoader implements AutoCloseable {
    static {
        if (!registerAsParallelCapable()) {
            throw new IllegalStateException("PodClassLoader must be parallel-capable");
        }
    }

    /** The internal helper that deregisters JDBC drivers from inside the pod (see {@link #deregisterJdbcDrivers}). */
    static final String DRIVER_CLEANER = "dev.pods.runtime.loader.DriverCleaner";

    private final String podName;
    private final List<Path> classpath;
    private final ClassLoader host;
    private final Predicate<String> shared;
    private final Entry[] entries;
    private volatile boolean closed;
    private volatile boolean touchedJdbc;
    /** JDK areas whose JVM-wide registries pod code may have filled (see {@link JdkArea}); bits of ordinals. */
    private volatile int touchedAreas;
    /** Every class this loader defined, for close to look through their static fields. */
    private final java.util.Queue<Class<?>> defined = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param podName   the pod's name (in messages and as the loader's name)
     * @param classpath jars and class directories, searched in order
     * @param host      where shared classes come from (the loader that sees {@code dev.pods})
     * @param shared    which binary class names are loaded from {@code host}
     */
    public PodClassLoader(String podName, List<Path> classpath, ClassLoader host, Predicate<String> shared) {
        super("pod:" + podName, ClassLoader.getPlatformClassLoader());
        this.podName = Objects.requireNonNull(podName, "podName");
        this.classpath = List.copyOf(classpath);
        this.host = Objects.requireNonNull(host, "host");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.entries = new Entry[this.classpath.size()];
        for (int i = 0; i < entries.length; i++) {
            Path p = this.classpath.get(i);
            entries[i] = Files.isDirectory(p) ? new DirEntry(p) : new JarEntryPoint(p);
        }
    }

    /** Whether {@code pkg} is a package of the JDK's own modules (always loaded parent-first). */
    public static boolean isJdkPackage(String pkg) {
        return JdkPackages.loaderOf(pkg) != null;
    }

    /** The pod's name. */
    public String podName() {
        return podName;
    }

    /** The classpath this loader searches, in order. */
    public List<Path> classpath() {
        return classpath;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                ClassLoader parent = parentFor(name);
                if (parent != null) {
                    if (name.startsWith("java.sql.")) {
                        touchedJdbc = true;
                    }
                    JdkArea area = JdkArea.of(name);
                    if (area != null) {
                        touch(area);
                    }
                    c = Class.forName(name, false, parent);
                } else if (name.equals(DRIVER_CLEANER)) {
                    c = defineHelper(name);
                } else {
                    c = findClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** The loader a class or resource package is delegated to, or null when the pod's classpath answers. */
    private ClassLoader parentFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            ClassLoader jdk = JdkPackages.loaderOf(className.substring(0, dot));
            if (jdk != null) {
                return jdk;
            }
        }
        return shared.test(className) ? host : null;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (closed) {
            throw new ClassNotFoundException(name + " (pod '" + podName + "' is closed: its loader loads nothing new)");
        }
        String path = name.replace('.', '/').concat(".class");
        for (Entry e : entries) {
            Resource r = e.find(path);
            if (r != null) {
                byte[] bytes = r.bytes();
                int dot = name.lastIndexOf('.');
                if (dot > 0) {
                    String pkg = name.substring(0, dot);
                    if (getDefinedPackage(pkg) == null) {
                        try {
                            definePackage(pkg, null, null, null, null, null, null, null);
                        } catch (IllegalArgumentException raced) {
                            // another thread defined it first
                        }
                    }
                }
                Class<?> c = defineClass(name, bytes, 0, bytes.length, e.domain());
                defined.add(c);
                return c;
            }
        }
        throw new ClassNotFoundException(name + " is not on the classpath of pod '" + podName + "'");
    }

    private Class<?> defineHelper(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        try (InputStream in = PodClassLoader.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] b = in.readAllBytes();
            return defineClass(name, b, 0, b.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    // ---- resources ----------------------------------------------------------------------

    private ClassLoader resourceParent(String name) {
        int slash = name.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String pkg = name.substring(0, slash).replace('/', '.');
        ClassLoader jdk = JdkPackages.loaderOf(pkg);
        if (jdk != null) {
            return jdk;
        }
        return shared.test(pkg + ".x") ? host : null;
    }

    @Override
    public URL getResource(String name) {
        Objects.requireNonNull(name, "name");
        ClassLoader p = resourceParent(name);
        return p != null ? p.getResource(name) : findResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        ClassLoader p = resourceParent(name);
        return p != null ? p.getResources(name) : findResources(name);
    }

    @Override
    protected URL findResource(String name) {
        if (closed) {
            return null;
        }
        for (Entry e : entries) {
            Resource r = e.find(name);
            if (r != null) {
                return r.url();
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        if (closed) {
            return Collections.emptyEnumeration();
        }
        List<URL> urls = new ArrayList<>();
        for (Entry e : entries) {
            Resource r = e.find(name);
            if (r != null) {
                urls.add(r.url());
            }
        }
        return Collections.enumeration(urls);
    }

    // ---- JDBC -------------------------------------------------------------------------

    /**
     * Deregisters the JDBC drivers this loader's classes registered with {@link java.sql.DriverManager}.
     * DriverManager only lets a caller see and deregister drivers its own loader can see, so
     * a small helper class is defined in this loader to do it from inside. Does nothing when
     * pod code never touched {@code java.sql}. Returns the drivers' class names.
     */
    @SuppressWarnings("unchecked")
    public List<String> deregisterJdbcDrivers() {
        if (!touchedJdbc || JdkPackages.loaderOf("java.sql") == null) {
            return List.of();
        }
        try {
            Class<?> c = loadClass(DRIVER_CLEANER);
            var ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            java.util.function.Supplier<List<String>> cleaner = (java.util.function.Supplier<List<String>>) ctor.newInstance();
            return cleaner.get();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("could not deregister the JDBC drivers of pod '" + podName + "'", e);
        }
    }

    // ---- what close looks at ------------------------------------------------------------

    /**
     * JDK packages whose JVM-wide registries a pod can fill and close may have to empty; a pod
     * that never loaded a class of one (through this loader) cannot have used it, so close skips
     * it (starting JMX just to look would cost the host tens of milliseconds).
     */
    public enum JdkArea {
        LOGGING("java.util.logging."), JMX("javax.management.", "java.lang.management."), BEANS("java.beans."),
        SECURITY("java.security.Provider");

        private final String[] prefixes;

        JdkArea(String... prefixes) {
            this.prefixes = prefixes;
        }

        static JdkArea of(String className) {
            if (!className.startsWith("java")) {
                return null;
            }
            for (JdkArea a : values()) {
                for (String p : a.prefixes) {
                    if (className.startsWith(p)) {
                        return a;
                    }
                }
            }
            return null;
        }
    }

    private synchronized void touch(JdkArea area) {
        touchedAreas |= 1 << area.ordinal();
    }

    /** Whether pod code loaded a class of {@code area} through this loader. */
    public boolean touched(JdkArea area) {
        return (touchedAreas & (1 << area.ordinal())) != 0;
    }

    /** The classes this loader defined so far (a snapshot). */
    public List<Class<?>> definedClasses() {
        return List.copyOf(defined);
    }

    /** Whether this loader defined a class of that name. */
    public boolean defines(String className) {
        Class<?> c = findLoadedClass(className);
        return c != null && c.getClassLoader() == this;
    }

    /** Forgets the defined classes (after close has looked at them). */
    public void forgetDefined() {
        defined.clear();
    }

    // ---- close -------------------------------------------------------------------------

    /** Closes the jar files; nothing new loads afterwards. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Entry e : entries) {
            e.close();
        }
    }

    @Override
    public String toString() {
        return "PodClassLoader[" + podName + (closed ? ", closed" : "") + ", " + classpath.size() + " entries]";
    }

    // ---- classpath entries ---------------------------------------------------------------

    private interface Resource {
        byte[] bytes() throws ClassNotFoundException;

        URL url();
    }

    private abstract static class Entry {
        private volatile ProtectionDomain domain;
        final Path path;

        Entry(Path path) {
            this.path = path;
        }

        abstract Resource find(String name);

        abstract void close();

        ProtectionDomain domain() {
            ProtectionDomain d = domain;
            if (d == null) {
                try {
                    d = new ProtectionDomain(new CodeSource(path.toUri().toURL(), (Certificate[]) null), null);
                } catch (MalformedURLException e) {
                    throw new UncheckedIOException(e);
                }
                domain = d;
            }
            return d;
        }
    }

    private static final class DirEntry extends Entry {
        DirEntry(Path dir) {
            super(dir);
        }

        @Override
        Resource find(String name) {
            if (name.startsWith("/") || name.contains("..")) {
                return null;
            }
            Path f = path.resolve(name);
            if (!Files.isRegularFile(f)) {
                return null;
            }
            return new Resource() {
                @Override
                public byte[] bytes() throws ClassNotFoundException {
                    try {
                        return Files.readAllBytes(f);
                    } catch (IOException e) {
                        throw new ClassNotFoundException("could not read " + f, e);
                    }
                }

                @Override
                public URL url() {
                    try {
                        return f.toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        @Override
        void close() {
        }
    }

    /** A jar, opened on first use with the runtime version (multi-release aware), closed with the loader. */
    private final class JarEntryPoint extends Entry {
        private final Object lock = new Object();
        private JarFile jar;
        private boolean missing;
        private final URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                String spec = u.getFile();
                int sep = spec.indexOf("!/");
                String entryName = spec.substring(sep + 2);
                // A JarURLConnection: Clojure's RT.lastModified (and other jar-aware code) casts to it.
                return new JarURLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public JarFile getJarFile() throws IOException {
                        JarFile j = open();
                        if (j == null) {
                            throw new IOException("pod '" + podName + "' is closed: " + u);
                        }
                        return j;
                    }

                    @Override
                    public InputStream getInputStream() throws IOException {
                        JarFile j = open();
                        if (j == null) {
                            throw new IOException("pod '" + podName + "' is closed: " + u);
                        }
                        JarEntry je = j.getJarEntry(entryName);
                        if (je == null) {
                            throw new IOException("no entry " + entryName + " in " + path);
                        }
                        // Copy so that the stream survives the loader's close.
                        try (InputStream in = j.getInputStream(je)) {
                            return new ByteArrayInputStream(in.readAllBytes());
                        }
                    }
                };
            }
        };

        JarEntryPoint(Path jar) {
            super(jar);
        }

        JarFile open() {
            synchronized (lock) {
                if (jar == null && !missing && !closed) {
                    try {
                        jar = new JarFile(path.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
                    } catch (IOException e) {
                        missing = true; // not a jar or unreadable: treated as an empty entry
                    }
                }
                return jar;
            }
        }

        @Override
        Resource find(String name) {
            JarFile j = open();
            if (j == null) {
                return null;
            }
            JarEntry je;
            try {
                je = j.getJarEntry(name);
            } catch (IllegalStateException closedMeanwhile) {
                return null;
            }
            if (je == null || je.isDirectory()) {
                return null;
            }
            return new Resource() {
                @Override
                public byte[] bytes() throws ClassNotFoundException {
                    try (InputStream in = j.getInputStream(je)) {
                        return in.readAllBytes();
                    } catch (IOException | IllegalStateException e) {
                        throw new ClassNotFoundException("could not read " + name + " from " + path, e);
                    }
                }

                @Override
                public URL url() {
                    try {
                        return new URL("jar", "", -1, path.toUri() + "!/" + name, handler);
                    } catch (MalformedURLException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        @Override
        void close() {
            synchronized (lock) {
                if (jar != null) {
                    try {
                        jar.close();
                    } catch (IOException ignored) {
                        // nothing more to release
                    }
                    jar = null;
                }
                missing = true;
            }
        }
    }
}
