package dev.pods.runtime.loader;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The {@code jar:} URL handler of one pod jar ({@link ClasspathJar}): its URLs read through the
 * jar the pod's loader opened, not through the JVM-wide jar cache the JDK's own handler uses
 * (which would keep the file open after the pod closed). It holds the jar entry, never the
 * loader, so a URL the host keeps does not keep the pod's classes alive.
 *
 * <p>Otherwise it behaves as the JDK's handler: a connection is a {@link JarURLConnection}
 * (jar-aware code casts to it), relative URLs resolve inside the jar ({@code /x} from its root),
 * and equality and hash codes are the JDK's, so a pod URL equals the JDK's URL for the same
 * entry. A URL resolved against a pod URL that names another jar is opened by the JDK.
 */
final class PodJarHandler extends URLStreamHandler {
    private static final String BANG_SLASH = "!/";
    private final ClasspathJar owner;

    PodJarHandler(ClasspathJar owner) {
        this.owner = owner;
    }

    @Override
    protected URLConnection openConnection(URL u) throws IOException {
        String file = u.getFile();
        if (!file.startsWith(owner.urlPrefix())) {
            // Another jar, reached through new URL(podUrl, "jar:file:/other.jar!/x").
            return new URL(u.toExternalForm()).openConnection();
        }
        return new Connection(u, owner);
    }

    // ---- parsing, equality: the JDK's rules for jar URLs -------------------------------------------

    @Override
    protected void parseURL(URL u, String spec, int start, int limit) {
        String ref = null;
        int refPos = spec.indexOf('#', limit);
        boolean refOnly = refPos == start;
        if (refPos >= 0) {
            ref = spec.substring(refPos + 1);
        }
        String file;
        String part = spec.substring(start, limit);
        if (refOnly) {
            file = u.getFile();
        } else if (spec.regionMatches(true, 0, "jar:", 0, 4)) {
            if (part.indexOf(BANG_SLASH) < 0) {
                throw new IllegalArgumentException("no !/ in jar URL " + spec);
            }
            file = part;
        } else {
            String context = u.getFile();
            int bang = context.indexOf(BANG_SLASH);
            if (bang < 0) {
                throw new IllegalArgumentException("no !/ in jar URL " + u);
            }
            if (part.startsWith("/")) {
                file = context.substring(0, bang + 1) + part;
            } else {
                file = context.substring(0, context.lastIndexOf('/') + 1) + part;
            }
            file = file.substring(0, bang + 2) + canonicalize(file.substring(bang + 2));
        }
        int q = file.lastIndexOf('?');
        String path = q < 0 ? file : file.substring(0, q);
        String query = q < 0 ? null : file.substring(q + 1);
        setURL(u, "jar", "", -1, null, null, path, query, ref);
    }

    /** Removes {@code ./} and {@code x/../} segments of an entry name, as the JDK's jar handler does. */
    static String canonicalize(String entry) {
        if (!entry.contains("./") && !entry.endsWith(".")) {
            return entry;
        }
        List<String> out = new ArrayList<>();
        String[] segments = entry.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(s);
            }
        }
        return String.join("/", out);
    }

    @Override
    protected boolean sameFile(URL u1, URL u2) {
        if (!u1.getProtocol().equals("jar") || !u2.getProtocol().equals("jar")) {
            return false;
        }
        String f1 = u1.getFile();
        String f2 = u2.getFile();
        int s1 = f1.indexOf(BANG_SLASH);
        int s2 = f2.indexOf(BANG_SLASH);
        if (s1 < 0 || s2 < 0) {
            return super.sameFile(u1, u2);
        }
        if (!f1.substring(s1 + 2).equals(f2.substring(s2 + 2))) {
            return false;
        }
        try {
            return new URL(f1.substring(0, s1)).sameFile(new URL(f2.substring(0, s2)));
        } catch (MalformedURLException e) {
            return super.sameFile(u1, u2);
        }
    }

    @Override
    protected int hashCode(URL u) {
        int h = u.getProtocol().hashCode();
        String file = u.getFile();
        int sep = file.indexOf(BANG_SLASH);
        if (sep < 0) {
            return h + file.hashCode();
        }
        String jarPart = file.substring(0, sep);
        try {
            h += new URL(jarPart).hashCode();
        } catch (MalformedURLException e) {
            h += jarPart.hashCode();
        }
        return h + file.substring(sep + 2).hashCode();
    }

    // ---- the connection ------------------------------------------------------------------------------

    /**
     * A connection to one entry (or the root) of a pod jar. As the JDK's: the entry must exist
     * ({@link FileNotFoundException} otherwise); a folder's stream is empty; with
     * {@code setUseCaches(false)} the caller gets a jar file of its own from {@link #getJarFile()}
     * and closes it; the last-modified time is the jar file's.
     */
    private static final class Connection extends JarURLConnection {
        private final ClasspathJar owner;
        private JarFile jarFile;
        private JarEntry entry;

        Connection(URL url, ClasspathJar owner) throws MalformedURLException {
            super(url);
            this.owner = owner;
        }

        @Override
        public void connect() throws IOException {
            if (connected) {
                return;
            }
            JarFile j = getUseCaches() ? owner.jarFile() : owner.privateCopy();
            String name = getEntryName();
            if (name != null) {
                JarEntry e = j.getJarEntry(name);
                if (e == null) {
                    if (!getUseCaches()) {
                        j.close();
                    }
                    throw new FileNotFoundException("JAR entry " + name + " not found in " + owner.path);
                }
                entry = e;
            }
            jarFile = j;
            connected = true;
        }

        @Override
        public JarFile getJarFile() throws IOException {
            connect();
            return jarFile;
        }

        @Override
        public JarEntry getJarEntry() throws IOException {
            connect();
            return entry;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            connect();
            if (entry == null) {
                throw new IOException("no entry name specified in " + url);
            }
            try {
                return jarFile.getInputStream(entry);
            } catch (IllegalStateException closed) {
                throw new IOException("pod jar " + owner.path + " was closed", closed);
            }
        }

        @Override
        public long getContentLengthLong() {
            try {
                connect();
            } catch (IOException e) {
                return -1;
            }
            return entry == null ? -1 : entry.getSize();
        }

        @Override
        public int getContentLength() {
            long n = getContentLengthLong();
            return n > Integer.MAX_VALUE ? -1 : (int) n;
        }

        @Override
        public String getContentType() {
            String name = getEntryName();
            if (name == null) {
                return "x-java/jar";
            }
            String type = guessContentTypeFromName(name);
            return type == null ? "content/unknown" : type;
        }

        @Override
        public long getLastModified() {
            try {
                // The JDK reports the jar file's time, through an HTTP-style header: whole seconds.
                return Files.getLastModifiedTime(owner.path).toMillis() / 1000 * 1000;
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public String getHeaderField(String name) {
            if ("content-length".equalsIgnoreCase(name)) {
                long n = getContentLengthLong();
                return n < 0 ? null : Long.toString(n);
            }
            if ("content-type".equalsIgnoreCase(name)) {
                return getContentType();
            }
            return null;
        }
    }
}
