package dev.pods.runtime;

import dev.pods.PodJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing (AppCDS) for the child JVMs of process pods: a static archive of the
 * classes a child loads to start, connect, make its pod and serve a first call, including the
 * JDK's method handle forms those need. Measured here: a cold process pod plus its first call
 * went from about 170 ms to about 130 ms (best of 12; a bare {@code java Hello} was about 50 ms),
 * since the child maps its classes instead of loading and linking about a thousand of them.
 *
 * <p>The archive is made once per setup, on first use, in the background, while the first pods
 * start without it: a training child (an empty pod: a call with simple arguments, one through
 * the codec, a failing one, the language list) records the classes it loads
 * ({@code -XX:DumpLoadedClassList}), then {@code java -Xshare:dump} writes the archive, which is
 * moved into place atomically. A setup is the {@code java} executable and its modules, the
 * child's class path (each jar's size and time) and the pod's JVM arguments; any change makes
 * another archive. Only jars can be archived: with a class directory on the child's class path
 * (a build's {@code target/classes}), or with class data sharing options of the user's own, the
 * children run without. A failed attempt is not repeated by this runtime. Deleting the directory
 * is always safe. Thread-safe.
 */
final class ClassDataSharing {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final long DUMP_TIMEOUT_SECONDS = 120;

    private final Path directory;
    /** Setups being archived, or whose archiving failed: not tried again. */
    private final Map<String, Boolean> attempted = new ConcurrentHashMap<>();

    /** @param directory where archives are kept; null turns class data sharing off */
    ClassDataSharing(Path directory) {
        this.directory = directory;
    }

    /**
     * The options that make a child use this setup's archive; none when there is none yet (then
     * {@code train} is asked, on a thread of its own, to run a training child with the options it
     * is given, and the archive is made from what that child loaded).
     *
     * @param train runs a training pod with extra JVM options, returning when its JVM has exited
     */
    List<String> options(Path java, List<Path> runtimeClasspath, PodJvm jvm, BiConsumer<PodJvm, List<String>> train) {
        if (directory == null || !eligible(runtimeClasspath, jvm)) {
            return List.of();
        }
        String key;
        try {
            key = key(java, runtimeClasspath, jvm);
        } catch (IOException e) {
            LOG.debug("no class data sharing: cannot read the setup", e);
            return List.of();
        }
        Path archive = directory.resolve("pods-" + key + ".jsa");
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        }
        if (attempted.putIfAbsent(key, Boolean.TRUE) == null) {
            Thread t = new Thread(null, () -> make(java, runtimeClasspath, jvm, archive, train),
                    "pods-class-data-sharing", 0, false);
            t.setDaemon(true);
            t.start();
        }
        return List.of();
    }

    private static boolean eligible(List<Path> runtimeClasspath, PodJvm jvm) {
        for (Path p : runtimeClasspath) {
            if (!Files.isRegularFile(p)) {
                return false;
            }
        }
        for (String o : jvm.options()) {
            if (o.startsWith("-Xshare") || o.contains("SharedArchiveFile") || o.contains("ArchiveClassesAtExit")
                    || o.contains("DumpLoadedClassList") || o.contains("SharedClassListFile")) {
                return false;
            }
        }
        return true;
    }

    static String key(Path java, List<Path> runtimeClasspath, PodJvm jvm) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path realJava = java.toRealPath();
        sb.append(realJava).append('\n');
        Path modules = realJava.getParent() == null || realJava.getParent().getParent() == null ? null
                : realJava.getParent().getParent().resolve("lib").resolve("modules");
        if (modules != null && Files.isRegularFile(modules)) {
            stamp(sb, modules);
        }
        for (Path p : runtimeClasspath) {
            stamp(sb, p);
        }
        for (String a : dumpArguments(jvm)) {
            sb.append(a).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void stamp(StringBuilder sb, Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        sb.append(p.toRealPath()).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis())
                .append('\n');
    }

    /** What of the pod's settings shapes the archive: heap and options (GC, compressed oops). */
    private static List<String> dumpArguments(PodJvm jvm) {
        List<String> args = new ArrayList<>();
        jvm.maxHeap().ifPresent(h -> args.add("-Xmx" + h));
        args.addAll(jvm.options());
        return args;
    }

    private void make(Path java, List<Path> runtimeClasspath, PodJvm jvm, Path archive,
                      BiConsumer<PodJvm, List<String>> train) {
        String tmp = UUID.randomUUID().toString();
        Path classlist = directory.resolve("pods-" + tmp + ".classlist");
        Path dumped = directory.resolve("pods-" + tmp + ".jsa.tmp");
        try {
            Files.createDirectories(directory);
            train.accept(jvm, List.of("-XX:DumpLoadedClassList=" + classlist));
            if (!Files.isRegularFile(classlist)) {
                LOG.debug("no class data sharing archive: the training child left no class list");
                return;
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.add("-Xshare:dump");
            cmd.add("-XX:SharedClassListFile=" + classlist);
            cmd.add("-XX:SharedArchiveFile=" + dumped);
            cmd.addAll(dumpArguments(jvm));
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, runtimeClasspath.stream().map(Path::toString)
                    .toArray(String[]::new)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.debug("no class data sharing archive: the dump took more than {} s", DUMP_TIMEOUT_SECONDS);
                return;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(dumped)) {
                LOG.debug("no class data sharing archive: the dump exited with {}", p.exitValue());
                return;
            }
            Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.debug("class data sharing archive {} made", archive);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no class data sharing archive for {}", archive, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(classlist);
                Files.deleteIfExists(dumped);
            } catch (IOException e) {
                LOG.debug("could not delete a temporary file of class data sharing", e);
            }
        }
    }
}
