package dev.pods.runtime.loader;

import dev.pods.PodException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A class directory on a pod's classpath. Lookups follow the JDK's rules for a directory on a
 * {@code URLClassLoader}: a name may name a folder (or be empty, naming the directory itself),
 * may contain {@code ..} as long as it stays inside, and may not start with {@code /}. URLs are
 * plain {@code file:} URLs (a folder's lists its files when opened, as the JDK's does); nothing
 * is held open, so there is nothing to close. No manifest: classes from a directory get no
 * package attributes.
 */
final class ClassDirectory extends ClasspathEntry {
    /** Canonical, as the JDK's checks for {@code ..} compare against it. */
    private final File dir;

    ClassDirectory(String podName, Path path) {
        super(path, urlOf(path));
        try {
            this.dir = path.toFile().getCanonicalFile();
        } catch (IOException e) {
            throw new PodException("classpath entry " + path + " of pod '" + podName + "' is a directory whose real"
                    + " path cannot be resolved (" + e.getMessage() + "): check the links leading to it", e);
        }
    }

    @Override
    URL resource(String name) {
        URL url;
        try {
            url = new URL(location, ResourceNames.encodePath(name));
        } catch (MalformedURLException e) {
            return null; // e.g. "x:y" reads as an unknown protocol, as it does for the JDK
        }
        if (!url.getFile().startsWith(location.getFile())) {
            return null; // a leading '/', or '..' climbing out of the directory
        }
        File f = file(name);
        return f != null && f.exists() ? url : null;
    }

    private File file(String name) {
        if (name.contains("..")) {
            try {
                File f = new File(dir, name).getCanonicalFile();
                return f.getPath().startsWith(dir.getPath()) ? f : null;
            } catch (IOException e) {
                return null;
            }
        }
        return new File(dir, name);
    }

    @Override
    ClassFile classFile(String entryName) throws IOException {
        if (entryName.startsWith("/") || entryName.contains("..")) {
            return null; // never outside the directory (Path.resolve of "/x" would leave it)
        }
        Path f = new File(dir, entryName).toPath();
        if (!Files.isRegularFile(f)) {
            return null;
        }
        return new ClassFile(Files.readAllBytes(f), null, null);
    }

    @Override
    void close() {
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
