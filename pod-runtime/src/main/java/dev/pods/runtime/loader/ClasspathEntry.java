package dev.pods.runtime.loader;

import dev.pods.PodException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place a pod's classes and resources come from: a class directory or a jar. Each answers
 * lookups the way the JDK's {@code URLClassLoader} answers them for the same file (the same URLs,
 * the same folder entries, the same code source), but from files this entry opened itself.
 *
 * <p>Thread-safe. {@link #close()} releases the entry's files; lookups afterwards find nothing.
 */
abstract class ClasspathEntry {
    private static final Logger LOG = LoggerFactory.getLogger(ClasspathEntry.class);

    /** The entry's file, absolute and normalized. */
    final Path path;
    /** Its URL as {@link java.net.URLClassLoader#getURLs()} and a class's {@code CodeSource} give it. */
    final URL location;

    ClasspathEntry(Path path, URL location) {
        this.path = path;
        this.location = location;
    }

    /** The URL of resource {@code name} in this entry (a folder counts when the entry has it), or null. */
    abstract URL resource(String name);

    /** The class file at {@code entryName} ({@code com/acme/A.class}), or null when the entry has none. */
    abstract ClassFile classFile(String entryName) throws IOException;

    /** Releases the entry's files. Idempotent. */
    abstract void close();

    /**
     * A class file's bytes with what the JDK defines the class with: the jar's manifest (null for a
     * directory) and the signers of the entry (null when unsigned).
     */
    record ClassFile(byte[] bytes, Manifest manifest, CodeSigner[] signers) {
    }

    /** The URL of a file or directory as the JDK writes a classpath entry's: {@code file:/a/b.jar}, {@code file:/a/classes/}. */
    static URL urlOf(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The URL of a jar, a file known not to be a folder: exactly {@link #urlOf}'s, made without the
     * file check {@link Path#toUri()} makes to learn whether to end it with {@code /} (a stat, a
     * good part of opening a small jar). The JDK's text is {@code "file://"} followed by the path,
     * with every byte outside a URI path's characters escaped; a path of only letters, digits and
     * {@code /-_.~} needs no escaping, so its URL is made from that same text. Any other path, and
     * a path of another file system, takes {@link #urlOf}.
     */
    static URL jarUrlOf(Path p) {
        String s = p.toString();
        if (p.getFileSystem() != FileSystems.getDefault() || File.separatorChar != '/' || !isPlainAbsolute(s)) {
            return urlOf(p);
        }
        try {
            return new URL("file://" + s);
        } catch (MalformedURLException e) {
            return urlOf(p);
        }
    }

    private static boolean isPlainAbsolute(String s) {
        if (s.isEmpty() || s.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens every entry of {@code classpath}, in order, followed (as the JDK does) by the jars and
     * folders each jar's manifest lists in {@code Class-Path}, right after that jar. Each file is
     * opened once however often it is listed. A classpath entry that does not exist, or a jar that
     * cannot be opened, is a {@link PodException} naming the file and what to do; a missing
     * {@code Class-Path} target is skipped, as the JDK skips it.
     */
    static List<ClasspathEntry> openAll(String podName, List<Path> classpath) {
        List<ClasspathEntry> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        try {
            for (Path p : classpath) {
                add(podName, p.toAbsolutePath().normalize(), null, false, out, seen);
            }
        } catch (RuntimeException | Error e) {
            out.forEach(ClasspathEntry::close);
            throw e;
        }
        return out;
    }

    private static void add(String podName, Path p, ClasspathJar referrer, boolean folder,
                            List<ClasspathEntry> out, Set<Path> seen) {
        if (seen.contains(p)) {
            return;
        }
        // One file check per entry (a stat costs tens of microseconds on a quiet virtual machine).
        BasicFileAttributes attrs = attributes(p);
        boolean isDirectory = attrs != null && attrs.isDirectory();
        if (referrer != null && (attrs == null || folder != isDirectory)) {
            // The JDK reads a Class-Path entry ending in '/' as a folder and any other as a jar,
            // and skips one that is not there or not of that kind.
            LOG.debug("pod '{}': {} lists {} in its manifest Class-Path; it is not there as a {}: skipped",
                    podName, referrer.path, p, folder ? "folder" : "jar");
            return;
        }
        if (isDirectory) {
            seen.add(p);
            out.add(new ClassDirectory(podName, p));
            return;
        }
        if (attrs == null) {
            throw new PodException("classpath entry " + p + " of pod '" + podName + "' does not exist: fix the path"
                    + " given to PodEnv.withClasspath (or build what should be there before creating the pod)");
        }
        ClasspathJar jar = ClasspathJar.open(podName, p, referrer);
        seen.add(p);
        out.add(jar);
        for (ClasspathJar.Reference ref : jar.manifestClassPath()) {
            add(podName, ref.path(), jar, ref.folder(), out, seen);
        }
    }

    /** The attributes of {@code p} (following links, as {@link Files#exists} does), or null when it does not exist. */
    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }
}
