package dev.pods.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Tells which Maven artifact a classpath entry is, so that a pod's classpath can swap it.
 *
 * <p>First by its path, which costs no I/O: Maven's repository layout
 * ({@code .../org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar}) or Gradle's cache
 * ({@code .../org.apache.commons/commons-lang3/3.17.0/<hash>/commons-lang3-3.17.0.jar}). An entry
 * in either layout is that artifact and no other. Only an entry in neither layout (a renamed jar,
 * an exploded directory) is opened, and counts as {@code group:artifact} when it holds exactly one
 * {@code META-INF/maven/<group>/<artifact>/pom.properties}: a shaded jar, which holds several, is
 * never mistaken for one of the artifacts it swallowed.
 *
 * <p>Thread-safe; remembers what it read.
 */
final class ArtifactFiles {
    private static final String POM_PROPERTIES = "pom.properties";

    private final ConcurrentHashMap<Path, Optional<String>> embedded = new ConcurrentHashMap<>();

    /** Whether the classpath entry is the artifact {@code group:artifact} (any version). */
    boolean is(Path entry, String group, String artifact) {
        Layout layout = layout(entry);
        if (layout != Layout.NONE) {
            return inLayout(entry, group, artifact, layout);
        }
        return embeddedKey(entry).map(k -> k.equals(group + ":" + artifact)).orElse(false);
    }

    /**
     * Whether the entry is an artifact of {@code group} (any artifact, any version): by its path in a
     * repository layout, else by the one {@code pom.properties} it holds.
     */
    boolean inGroup(Path entry, String group) {
        Layout layout = layout(entry);
        if (layout != Layout.NONE) {
            Path versionDir = layout == Layout.MAVEN ? entry.getParent() : entry.getParent().getParent();
            return inLayout(entry, group, versionDir.getParent().getFileName().toString(), layout);
        }
        return embeddedKey(entry).map(k -> k.startsWith(group + ":")).orElse(false);
    }

    /** Whether the entry's path is in Maven's or Gradle's repository layout (it is then the artifact its path names). */
    boolean inRepositoryLayout(Path entry) {
        return layout(entry) != Layout.NONE;
    }

    private enum Layout { MAVEN, GRADLE, NONE }

    /**
     * Maven: {@code <artifact>/<version>/<artifact>-<version>[-classifier].<ext>}; Gradle:
     * {@code <artifact>/<version>/<hash>/<artifact>-<version>[-classifier].<ext>}.
     */
    private static Layout layout(Path entry) {
        Path file = entry.getFileName();
        Path v = entry.getParent();
        if (file == null || v == null) {
            return Layout.NONE;
        }
        if (matches(file.toString(), v, v.getParent())) {
            return Layout.MAVEN;
        }
        Path gv = v.getParent();
        if (gv != null && isHash(v.getFileName().toString()) && matches(file.toString(), gv, gv.getParent())) {
            return Layout.GRADLE;
        }
        return Layout.NONE;
    }

    private static boolean matches(String file, Path versionDir, Path artifactDir) {
        if (versionDir == null || artifactDir == null || versionDir.getFileName() == null
                || artifactDir.getFileName() == null) {
            return false;
        }
        String prefix = artifactDir.getFileName() + "-" + versionDir.getFileName();
        return file.startsWith(prefix) && file.length() > prefix.length()
                && (file.charAt(prefix.length()) == '.' || file.charAt(prefix.length()) == '-');
    }

    private static boolean isHash(String s) {
        if (s.length() < 16) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean inLayout(Path entry, String group, String artifact, Layout layout) {
        Path versionDir = layout == Layout.MAVEN ? entry.getParent() : entry.getParent().getParent();
        Path artifactDir = versionDir.getParent();
        if (!artifactDir.getFileName().toString().equals(artifact)) {
            return false;
        }
        Path g = artifactDir.getParent();
        if (layout == Layout.GRADLE) {
            return g != null && g.getFileName() != null && g.getFileName().toString().equals(group);
        }
        String[] parts = group.split("\\.");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (g == null || g.getFileName() == null || !g.getFileName().toString().equals(parts[i])) {
                return false;
            }
            g = g.getParent();
        }
        return true;
    }

    private Optional<String> embeddedKey(Path entry) {
        return embedded.computeIfAbsent(entry, ArtifactFiles::readEmbeddedKey);
    }

    /** {@code group:artifact} of the only {@code pom.properties} under {@code META-INF/maven}, if exactly one. */
    private static Optional<String> readEmbeddedKey(Path entry) {
        String found = null;
        if (Files.isDirectory(entry)) {
            Path maven = entry.resolve("META-INF").resolve("maven");
            if (!Files.isDirectory(maven)) {
                return Optional.empty();
            }
            try (Stream<Path> s = Files.walk(maven, 3)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (p.getNameCount() - maven.getNameCount() == 3 && p.getFileName().toString().equals(POM_PROPERTIES)) {
                        if (found != null) {
                            return Optional.empty();
                        }
                        found = p.getParent().getParent().getFileName() + ":" + p.getParent().getFileName();
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.ofNullable(found);
        }
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                String name = en.nextElement().getName();
                if (name.startsWith("META-INF/maven/") && name.endsWith("/" + POM_PROPERTIES)) {
                    String[] parts = name.split("/");
                    if (parts.length == 5) {
                        if (found != null) {
                            return Optional.empty();
                        }
                        found = parts[2] + ":" + parts[3];
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }
}
