package dev.pods.runtime.loader;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pods.PodException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class loader of one pod: child-first over the pod's own classpath, with a fixed
 * parent-first set and no fallback to the host.
 *
 * <h2>What comes from where</h2>
 * <ul>
 *   <li>Parent-first: the packages of the JDK's own modules (asked of the boot layer: {@code java.*}
 *       and the {@code javax.*}, {@code jdk.*}, {@code sun.*} packages the JDK provides), each
 *       from the loader that defines it; and the classes {@code isShared} accepts ({@code dev.pods}
 *       and the env's shared packages), from the host loader.</li>
 *   <li>Everything else only from the pod's classpath: a class the pod lacks is a
 *       {@link ClassNotFoundException}. Resources follow the same rule by package (a folder such as
 *       {@code com/acme} counts as package {@code com.acme} too), so {@code META-INF/services}
 *       (and {@link java.util.ServiceLoader}) see the pod's files only.</li>
 * </ul>
 *
 * <h2>Like the JDK's own loader</h2>
 * Within those rules the pod's classpath answers as a {@link URLClassLoader} over the same files
 * would, so that libraries which scan or inspect the classpath work in a pod as in a JVM:
 * <ul>
 *   <li>It is a {@code URLClassLoader} and {@link #getURLs()} is the pod's classpath
 *       ({@code file:/a/b.jar}, {@code file:/a/classes/}): classpath scanners that look for one
 *       (Clojure's java.classpath, ClassGraph, Spring) find the pod's entries. Only the URLs come
 *       from {@code URLClassLoader}: none of its lookups is used, and {@link #addURL} is refused
 *       (a pod's classpath is fixed when it is made).</li>
 *   <li>Folders are resources: {@code getResources("com/acme")} gives one URL per class
 *       directory that has the folder and per jar that has its entry ({@code com/acme/}); a jar
 *       written without folder entries answers for its files only, exactly as the JDK does.
 *       {@code getResource("")} is the first class directory.</li>
 *   <li>URLs are the JDK's text: {@code jar:file:/a/b.jar!/com/acme/x.txt} and
 *       {@code file:/a/classes/com/acme/x.txt}, names escaped as the JDK escapes them, the real
 *       entry name for a multi-release jar's versioned entry. A jar URL opens as a
 *       {@link java.net.JarURLConnection}; a folder's {@code file:} URL lists its files.</li>
 *   <li>Packages carry the jar manifest's attributes (specification and implementation title,
 *       version, vendor; the entry's section first, then the main section) and its sealing,
 *       checked as the JDK checks it. Classes from a class directory get none.</li>
 *   <li>Classes are defined with the {@code CodeSource} of their entry (its {@code getURLs()} URL
 *       and the jar entry's signers), one {@code ProtectionDomain} per entry and signers (unlike the
 *       JDK's, a domain does not name its loader: see {@code domain}).</li>
 *   <li>Jars are opened with the running JVM's version (multi-release jars are honoured) and
 *       their manifest {@code Class-Path} is followed.</li>
 * </ul>
 *
 * <h2>Made, used, closed</h2>
 * Every jar is opened when the loader is made (its central directory and manifest read), so a
 * classpath entry that does not exist, or a damaged jar, is a {@link PodException} naming the file
 * at create, not a missing class later. The open jars serve every lookup and every URL the loader
 * hands out, instead of the JVM-wide jar cache; {@link #close()} closes them (and the file streams
 * {@link #getResourceAsStream} opened), so the files are really released. Afterwards nothing new
 * loads and no resource is found; classes already loaded keep working until the loader is
 * collected. A URL handed out earlier then fails to open, as does a stream still being read.
 *
 * <p>Parallel-capable: class loading locks per class name ({@link #getClassLoadingLock}), never
 * on the loader; packages are defined race-free (a lost race re-reads the winner's package).
 *
 * <h2>What an in-process pod still shares with the host</h2>
 * The loader isolates classes and resources, not the JVM. {@link ClassLoader#getSystemClassLoader()}
 * is the host's application loader, and the {@code java.class.path} system property is the host's
 * classpath: pod code that asks either for classes or resources reaches the host's, and a library
 * that discovers the classpath from {@code java.class.path} (instead of from its loader's
 * {@code getURLs()}, which is the pod's) scans the host's. System properties, {@code System.out},
 * the default locale and time zone and other JVM-wide state are shared too.
 */
@API(status = INTERNAL, since = "1.0")
public final class PodClassLoader extends URLClassLoader {
    static {
        if (!registerAsParallelCapable()) {
            throw new IllegalStateException("PodClassLoader must be parallel-capable");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PodClassLoader.class);

    /** The internal helper that deregisters JDBC drivers from inside the pod (see {@link #deregisterJdbcDrivers}). */
    static final String DRIVER_CLEANER = "dev.pods.runtime.loader.DriverCleaner";

    private final String podName;
    private final List<Path> classpath;
    private final URL[] urls;
    private final ClassLoader host;
    private final Predicate<String> shared;
    /** The classpath as searched: each file once, manifest Class-Path targets after their jar. */
    private final ClasspathEntry[] entries;
    /** Streams of class-directory files handed out by getResourceAsStream, closed with the loader as the JDK does. */
    private final WeakHashMap<Closeable, Void> openStreams = new WeakHashMap<>();
    private volatile boolean closed;
    private volatile boolean touchedJdbc;
    /** JDK areas whose JVM-wide registries pod code may have filled (see {@link JdkArea}); bits of ordinals. */
    private volatile int touchedAreas;
    private final Map<CodeSource, ProtectionDomain> domains = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every class this loader defined, for close to look through their static fields. */
    private final java.util.Queue<Class<?>> defined = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Makes the loader and opens every jar of {@code classpath}.
     *
     * @param podName   the pod's name (in messages and as the loader's name)
     * @param classpath jars and class directories, searched in order
     * @param host      where shared classes come from (the loader that sees {@code dev.pods})
     * @param shared    which binary class names are loaded from {@code host}
     * @throws PodException when an entry does not exist or a jar cannot be opened (the message names
     *                      the file and what to do)
     */
    public PodClassLoader(String podName, List<Path> classpath, ClassLoader host, Predicate<String> shared) {
        // No URLs for URLClassLoader itself: its lookups must find nothing (getURLs is overridden).
        super("pod:" + Objects.requireNonNull(podName, "podName"), new URL[0], ClassLoader.getPlatformClassLoader());
        this.podName = podName;
        this.classpath = List.copyOf(classpath);
        this.host = Objects.requireNonNull(host, "host");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.entries = ClasspathEntry.openAll(podName, this.classpath).toArray(new ClasspathEntry[0]);
        Map<Path, URL> located = new HashMap<>();
        for (ClasspathEntry e : entries) {
            located.put(e.path, e.location); // each entry's URL is made once (Path.toUri costs a file check)
        }
        this.urls = this.classpath.stream()
                .map(p -> located.computeIfAbsent(p.toAbsolutePath().normalize(), ClasspathEntry::urlOf)).toArray(URL[]::new);
    }

    /** Whether {@code pkg} is a package of the JDK's own modules (always loaded parent-first). */
    public static boolean isJdkPackage(String pkg) {
        return JdkPackages.loaderOf(pkg) != null;
    }

    /** The pod's name. */
    public String podName() {
        return podName;
    }

    /** The classpath this loader searches, in order, as it was given. */
    public List<Path> classpath() {
        return classpath;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The pod's classpath as URLs, one per entry as given ({@code file:/a/b.jar},
     * {@code file:/a/classes/}); a new array each call. Still answers after {@link #close()}.
     */
    @Override
    public URL[] getURLs() {
        return urls.clone();
    }

    /** Refused: a pod's classpath is fixed when it is made. */
    @Override
    protected void addURL(URL url) {
        throw new UnsupportedOperationException("the classpath of pod '" + podName + "' is fixed when the pod is"
                + " made: add " + url + " with PodEnv.withClasspath and make a new pod");
    }

    // ---- classes --------------------------------------------------------------------------

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

    /** The loader a class is delegated to, or null when the pod's classpath answers. */
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
        if (!isBinaryName(name)) {
            // A name defineClass would refuse with a raw NoClassDefFoundError ("IllegalName").
            throw new ClassNotFoundException("'" + name + "' is not a class name (pod '" + podName + "')");
        }
        String path = name.replace('.', '/').concat(".class");
        for (ClasspathEntry e : entries) {
            ClasspathEntry.ClassFile cf;
            try {
                cf = e.classFile(path);
            } catch (IOException ex) {
                throw new ClassNotFoundException("could not read " + path + " from " + e.path + " (pod '" + podName
                        + "'): " + ex.getMessage(), ex);
            }
            if (cf != null) {
                definePackageOf(name, e, cf.manifest());
                byte[] b = cf.bytes();
                Class<?> c = defineClass(name, b, 0, b.length, domain(new CodeSource(e.location, cf.signers())));
                defined.add(c);
                return c;
            }
        }
        throw new ClassNotFoundException(name + " is not on the classpath of pod '" + podName + "'");
    }

    /**
     * One protection domain per code source, as the JDK's, but without the loader in it: every
     * thread made while pod code is on the stack keeps the domains of that stack in its inherited
     * access control context, so a host thread started lazily from a pod call would otherwise pin
     * the pod's loader for as long as it lives.
     */
    private ProtectionDomain domain(CodeSource cs) {
        return domains.computeIfAbsent(cs, k -> new ProtectionDomain(k, null));
    }

    /** Whether {@code name} can name a class: dot-separated, no empty part, none of the characters the JVM refuses. */
    private static boolean isBinaryName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '[' || c == ';') {
                return false;
            }
        }
        return true;
    }

    /**
     * Defines the package of {@code className} on first use, with the attributes of the manifest of
     * the jar it comes from, and enforces sealing: both as {@code URLClassLoader} does.
     */
    private void definePackageOf(String className, ClasspathEntry from, Manifest man) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        URL url = from.location;
        if (verifiedPackage(pkg, man, url) == null) {
            try {
                if (man != null) {
                    definePackage(pkg, man, url);
                } else {
                    definePackage(pkg, null, null, null, null, null, null, null);
                }
            } catch (IllegalArgumentException raced) {
                // Another thread defined it between our look and our define: use (and check) theirs.
                if (verifiedPackage(pkg, man, url) == null) {
                    throw new IllegalStateException("package " + pkg + " of pod '" + podName + "' was neither defined"
                            + " nor definable", raced);
                }
            }
        }
    }

    /** The package {@code pkg} if already defined, after checking that a class from {@code url} may join it. */
    private Package verifiedPackage(String pkg, Manifest man, URL url) {
        Package p = getDefinedPackage(pkg);
        if (p != null) {
            if (p.isSealed()) {
                if (!p.isSealed(url)) {
                    throw new SecurityException("sealing violation: package " + pkg + " is sealed");
                }
            } else if (man != null && isSealed(pkg, man)) {
                throw new SecurityException("sealing violation: can't seal package " + pkg + ": already loaded");
            }
        }
        return p;
    }

    private static boolean isSealed(String pkg, Manifest man) {
        Attributes section = man.getAttributes(pkg.replace('.', '/').concat("/"));
        String sealed = section == null ? null : section.getValue(Attributes.Name.SEALED);
        if (sealed == null) {
            sealed = man.getMainAttributes().getValue(Attributes.Name.SEALED);
        }
        return "true".equalsIgnoreCase(sealed);
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

    /**
     * The loader a resource is delegated to, or null when the pod's classpath answers: by the
     * package the resource lies in ({@code com/acme/x.txt}, {@code com/acme/}: {@code com.acme}).
     * A name that can be a package's folder ({@code com/acme}: every segment a Java identifier,
     * as file names with an extension are not) counts as that package, so that a package scan
     * reads a shared package's folder where its classes come from, and a pod package's folder
     * from the pod even when its parent package is shared.
     */
    private ClassLoader resourceParent(String name) {
        String folder = ResourceNames.packageNamed(name);
        return delegateFor(folder != null ? folder : ResourceNames.packageOf(name));
    }

    private ClassLoader delegateFor(String pkg) {
        if (pkg == null) {
            return null;
        }
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

    /**
     * Opens the resource {@link #getResource} finds, or null when there is none or it cannot be
     * opened (as the JDK answers). A class directory's file streams are closed when the loader
     * closes, as are jar entry streams (their jar closes).
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        Objects.requireNonNull(name, "name");
        ClassLoader p = resourceParent(name);
        if (p != null) {
            return p.getResourceAsStream(name);
        }
        URL url = findResource(name);
        if (url == null) {
            return null;
        }
        try {
            InputStream in = url.openStream();
            if ("file".equals(url.getProtocol())) {
                synchronized (openStreams) {
                    if (closed) {
                        in.close();
                        return null;
                    }
                    openStreams.put(in, null);
                }
            }
            return in;
        } catch (IOException e) {
            LOG.debug("pod '{}': resource {} was found but could not be opened", podName, url, e);
            return null;
        }
    }

    /** The first entry's URL for {@code name} (a file or folder), or null; null for everything once closed. */
    @Override
    public URL findResource(String name) {
        if (closed) {
            return null;
        }
        for (ClasspathEntry e : entries) {
            URL u = e.resource(name);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    /** Every entry's URL for {@code name} (a file or folder), in classpath order; empty once closed. */
    @Override
    public Enumeration<URL> findResources(String name) {
        if (closed) {
            return Collections.emptyEnumeration();
        }
        List<URL> found = new ArrayList<>();
        for (ClasspathEntry e : entries) {
            URL u = e.resource(name);
            if (u != null) {
                found.add(u);
            }
        }
        return Collections.enumeration(found);
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
            Supplier<List<String>> cleaner = (Supplier<List<String>>) ctor.newInstance();
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
    @API(status = INTERNAL, since = "1.0")
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

    /**
     * Closes the jar files and the class-directory streams {@link #getResourceAsStream} handed
     * out; nothing new loads afterwards. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (ClasspathEntry e : entries) {
            e.close();
        }
        List<Closeable> streams;
        synchronized (openStreams) {
            streams = new ArrayList<>(openStreams.keySet());
            openStreams.clear();
        }
        for (Closeable c : streams) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("pod '{}': closing a resource stream failed", podName, e);
            }
        }
        try {
            super.close(); // URLClassLoader's own (empty) search path and bookkeeping
        } catch (IOException e) {
            LOG.debug("pod '{}': URLClassLoader.close failed", podName, e);
        }
    }

    @Override
    public String toString() {
        return "PodClassLoader[" + podName + (closed ? ", closed" : "") + ", " + classpath.size() + " entries]";
    }
}
