package dev.pods.runtime;

import dev.pods.PodJvm;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * went from about 125 ms to about 87 ms (medians of 20; a bare {@code java} running the same
 * call took about 45 ms), since the child maps its classes instead of loading and linking about
 * a thousand of them; training with a jar of the pod's own took it to 75-85 ms (against 45-55),
 * because until then the pod loader's classes were missing from the archive and loading them
 * made the child open its runtime jars (-Xlog:class+load, up to the first reply: about 25 of
 * some 1000 classes not from the archive before; after, the pod's own class and one lambda form).
 *
 * <p>The archive is made once per setup, on first use, by a short background job of its own (a
 * JVM started with this class as its main class, not tied to the host, so that a host that
 * exits at once, such as the command line, still gets its archive for the next run): a training
 * child (a pod over a small jar of its own: a call into it, so that the pod loader's jar reading
 * is archived too and a child never has to open its runtime jars; calls with simple arguments,
 * through the codec and failing; the language list) records the classes it loads
 * ({@code -XX:DumpLoadedClassList}), then
 * {@code java -Xshare:dump} writes the archive, which is moved into place atomically. A lock file
 * keeps two hosts from making the same archive. Meanwhile pods start without it.
 *
 * <p>A setup is the {@code java} executable and its modules, the child's class path (each jar's
 * size and time) and the pod's heap and JVM options; any change makes another archive. Only
 * jars can be archived: with a class directory on the child's class path (a build's
 * {@code target/classes}), or with class data sharing options of the user's own, the children
 * run without. A stale or damaged archive costs only the speed: children run with
 * {@code -Xshare:auto}, and a JVM that cannot map its archive starts without, silently (checked
 * here for a changed jar and a truncated file). This runtime tries each setup once. The last
 * {@value #KEEP} archives made are kept. Deleting the directory is always safe. Thread-safe.
 */
final class ClassDataSharing {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final long DUMP_TIMEOUT_SECONDS = 120;
    /** Archives kept in the directory. */
    private static final int KEEP = 8;

    /** Starts the making of an archive (a detached job in production; tests pass their own). */
    interface Maker {
        void make(Path java, List<Path> runtimeClasspath, PodJvm jvm, Path archive);
    }

    private final Path directory;
    private final Maker maker;
    /** Setups whose archive this runtime has asked for: not asked again. */
    private final Map<String, Boolean> attempted = new ConcurrentHashMap<>();

    /** @param directory where archives are kept; null turns class data sharing off */
    ClassDataSharing(Path directory) {
        this(directory, ClassDataSharing::startJob);
    }

    ClassDataSharing(Path directory, Maker maker) {
        this.directory = directory;
        this.maker = maker;
    }

    /**
     * The options that make a child use this setup's archive; none when there is none yet (its
     * making is then started, once).
     */
    List<String> options(Path java, List<Path> runtimeClasspath, PodJvm jvm) {
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
            try {
                maker.make(java, runtimeClasspath, jvm, archive);
            } catch (RuntimeException e) {
                LOG.debug("could not start making the class data sharing archive {}", archive, e);
            }
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
        Path home = realJava.getParent() == null ? null : realJava.getParent().getParent();
        Path modules = home == null ? null : home.resolve("lib").resolve("modules");
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

    // ---- the job ----------------------------------------------------------------------------

    /** The class of the training pod's jar: {@code public static int add(int, int)}. */
    static final String TRAINING_CLASS = "pods.training.Calc";

    /**
     * Writes the training pod's jar into {@code dir}: a manifest and {@link #TRAINING_CLASS},
     * whose class file is written here byte by byte (the runtime has no compiler to lean on, and
     * the class needs nothing but {@code iload_0 iload_1 iadd ireturn}).
     */
    static Path trainingJar(Path dir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream c = new java.io.DataOutputStream(bytes)) {
            c.writeInt(0xCAFEBABE);
            c.writeShort(0);
            c.writeShort(52); // Java 8: no stack map needed for straight-line code
            c.writeShort(8); // constant pool entries 1..7
            c.writeByte(1);
            c.writeUTF(TRAINING_CLASS.replace('.', '/')); // 1
            c.writeByte(7);
            c.writeShort(1); // 2: this class
            c.writeByte(1);
            c.writeUTF("java/lang/Object"); // 3
            c.writeByte(7);
            c.writeShort(3); // 4: super class
            c.writeByte(1);
            c.writeUTF("add"); // 5
            c.writeByte(1);
            c.writeUTF("(II)I"); // 6
            c.writeByte(1);
            c.writeUTF("Code"); // 7
            c.writeShort(0x0031); // public final super
            c.writeShort(2);
            c.writeShort(4);
            c.writeShort(0); // interfaces
            c.writeShort(0); // fields
            c.writeShort(1); // methods
            c.writeShort(0x0009); // public static
            c.writeShort(5);
            c.writeShort(6);
            c.writeShort(1); // attributes: Code
            c.writeShort(7);
            c.writeInt(16); // max stack, max locals, code length, code, exception table, attributes
            c.writeShort(2);
            c.writeShort(2);
            c.writeInt(4);
            c.write(new byte[] {0x1a, 0x1b, 0x60, (byte) 0xac}); // iload_0 iload_1 iadd ireturn
            c.writeShort(0);
            c.writeShort(0);
            c.writeShort(0); // class attributes
        }
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.IMPLEMENTATION_TITLE, "pods-training");
        Path jar = dir.resolve("pods-training.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new java.util.jar.JarEntry(TRAINING_CLASS.replace('.', '/') + ".class"));
            out.write(bytes.toByteArray());
            out.closeEntry();
        }
        return jar;
    }

    /**
     * Starts the job: {@code java -cp RUNTIME ClassDataSharing JAVA ARCHIVE HEAP|- OPTION...},
     * its output discarded, its standard input closed. It ends by itself.
     */
    private static void startJob(Path java, List<Path> runtimeClasspath, PodJvm jvm, Path archive) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessLauncher.hostJava().toString());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, runtimeClasspath.stream().map(Path::toString).toArray(String[]::new)));
        cmd.add(ClassDataSharing.class.getName());
        cmd.add(java.toString());
        cmd.add(archive.toString());
        cmd.add(jvm.maxHeap().orElse("-"));
        cmd.addAll(jvm.options());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("could not start the class data sharing job", e);
        }
    }

    /**
     * Keeps the directory small: the {@value #KEEP} archives made last stay (a rebuilt runtime
     * or other JVM options make new ones, and each is some 13 MB), and what an interrupted job
     * left behind goes once it is an hour old.
     */
    private static void prune(Path directory, Path made) {
        long hourAgo = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
        List<Path> archives = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".jsa")) {
                    archives.add(f);
                } else if ((n.endsWith(".classlist") || n.endsWith(".jsa.tmp"))
                        && Files.getLastModifiedTime(f).toMillis() < hourAgo) {
                    Files.deleteIfExists(f);
                }
            }
            archives.remove(made);
            archives.sort(java.util.Comparator.comparingLong(ClassDataSharing::modified).reversed());
            for (Path old : archives.subList(Math.min(archives.size(), KEEP - 1), archives.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not prune {}", directory, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The job's entry point (see {@link #startJob}). */
    public static void main(String[] args) {
        Path java = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        PodJvm jvm = PodJvm.defaults();
        if (!args[2].equals("-")) {
            jvm = jvm.withMaxHeap(args[2]);
        }
        jvm = jvm.withOptions(Arrays.copyOfRange(args, 3, args.length));
        if (!java.equals(ProcessLauncher.hostJava())) {
            jvm = jvm.withJava(java); // the pods' own java trains, as it will run them
        }
        List<Path> runtimeClasspath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            runtimeClasspath.add(Path.of(e));
        }
        PodRuntime runtime = PodRuntime.builder().classDataSharing(false).build();
        boolean made = make(java, runtimeClasspath, jvm, archive, (podJvm, options) -> {
            try {
                ProcessPod.train(runtime, podJvm, options, ClassDataSharing.class.getClassLoader());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        System.exit(made ? 0 : 1);
    }

    /**
     * Makes {@code archive}: {@code train} runs a child with the given extra options and returns
     * once it has exited; then the dump. Unless another job holds the setup's lock. True when the
     * archive is there afterwards.
     */
    static boolean make(Path java, List<Path> runtimeClasspath, PodJvm jvm, Path archive,
                        BiConsumer<PodJvm, List<String>> train) {
        Path directory = archive.getParent();
        String tmp = UUID.randomUUID().toString();
        Path classlist = directory.resolve("pods-" + tmp + ".classlist");
        Path dumped = directory.resolve("pods-" + tmp + ".jsa.tmp");
        Path lockFile = directory.resolve(archive.getFileName() + ".lock");
        try {
            Files.createDirectories(directory);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                if (lock == null || Files.isRegularFile(archive)) {
                    return Files.isRegularFile(archive); // another job makes it, or made it
                }
                train.accept(jvm, List.of("-XX:DumpLoadedClassList=" + classlist));
                if (!Files.isRegularFile(classlist)) {
                    LOG.debug("no class data sharing archive: the training child left no class list");
                    return false;
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
                    return false;
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(dumped)) {
                    LOG.debug("no class data sharing archive: the dump exited with {}", p.exitValue());
                    return false;
                }
                Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(directory, archive);
                return true;
            } finally {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no class data sharing archive {}", archive, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
