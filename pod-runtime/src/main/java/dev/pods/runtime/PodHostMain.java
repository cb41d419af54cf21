package dev.pods.runtime;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.Charset;

/**
 * The main class of a process pod's child JVM:
 * {@code PodHostMain ADDRESS PORT CHARSET MAX_FRAME SELECTOR_PROVIDER}, with the host's token and
 * then the frame of its first request ({@link Wire#INIT}) on standard input. Connects to the
 * host's loopback port, presents the token, makes the pod and replies to the init request, then
 * serves requests with a {@link PodHost}.
 *
 * <p>Standard output and error stay the pod's: {@code System.out} and {@code System.err} write
 * to them (in the host's charset) through a counter, and every reply carries the counts after
 * both were flushed, so that the host, which pumps the pipes, can hand over a call's output
 * before its result. The channel is the socket alone; nothing the pod prints can corrupt it.
 *
 * <p>No orphans: the host holds the child's standard input open and never writes to it; the main
 * thread blocks reading it, and when it ends (the host exited or was killed, even with
 * {@code kill -9}, since the kernel closes its end) the JVM halts at once. The closed socket does
 * the same. Pod code sees an empty {@code System.in}.
 *
 * <p>Package-private on purpose: the launcher runs it by name, nothing else needs it.
 */
final class PodHostMain {
    /** The exit code when the pod host itself failed (cannot connect, cannot answer). */
    static final int EXIT_BROKEN = 70;
    /** As {@code ProcessLauncher} sends it. */
    private static final int TOKEN_BYTES = 32;

    private static final PrintStream RAW_ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    private static Counted out;
    private static Counted err;
    private static PrintStream outStream;
    private static PrintStream errStream;

    private PodHostMain() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            RAW_ERR.println("usage: PodHostMain ADDRESS PORT CHARSET MAX_FRAME SELECTOR_PROVIDER (started by the pods"
                    + " runtime, with a token on standard input; not by hand)");
            System.exit(2);
        }
        if (!args[4].equals("-")) {
            withProperty("java.nio.channels.spi.SelectorProvider", args[4], SelectorProvider::provider);
        }
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        SocketChannel channel;
        Wire.Frame init;
        Maker maker;
        int maxFrame = Integer.parseInt(args[3]);
        try {
            byte[] token = readFully(stdin, TOKEN_BYTES);
            // Then the init request's frame: length (after itself), id, type, payload.
            byte[] len = readFully(stdin, 4);
            int n = (len[0] & 0xff) << 24 | (len[1] & 0xff) << 16 | (len[2] & 0xff) << 8 | len[3] & 0xff;
            if (n < Wire.HEADER - 4 || n > maxFrame) {
                throw new IOException("malformed init frame on standard input: length " + n);
            }
            byte[] frame = readFully(stdin, n);
            int id = (frame[0] & 0xff) << 24 | (frame[1] & 0xff) << 16 | (frame[2] & 0xff) << 8 | frame[3] & 0xff;
            byte[] payload = new byte[n - 5];
            System.arraycopy(frame, 5, payload, 0, payload.length);
            init = new Wire.Frame(id, frame[4], payload);
            maker = new Maker(init);
            maker.start();
            channel = SocketChannel.open(new InetSocketAddress(InetAddress.getByName(args[0]),
                    Integer.parseInt(args[1])));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer t = ByteBuffer.wrap(token);
            while (t.hasRemaining()) {
                channel.write(t);
            }
        } catch (IOException | RuntimeException e) {
            fatal("the pod host could not connect to its host at " + args[0] + ":" + args[1], e);
            return;
        }
        Charset charset = Charset.forName(args[2]);
        out = new Counted(new FileOutputStream(FileDescriptor.out));
        err = new Counted(new FileOutputStream(FileDescriptor.err));
        outStream = new PrintStream(new LineBuffered(out), false, charset);
        errStream = new PrintStream(new LineBuffered(err), false, charset);
        System.setOut(outStream);
        System.setErr(errStream);
        // What pod code printed without a newline before it called System.exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            outStream.flush();
            errStream.flush();
        }, "pod-host-flush"));
        try {
            channel.configureBlocking(false);
            PodHost host = new PodHost(new Wire.Reader(channel, maxFrame), new Wire.Writer(channel),
                    PodHostMain.class.getClassLoader(), PodHostMain::hostGone);
            // The pod is replied for before anything else is read: no request can overtake it.
            host.serveFirst(maker.await());
            host.start();
        } catch (IOException | RuntimeException e) {
            fatal("the pod host could not set up its channel", e);
        }
        watch(stdin);
    }

    /**
     * Binds the runtime's SLF4J and makes the pod, on a thread of its own while the main thread
     * connects and sets up the channel (the child's two longest steps before its first reply,
     * some 8 and 10 ms here, overlapped). A class of its own, not a lambda: starting it links nothing.
     */
    private static final class Maker extends Thread {
        private final Wire.Frame init;
        private PodHost.Made made;

        Maker(Wire.Frame init) {
            super("pod-host-init");
            this.init = init;
            setDaemon(true);
        }

        @Override
        public void run() {
            quietSlf4j();
            made = PodHost.Made.make(init, PodHostMain.class.getClassLoader());
        }

        /** The pod, once made (join orders this read after the maker's write). */
        PodHost.Made await() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (made == null) {
                throw new IllegalStateException("the thread making the pod ended without a result");
            }
            return made;
        }
    }

    /**
     * Reads exactly {@code n} bytes of the host's handshake, halting if the host went away first.
     * Not readNBytes: JDK 17's FileInputStream.readNBytes seeks, which a pipe refuses.
     */
    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        for (int got = 0, r; got < n; got += r) {
            r = in.read(b, got, n - got);
            if (r < 0) {
                hostGone(); // the host went away before it said who we are and what to make
            }
        }
        return b;
    }

    /** Blocks until the host's end of standard input closes, then halts. */
    private static void watch(InputStream stdin) {
        byte[] buf = new byte[256];
        try {
            while (stdin.read(buf) >= 0) {
                // the host never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as its end
        }
        hostGone();
    }

    /** The host is gone (its socket or its pipe closed): nobody is left to serve. */
    static void hostGone() {
        Runtime.getRuntime().halt(0);
    }

    /** Exits as asked (shutdown hooks of pod code run), halting if they take more than a second. */
    static void exit(int code) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                // halt anyway
            }
            Runtime.getRuntime().halt(code);
        }, "pod-host-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(code);
    }

    /** Reports on the real standard error (which the host keeps the tail of) and halts. */
    static void fatal(String message, Throwable e) {
        try {
            RAW_ERR.println("pods: " + message + ": " + e);
            e.printStackTrace(RAW_ERR);
        } finally {
            Runtime.getRuntime().halt(EXIT_BROKEN);
        }
    }

    /**
     * Flushes the pod's standard output and error and puts how many bytes each has written so
     * far into the room a reply reserved for them at its start.
     */
    static void flushAndCount(Wire.Out reply) {
        outStream.flush();
        errStream.flush();
        reply.setLong(0, out.count).setLong(8, err.count);
    }

    /**
     * The runtime's own SLF4J (not the pod's: that one is the pod's classes, its own static state)
     * is bound to its no-operation provider here, so that it prints no "no providers" warning into
     * the pod's standard error. The properties are restored at once: pod code that uses SLF4J reads
     * the same JVM-wide properties and must find them as the user set them.
     */
    private static void quietSlf4j() {
        withProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider",
                () -> withProperty("slf4j.internal.verbosity", "ERROR", org.slf4j.LoggerFactory::getILoggerFactory));
    }

    /**
     * Runs {@code init} (a JVM-wide one-time initialization that reads {@code key}) with the
     * property set, then puts the property back as it was, so that pod code never sees it.
     */
    private static void withProperty(String key, String value, Runnable init) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            init.run();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /**
     * Line buffering: whole lines go to the pipe in one write (so that the lines of pods sharing
     * the host's stream never mix mid-line, and a line costs one system call, not one per
     * {@code print}); a partial line waits for its newline, a full buffer, or the reply of the
     * call that printed it. (A JVM's own {@code System.out} flushes on every {@code print}.)
     */
    private static final class LineBuffered extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[8192];
        private int n;

        LineBuffered(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            buf[n++] = (byte) b;
            if (b == '\n' || n == buf.length) {
                flushBuffer();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            int lastNewline = -1;
            for (int i = off + len - 1; i >= off; i--) {
                if (b[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            int whole = lastNewline < 0 ? 0 : lastNewline + 1 - off;
            append(b, off, whole);
            if (whole > 0) {
                flushBuffer();
            }
            append(b, off + whole, len - whole);
        }

        private void append(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    flushBuffer();
                }
            }
        }

        private void flushBuffer() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            flushBuffer();
        }
    }

    /** Counts the bytes written to a standard stream (after the buffer, so they are in the pipe). */
    private static final class Counted extends OutputStream {
        private final OutputStream fd;
        volatile long count;

        Counted(OutputStream fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            fd.write(b);
            count++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            fd.write(b, off, len);
            count += len;
        }
    }
}
