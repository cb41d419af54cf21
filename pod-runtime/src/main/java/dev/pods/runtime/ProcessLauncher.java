package dev.pods.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import dev.pods.Pod;
import dev.pods.PodEnv;
import dev.pods.PodException;
import dev.pods.PodJvm;
import dev.pods.PodProcessException;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the child JVM of a process pod and connects to it.
 *
 * <p><b>The child's class path</b> is what the pod host needs and nothing else: the code sources
 * (jars or class directories) of pod-api, pod-runtime, Kryo and SLF4J's API as the host loaded
 * them, then the host's code sources of the env's shared packages (a proxy's interface must be
 * loadable on both sides). Maven Resolver and the rest of the host stay out. The pod's own
 * classpath is not on it: the host sends it, and the child's {@code PodClassLoader} loads it
 * with the same parent-first rules as in-process, so pod code sees exactly what it would see
 * in-process.
 *
 * <p><b>The JVM options</b>: {@code -XX:+ExitOnOutOfMemoryError} and
 * {@code -XX:+DisplayVMOutputToStderr} first (an out-of-memory child ends with exit code 3 and
 * says so on its standard error, whose tail the host keeps), then the class data sharing options
 * of {@link ClassDataSharing}, then the env's {@link PodJvm#jvmArguments()}, which may override
 * any of them.
 *
 * <p><b>The channel</b> is a loopback TCP connection: the host listens on an ephemeral port, the
 * child connects and first presents a random token it read from its standard input (no other
 * local process can pose as the child; the token appears in no command line or environment).
 * The init request follows the token on standard input, so the child makes its pod while this
 * side accepts and sets up its end, and replies over the socket: creating the pod costs no round
 * trip of its own. Standard output and error stay the pod's output; standard input is the
 * child's lifeline.
 * (A Unix domain socket was measured too: about 3 us faster per round trip here, but its first
 * use in a JVM initializes {@code SecureRandom} and the security providers, some 40-50 ms of
 * every child's start.)
 */
final class ProcessLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
    /** The secret a child presents when it connects, so that no other local process can pose as it. */
    private static final int TOKEN_BYTES = 32;
    /** What a write to a pipe may hold without blocking (a Linux pipe holds 64 KiB, older systems 4 KiB). */
    private static final int PIPE_SAFE_BYTES = 4096;

    /** A started child, connected. */
    record Launched(Process process, SocketChannel socket, ChildOutput output, List<String> command) {
    }

    private final ClassDataSharing cds;
    private final SecureRandom random = new SecureRandom();
    private volatile List<Path> runtimeClasspath;

    ProcessLauncher(ClassDataSharing cds) {
        this.cds = cds;
    }

    /**
     * Starts the child for {@code env} and waits (at most {@code startTimeout} millis) until it
     * connects. On failure the child is gone and the error says why.
     *
     * @param extraOptions JVM options of the runtime's own (a training child's); none: the class
     *                     data sharing options
     * @param init         the first request's frame ({@link Wire#INIT}, id {@link Wire#INIT_ID}): it
     *                     goes down the child's standard input after the token, so that the child
     *                     makes its pod as soon as it has connected, while this side sets up its
     *                     end, and the pod's creation costs no round trip of its own
     */
    Launched launch(PodEnv env, ClassLoader hostLoader, ChildOutput output, long startTimeoutMillis,
                    List<String> extraOptions, ByteBuffer init) {
        PodJvm jvm = env.jvm();
        Path java = jvm.java().orElseGet(ProcessLauncher::hostJava);
        if (!Files.isExecutable(java)) {
            throw new PodException("pod '" + env.name() + "': cannot start a process pod with " + java
                    + ": it is not an executable file; give a java launcher to PodJvm.withJava");
        }
        jvm.workingDirectory().ifPresent(d -> {
            if (!Files.isDirectory(d)) {
                throw new PodException("pod '" + env.name() + "': the working directory " + d
                        + " given to PodJvm.withWorkingDirectory is not a directory");
            }
        });
        List<Path> runtime = runtimeClasspath();
        List<Path> childCp = new ArrayList<>(runtime);
        for (Path p : sharedRoots(hostLoader, env.sharedPackages())) {
            if (!childCp.contains(p)) {
                childCp.add(p);
            }
        }
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        ServerSocketChannel server = null;
        Process process = null;
        List<String> cmd = new ArrayList<>();
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
            cmd.add(java.toString());
            cmd.add("-XX:+ExitOnOutOfMemoryError");
            cmd.add("-XX:+DisplayVMOutputToStderr");
            cmd.addAll(extraOptions.isEmpty() ? cds.options(java, runtime, jvm) : extraOptions);
            cmd.addAll(jvm.jvmArguments());
            cmd.add("-cp");
            cmd.add(childCp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            cmd.add(PodHostMain.class.getName());
            cmd.add(address.getAddress().getHostAddress());
            cmd.add(String.valueOf(address.getPort()));
            cmd.add(output.charset().name());
            cmd.add(String.valueOf(maxFrame(env)));
            // The child's JDK is ours: name our selector provider, sparing the child a service
            // scan of every module and jar for one (about 25 ms of its start, measured).
            cmd.add(jvm.java().isEmpty() ? SelectorProvider.provider().getClass().getName() : "-");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(jvm.environment());
            jvm.workingDirectory().ifPresent(d -> pb.directory(d.toFile()));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new PodException("pod '" + env.name() + "': could not start " + java + ": " + e.getMessage(), e);
            }
            // The token and the first request go down the child's standard input, which stays
            // open as its lifeline.
            byte[] handshake = new byte[token.length + init.remaining()];
            System.arraycopy(token, 0, handshake, 0, token.length);
            init.get(handshake, token.length, init.remaining());
            writeHandshake(process, handshake, env.name());
            output.pump(process);
            SocketChannel socket = accept(server, token, process, startTimeoutMillis, env.name(), output);
            return new Launched(process, socket, output, List.copyOf(cmd));
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw new PodException("pod '" + env.name() + "': could not open the channel to its process: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        } finally {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.debug("closing the listening socket failed", e);
                }
            }
        }
    }

    /**
     * Writes the handshake to the child's standard input: at once when it fits a pipe's buffer
     * (the write cannot block), else on a thread of its own, so that a child that never reads
     * (hung before its main method) cannot hold the creating thread past the start timeout;
     * that thread ends when the child reads or goes.
     */
    private static void writeHandshake(Process process, byte[] handshake, String pod) {
        Runnable write = () -> {
            try {
                process.getOutputStream().write(handshake);
                process.getOutputStream().flush();
            } catch (IOException e) {
                // the child died at once; accept reports how
            }
        };
        if (handshake.length <= PIPE_SAFE_BYTES) {
            write.run();
        } else {
            Thread t = new Thread(null, write, "pod-" + pod + "-handshake", 0, false);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The largest frame either side accepts: a value payload plus the frame's own fields. */
    static int maxFrame(PodEnv env) {
        return (int) Math.min(Integer.MAX_VALUE - 64, (long) env.maxPayloadBytes() + Wire.OVERHEAD);
    }

    /**
     * Waits for the child's connection (the one that presents the token first; any other is
     * closed), the child's exit, or the timeout, whichever comes first: a selector woken by the
     * process's exit, no polling.
     */
    private static SocketChannel accept(ServerSocketChannel server, byte[] token, Process process, long timeoutMillis,
                                        String pod, ChildOutput output) throws IOException {
        server.configureBlocking(false);
        Map<SocketChannel, ByteBuffer> candidates = new HashMap<>();
        SocketChannel chosen = null;
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT);
            process.onExit().thenRun(selector::wakeup);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                SocketChannel s;
                while ((s = server.accept()) != null) {
                    s.configureBlocking(false);
                    s.register(selector, SelectionKey.OP_READ);
                    candidates.put(s, ByteBuffer.allocate(token.length));
                }
                for (Iterator<Map.Entry<SocketChannel, ByteBuffer>> it = candidates.entrySet().iterator();
                        it.hasNext(); ) {
                    Map.Entry<SocketChannel, ByteBuffer> c = it.next();
                    ByteBuffer got = c.getValue();
                    int r = c.getKey().read(got);
                    if (r < 0 || !got.hasRemaining() && !MessageDigest.isEqual(got.array(), token)) {
                        it.remove();
                        c.getKey().close();
                    } else if (!got.hasRemaining()) {
                        chosen = c.getKey();
                        it.remove();
                        chosen.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        return chosen;
                    }
                }
                if (!process.isAlive()) {
                    throw startFailed(pod, process, output, "exited before it connected");
                }
                if (Thread.interrupted()) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new PodException("pod '" + pod + "': its start was abandoned: the creating thread was"
                            + " interrupted (its JVM was killed)");
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    process.destroyForcibly();
                    throw startFailed(pod, process, output, "did not connect within " + timeoutMillis
                            + " ms and was killed");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        } finally {
            for (SocketChannel c : candidates.keySet()) {
                c.close();
            }
        }
    }

    private static PodProcessException startFailed(String pod, Process process, ChildOutput output, String what) {
        int code = waitFor(process, 5_000);
        output.awaitPumps(1_000);
        String tail = output.tail();
        return new PodProcessException("pod '" + pod + "' could not start: its JVM (pid " + process.pid() + ") " + what
                + ", exit code " + code + (tail.isEmpty() ? "" : "; the end of its stderr:\n" + tail), process.pid(),
                code, tail);
    }

    /** The exit code after at most {@code millis} (destroying the process if it is still there). */
    static int waitFor(Process process, long millis) {
        try {
            if (!process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    static Path hostJava() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    // ---- the child's class path -----------------------------------------------------------

    /** pod-api, pod-runtime, Kryo and the SLF4J API, as the host loaded them; computed once. */
    List<Path> runtimeClasspath() {
        List<Path> cp = runtimeClasspath;
        if (cp == null) {
            Set<Path> s = new LinkedHashSet<>();
            for (Class<?> c : List.of(Pod.class, ProcessLauncher.class, Kryo.class, org.slf4j.LoggerFactory.class)) {
                s.add(codeSource(c));
            }
            cp = List.copyOf(s);
            runtimeClasspath = cp;
        }
        return cp;
    }

    private static Path codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        try {
            if (url != null && "file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // fall through to the error
        }
        throw new PodException("process pods need " + c.getName() + " as a jar or class directory on disk to put on"
                + " the child JVM's class path, but it was loaded from " + url + "; run the host from plain jars"
                + " or class directories (not a nested jar)");
    }

    /**
     * The host's code sources (jars or directories) that hold the shared packages: found as the
     * package's directory resource, else by looking into the host's class path entries.
     */
    static List<Path> sharedRoots(ClassLoader host, List<String> packages) {
        Set<Path> roots = new LinkedHashSet<>();
        for (String pkg : packages) {
            String dir = pkg.replace('.', '/');
            int found = roots.size();
            try {
                for (URL u : Collections.list(host.getResources(dir))) {
                    Path root = root(u, dir);
                    if (root != null) {
                        roots.add(root);
                    }
                }
            } catch (IOException e) {
                LOG.debug("looking for shared package {} failed", pkg, e);
            }
            if (roots.size() == found) {
                for (Path entry : hostClasspath(host)) {
                    if (holds(entry, dir)) {
                        roots.add(entry);
                    }
                }
            }
        }
        return List.copyOf(roots);
    }

    private static Path root(URL u, String dir) {
        try {
            if ("file".equals(u.getProtocol())) {
                Path p = Path.of(u.toURI());
                int up = dir.split("/").length;
                for (int i = 0; i < up && p != null; i++) {
                    p = p.getParent();
                }
                return p;
            }
            if ("jar".equals(u.getProtocol())) {
                String s = u.getPath();
                int bang = s.indexOf("!/");
                if (bang > 0 && s.startsWith("file:")) {
                    return Path.of(new java.net.URI(s.substring(0, bang)));
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOG.debug("cannot turn {} into a class path entry", u, e);
        }
        return null;
    }

    /** The host loader's class path entries: its URLs, else {@code java.class.path} with manifest Class-Path. */
    private static List<Path> hostClasspath(ClassLoader host) {
        List<Path> entries = new ArrayList<>();
        if (host instanceof URLClassLoader) {
            for (URL u : ((URLClassLoader) host).getURLs()) {
                try {
                    entries.add(Path.of(u.toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file
                }
            }
            return entries;
        }
        for (String s : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!s.isEmpty()) {
                Path p = Path.of(s).toAbsolutePath();
                entries.add(p);
                entries.addAll(manifestClassPath(p));
            }
        }
        return entries;
    }

    /** A jar's manifest Class-Path (Surefire's booter jar lists the test class path there). */
    private static List<Path> manifestClassPath(Path jar) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            return entries;
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            java.util.jar.Manifest mf = jf.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String e : cp.trim().split("\\s+")) {
                    try {
                        entries.add(Path.of(jar.getParent().toUri().resolve(e)));
                    } catch (IllegalArgumentException ex) {
                        // not a file URI
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read the manifest of {}", jar, e);
        }
        return entries;
    }

    private static boolean holds(Path entry, String dir) {
        if (Files.isDirectory(entry)) {
            return Files.isDirectory(entry.resolve(dir));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jf = new JarFile(entry.toFile())) {
            Enumeration<java.util.jar.JarEntry> e = jf.entries();
            while (e.hasMoreElements()) {
                String n = e.nextElement().getName();
                if (n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}", entry, e);
        }
        return false;
    }

    /** The charset the host's standard output encodes with; the child prints in it too. */
    static Charset hostCharset() {
        String enc = System.getProperty("sun.stdout.encoding");
        try {
            if (enc != null) {
                return Charset.forName(enc);
            }
        } catch (RuntimeException e) {
            // the default then
        }
        return Charset.defaultCharset();
    }
}
