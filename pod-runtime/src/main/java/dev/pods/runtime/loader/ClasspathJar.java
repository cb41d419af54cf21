package dev.pods.runtime.loader;

import dev.pods.PodException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A jar on a pod's classpath, opened when the pod is made and kept open until the pod's loader
 * closes: its central directory (and the start of its manifest) is read at open, so a damaged
 * jar is reported at create rather than as a missing class later.
 *
 * <p>Lookups follow the JDK's {@code URLClassLoader} for a jar: a folder is found when the jar
 * has its entry ({@code com/acme/}); a multi-release jar answers with the entry for the running
 * JVM and names it by its real name in URLs. URLs read through this entry's own open
 * {@link JarFile} ({@link PodJarHandler}), never through the JVM-wide jar cache, so closing the
 * loader really releases the file.
 */
final class ClasspathJar extends ClasspathEntry {
    private final String podName;
    private final OwnedJarFile jar;
    /** The manifest's Class-Path, or null. */
    private final String classPath;
    /**
     * The manifest parsed when the jar was opened (a short one), or null: then the jar file's,
     * parsed when a class needs it.
     */
    private final Manifest manifest;
    /** {@code file:/a/b.jar!/}: the text every resource URL of this jar starts with, after {@code jar:}. */
    private final String urlPrefix;
    private final PodJarHandler handler;
    private volatile boolean closed;
    /**
     * The longest manifest (in bytes) read through the jar itself when it is opened. A plain
     * library's is well under 2 KB; a signed jar's, with a digest line pair per entry, runs to
     * hundreds of KB.
     */
    static final long SHORT_MANIFEST = 16 * 1024;

    private ClasspathJar(String podName, Path path, OwnedJarFile jar, String classPath, Manifest manifest) {
        super(path, jarUrlOf(path));
        this.podName = podName;
        this.jar = jar;
        this.classPath = classPath;
        this.manifest = manifest;
        this.urlPrefix = location.toExternalForm() + "!/";
        this.handler = new PodJarHandler(this);
    }

    /**
     * Opens {@code path} (an existing file) as a jar for pod {@code podName}, or fails with a
     * {@link PodException} that names the file and what to do. {@code referrer} is the jar whose
     * manifest listed this one, or null.
     *
     * <p>Cost: the central directory is read (once per file while any pod has it open: the JDK
     * shares it between open jar files) and the manifest, for its Class-Path. A short one (up to
     * {@link #SHORT_MANIFEST} bytes, as a plain library's is) is parsed here, once, and serves the
     * classes defined later. A long one (a signed jar's) is read only up to its main section and
     * parsed whole only when a class of the jar is defined, as the JDK does: reading an entry
     * through a verifying jar file checks its signatures.
     */
    static ClasspathJar open(String podName, Path path, ClasspathJar referrer) {
        OwnedJarFile jar = null;
        try {
            jar = new OwnedJarFile(path.toFile());
            ZipEntry entry = jar.getEntry(JarFile.MANIFEST_NAME);
            long size = entry == null ? -1 : entry.getSize(); // from the central directory: nothing is read for it
            if (size >= 0 && size <= SHORT_MANIFEST) {
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readNBytes((int) SHORT_MANIFEST + 1);
                }
                Manifest m = bytes.length <= SHORT_MANIFEST ? parsed(bytes) : null;
                if (m != null) {
                    return new ClasspathJar(podName, path, jar, m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH), m);
                }
            }
            return new ClasspathJar(podName, path, jar, manifestClassPathValue(jar, path), null);
        } catch (IOException | RuntimeException e) {
            if (jar != null) {
                jar.release();
            }
            String what = "classpath entry " + path + " of pod '" + podName + "'"
                    + (referrer == null ? "" : " (listed in the manifest Class-Path of " + referrer.path + ")");
            if (!Files.isReadable(path)) {
                throw new PodException(what + " cannot be read: give the user running this JVM read access to it", e);
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PodException(what + " is not a readable jar (" + why + "): if it is a downloaded"
                    + " dependency, delete it so that it is downloaded again; if it is your own build's output,"
                    + " rebuild it", e);
        }
    }

    /**
     * The {@code Class-Path} of the jar's manifest, or null when it has none. Read raw and only as
     * far as the main section goes; the main section is parsed only when it mentions Class-Path.
     * A manifest up to {@link #SHORT_MANIFEST} bytes is read through the open jar itself: for an
     * unsigned jar that is a plain read that also settles, once, that nothing is to be verified
     * (the first class read skips that check); for a signed one it parses the (short) manifest and
     * checks the signature files, which the first class read of the jar would do. A longer
     * manifest (a signed jar's lists a digest per entry) is read through a plain {@link ZipFile}
     * (it shares the open jar's central directory), so that neither its rest nor a signature check
     * is paid for here. A second {@link ZipFile} for every jar cost about as much as opening the
     * jar, which is why it is kept for long manifests only.
     */
    private static String manifestClassPathValue(JarFile jar, Path path) throws IOException {
        ZipEntry entry = jar.getEntry(JarFile.MANIFEST_NAME);
        if (entry == null) {
            return null;
        }
        long size = entry.getSize(); // from the central directory: nothing is read for it
        byte[] main;
        if (size >= 0 && size <= SHORT_MANIFEST) {
            try (InputStream in = jar.getInputStream(entry)) {
                main = mainSection(in);
            }
        } else {
            try (ZipFile zip = new ZipFile(path.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry.getName()))) {
                main = mainSection(in);
            }
        }
        if (!containsIgnoreCase(main, "class-path")) {
            return null;
        }
        return new Manifest(new ByteArrayInputStream(main)).getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    }

    /**
     * A short manifest, parsed whole once per pod: it gives the Class-Path now and the package
     * attributes of every class defined from the jar later ({@link #classFile}), where the jar
     * file would read and parse it again. Null when it does not parse: the JDK reports that only
     * when a class of the jar is defined, so the jar file's own parse will, as before.
     */
    private static Manifest parsed(byte[] bytes) {
        try {
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The bytes of a manifest up to and including the empty line that ends its main section. */
    private static byte[] mainSection(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        int n;
        int lineLength = -1; // bytes on the current line so far, -1 before the first byte
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    if (lineLength == 0) {
                        out.write(buf, 0, i + 1);
                        return out.toByteArray();
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength = lineLength < 0 ? 1 : lineLength + 1;
                }
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean containsIgnoreCase(byte[] text, String ascii) {
        outer:
        for (int i = 0; i <= text.length - ascii.length(); i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (Character.toLowerCase((char) (text[i + j] & 0xFF)) != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A manifest {@code Class-Path} target, resolved against this jar's location. */
    record Reference(Path path, boolean folder) {
    }

    /**
     * The files this jar's manifest lists in {@code Class-Path}, in order, resolved as the JDK
     * resolves them: URLs relative to the jar's own; one ending in {@code /} is a folder; targets
     * that are not {@code file:} URLs are ignored.
     */
    List<Reference> manifestClassPath() {
        if (classPath == null) {
            return List.of();
        }
        List<Reference> refs = new ArrayList<>();
        for (StringTokenizer st = new StringTokenizer(classPath); st.hasMoreTokens(); ) {
            String token = st.nextToken();
            try {
                URL u = new URL(location, token);
                if (u.getProtocol().equals("file")) {
                    refs.add(new Reference(Path.of(u.toURI()).toAbsolutePath().normalize(), u.getPath().endsWith("/")));
                }
            } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
                // The JDK ignores a Class-Path token it cannot read as a URL; so do we.
            }
        }
        return refs;
    }

    @Override
    URL resource(String name) {
        JarEntry e = entry(name);
        if (e == null) {
            return null;
        }
        String real = jar.isMultiRelease() ? e.getRealName() : name;
        try {
            return new URL("jar", "", -1, urlPrefix + ResourceNames.encodePath(real), handler);
        } catch (MalformedURLException ex) {
            return null;
        }
    }

    /** The entry for {@code name} (a folder's when only {@code name + "/"} exists), or null, also once closed. */
    JarEntry entry(String name) {
        if (closed) {
            return null;
        }
        try {
            return jar.getJarEntry(name);
        } catch (IllegalStateException closedMeanwhile) {
            return null;
        }
    }

    @Override
    ClassFile classFile(String entryName) throws IOException {
        JarEntry e = entry(entryName);
        if (e == null || e.isDirectory()) {
            return null;
        }
        byte[] bytes;
        Manifest manifest;
        try (InputStream in = jar.getInputStream(e)) {
            bytes = in.readAllBytes();
            manifest = this.manifest != null ? this.manifest : jar.getManifest(); // parsed once, then kept
        } catch (IllegalStateException closedMeanwhile) {
            throw new IOException("pod '" + podName + "' was closed while reading " + entryName, closedMeanwhile);
        } catch (ZipException damaged) {
            throw new IOException("jar " + path + " is damaged (" + damaged.getMessage() + "): if it is a downloaded"
                    + " dependency, delete it so that it is downloaded again", damaged);
        }
        // Signers are known only once the entry was read to its end.
        return new ClassFile(bytes, manifest, e.getCodeSigners());
    }

    /** The jar file, shared with every URL of this entry; closing it from outside does nothing. */
    JarFile jarFile() throws IOException {
        if (closed) {
            throw new IOException("pod '" + podName + "' is closed: its jar " + path + " is no longer open");
        }
        return jar;
    }

    /** A fresh jar file for a caller that asked not to share ({@code setUseCaches(false)}); the caller closes it. */
    JarFile privateCopy() throws IOException {
        if (closed) {
            throw new IOException("pod '" + podName + "' is closed: its jar " + path + " is no longer open");
        }
        return new JarFile(path.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
    }

    /** {@code file:/a/b.jar!/}. */
    String urlPrefix() {
        return urlPrefix;
    }

    @Override
    void close() {
        closed = true;
        jar.release();
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /**
     * The loader's own handle on a jar: {@link #close()} from code that got it through a
     * {@code JarURLConnection} does nothing (the pod still needs it); only the loader releases it.
     */
    private static final class OwnedJarFile extends JarFile {
        OwnedJarFile(File file) throws IOException {
            super(file, true, ZipFile.OPEN_READ, Runtime.version());
        }

        @Override
        public void close() {
            // Shared with the pod's loader: released by it alone (see release()).
        }

        void release() {
            try {
                super.close();
            } catch (IOException ignored) {
                // nothing more can be released
            }
        }
    }
}
