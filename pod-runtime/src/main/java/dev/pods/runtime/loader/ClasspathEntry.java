package dev.pods.runtime.loader;

import dev.pods.PodException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (referrer != null && (folder != Files.isDirectory(p) || !Files.exists(p))) {
            // The JDK reads a Class-Path entry ending in '/' as a folder and any other as a jar,
            // and skips one that is not there or not of that kind.
            LOG.debug("pod '{}': {} lists {} in its manifest Class-Path; it is not there as a {}: skipped",
                    podName, referrer.path, p, folder ? "folder" : "jar");
            return;
        }
        if (Files.isDirectory(p)) {
            seen.add(p);
            out.add(new ClassDirectory(podName, p));
            return;
        }
        if (!Files.exists(p)) {
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
}
