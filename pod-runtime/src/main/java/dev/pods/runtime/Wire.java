package dev.pods.runtime;

import dev.pods.PodBridgeException;
import dev.pods.runtime.bridge.Bridge;
import dev.pods.runtime.bridge.ValueCodec;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The process pod's wire: frames between the host and its child JVM over one local socket.
 *
 * <pre>
 * frame   = length:int32  id:int32  type:int8  payload   (length counts id, type and payload)
 * string  = byteCount:int32 (-1 for null)  UTF-8 bytes
 * value   = tag:int8 ...   (null, String, boxed primitives as themselves; anything else: CODEC, bytes)
 * args    = SIMPLE count:int32 value*  |  CODEC bytes      (one codec payload for all arguments,
 *                                                          so that shared references stay shared)
 * </pre>
 *
 * Requests (host to child) carry a fresh id; the reply ({@link #OK} or {@link #FAIL}) carries the
 * same id, so several host threads share the socket. A reply begins with how many bytes the
 * child had written to its standard output and error when it was sent (the host waits until it
 * has pumped that much, so a call's output arrives before its result). Values that are the same
 * on both sides (the
 * {@link Bridge#isImmutable in-process fast path's} strings and boxed primitives) are written
 * here directly; everything else is {@link ValueCodec} bytes: the host's codec writes, the child's
 * pod-side codec (class names resolved in the pod's loader only) reads, and back.
 */
final class Wire {
    // host -> child
    /** Makes the pod; sent down the child's standard input with the token, always as request {@link #INIT_ID}. */
    static final byte INIT = 1;
    static final byte CALL = 2;
    static final byte EVAL = 3;
    static final byte REQUIRE = 4;
    static final byte LANGUAGES = 5;
    static final byte PROXY = 6;
    static final byte INVOKE = 7;
    static final byte CLOSE = 8;
    /** Interrupts the thread serving request {@code id} (no reply). */
    static final byte INTERRUPT = 9;
    // child -> host
    static final byte OK = 20;
    static final byte FAIL = 21;

    /** The id of the {@link #INIT} request; the host numbers the others after it. */
    static final int INIT_ID = 1;

    static final int HEADER = 9;
    /** Room for a frame's own fields beyond the largest value payload. */
    static final int OVERHEAD = 1 << 16;

    // value tags
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte BOOLEAN = 4;
    private static final byte DOUBLE = 5;
    private static final byte FLOAT = 6;
    private static final byte SHORT = 7;
    private static final byte BYTE = 8;
    private static final byte CHAR = 9;
    private static final byte CODEC = 10;
    private static final byte SIMPLE = 11;

    private Wire() {
    }

    /** One frame as read. */
    record Frame(int id, byte type, byte[] payload) {
        In in() {
            return new In(payload);
        }
    }

    /** Whether a value is written as itself (no codec). */
    static boolean simple(Object v) {
        return v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof Character;
    }

    // ---- writing ----------------------------------------------------------------------

    /** A growable frame under construction; the header's room is reserved at the front. Not thread-safe. */
    static final class Out {
        private byte[] buf;
        private int pos = HEADER;

        Out() {
            this(128);
        }

        Out(int capacity) {
            buf = new byte[Math.max(capacity, HEADER + 16)];
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        Out writeByte(int b) {
            room(1);
            buf[pos++] = (byte) b;
            return this;
        }

        Out writeInt(int v) {
            room(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
            return this;
        }

        Out writeLong(long v) {
            writeInt((int) (v >>> 32));
            return writeInt((int) v);
        }

        Out writeBytes(byte[] b) {
            writeInt(b.length);
            room(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        Out writeRaw(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
            return this;
        }

        Out writeString(String s) {
            if (s == null) {
                return writeInt(-1);
            }
            // Latin-1 fast path: most names and targets are ASCII.
            int n = s.length();
            boolean ascii = true;
            for (int i = 0; i < n && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (ascii) {
                writeInt(n);
                room(n);
                for (int i = 0; i < n; i++) {
                    buf[pos++] = (byte) s.charAt(i);
                }
                return this;
            }
            return writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes one value: itself when {@link #simple}, else through the codec (asked for only then). */
        Out writeValue(Object v, Supplier<ValueCodec> codec) {
            if (v == null) {
                return writeByte(NULL);
            } else if (v instanceof String) {
                return writeByte(STRING).writeString((String) v);
            } else if (v instanceof Integer) {
                return writeByte(INT).writeInt((Integer) v);
            } else if (v instanceof Long) {
                return writeByte(LONG).writeLong((Long) v);
            } else if (v instanceof Boolean) {
                return writeByte(BOOLEAN).writeByte((Boolean) v ? 1 : 0);
            } else if (v instanceof Double) {
                return writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits((Double) v));
            } else if (v instanceof Float) {
                return writeByte(FLOAT).writeInt(Float.floatToRawIntBits((Float) v));
            } else if (v instanceof Short) {
                return writeByte(SHORT).writeInt((Short) v);
            } else if (v instanceof Byte) {
                return writeByte(BYTE).writeByte((Byte) v);
            } else if (v instanceof Character) {
                return writeByte(CHAR).writeInt((Character) v);
            }
            return writeByte(CODEC).writeBytes(codec.get().write(v));
        }

        /** Writes call arguments: each as itself when all are simple, else all in one codec payload. */
        Out writeArgs(Object[] args, Supplier<ValueCodec> codec) {
            for (Object a : args) {
                if (!simple(a)) {
                    return writeByte(CODEC).writeBytes(codec.get().write(args));
                }
            }
            writeByte(SIMPLE).writeInt(args.length);
            for (Object a : args) {
                writeValue(a, null);
            }
            return this;
        }

        /** Overwrites 8 bytes at {@code offset} of the payload (room reserved before). */
        Out setLong(int offset, long v) {
            int at = HEADER + offset;
            for (int i = 7; i >= 0; i--) {
                buf[at + i] = (byte) v;
                v >>>= 8;
            }
            return this;
        }

        int size() {
            return pos - HEADER;
        }

        /** Fills in the header and returns the frame's bytes as a buffer ready to write. */
        ByteBuffer frame(int id, byte type) {
            int len = pos - 4;
            buf[0] = (byte) (len >>> 24);
            buf[1] = (byte) (len >>> 16);
            buf[2] = (byte) (len >>> 8);
            buf[3] = (byte) len;
            buf[4] = (byte) (id >>> 24);
            buf[5] = (byte) (id >>> 16);
            buf[6] = (byte) (id >>> 8);
            buf[7] = (byte) id;
            buf[8] = type;
            return ByteBuffer.wrap(buf, 0, pos);
        }
    }

    // ---- reading ----------------------------------------------------------------------

    /** Reads a frame's payload. Not thread-safe. */
    static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        private void need(int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new IllegalStateException("malformed frame: " + n + " bytes wanted at " + pos + " of "
                        + buf.length);
            }
        }

        int readByte() {
            need(1);
            return buf[pos++];
        }

        int readInt() {
            need(4);
            int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                    | buf[pos + 3] & 0xff;
            pos += 4;
            return v;
        }

        long readLong() {
            return (long) readInt() << 32 | readInt() & 0xffffffffL;
        }

        byte[] readBytes() {
            int n = readInt();
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String readString() {
            int n = readInt();
            if (n < 0) {
                return null;
            }
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** The rest of the payload, as written by {@link Out#writeRaw}. */
        byte[] rest() {
            return Arrays.copyOfRange(buf, pos, buf.length);
        }

        Object readValue(Supplier<ValueCodec> codec) {
            int tag = readByte();
            switch (tag) {
                case NULL:
                    return null;
                case STRING:
                    return readString();
                case INT:
                    return readInt();
                case LONG:
                    return readLong();
                case BOOLEAN:
                    return readByte() != 0;
                case DOUBLE:
                    return Double.longBitsToDouble(readLong());
                case FLOAT:
                    return Float.intBitsToFloat(readInt());
                case SHORT:
                    return (short) readInt();
                case BYTE:
                    return (byte) readByte();
                case CHAR:
                    return (char) readInt();
                case CODEC:
                    return codec.get().read(readBytes());
                default:
                    throw new IllegalStateException("malformed frame: value tag " + tag);
            }
        }

        Object[] readArgs(Supplier<ValueCodec> codec) {
            int tag = readByte();
            if (tag == CODEC) {
                ValueCodec c = codec.get();
                Object v = c.read(readBytes());
                if (!(v instanceof Object[])) {
                    throw new PodBridgeException(v == null ? "null" : v.getClass().getName(), c.side(),
                            "the arguments did not arrive as an Object[]");
                }
                return (Object[]) v;
            }
            if (tag != SIMPLE) {
                throw new IllegalStateException("malformed frame: argument tag " + tag);
            }
            int n = readInt();
            need(n);
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                args[i] = readValue(null);
            }
            return args;
        }
    }

    // ---- the socket -------------------------------------------------------------------

    /*
     * Both ends keep the socket in non-blocking mode and wait in a Selector. A thread blocked in
     * a blocking channel operation closes the channel when it is interrupted
     * (InterruptibleChannel); the host reads on its callers' threads and the child on threads that
     * run pod code, and neither may lose the pod to an interrupt. A selector is merely woken by one.
     */

    /**
     * Writes whole frames, one writer at a time (a frame is never interleaved with another).
     * Thread-safe.
     */
    static final class Writer {
        private final SocketChannel channel;
        private final Selector selector;

        Writer(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_WRITE);
        }

        void send(int id, byte type, Out payload) throws IOException {
            ByteBuffer b = payload.frame(id, type);
            synchronized (this) {
                boolean interrupted = false;
                try {
                    while (b.hasRemaining()) {
                        if (channel.write(b) == 0) {
                            // The socket's buffer is full: wait until it drains. A frame is written
                            // to its end, so an interrupt is kept for later rather than obeyed.
                            interrupted |= Thread.interrupted();
                            selector.select();
                            selector.selectedKeys().clear();
                        }
                    }
                } finally {
                    if (interrupted || Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        void close() {
            closeQuietly(selector);
        }
    }

    /**
     * Reads frames through one direct buffer; one thread at a time (the caller's affair). A frame
     * longer than {@code maxFrame} is refused: the peer is broken, not merely verbose.
     */
    static final class Reader {
        /** How long a reader polls the socket before it blocks (see {@link #await}). */
        static final long SPIN_NANOS = 50_000;
        /** Polls in a row without data after which a reader stops polling for {@link #BACKOFF_WAITS} waits. */
        static final int MISSES_BEFORE_BACKOFF = 3;
        static final int BACKOFF_WAITS = 256;

        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        private final int maxFrame;
        /** Set by {@link #wakeup}, for a reader that is polling rather than blocked in the selector. */
        private volatile boolean woken;
        /** Polls in a row that ended without data (one reading thread at a time: no lock needed). */
        private int missedSpins;
        /** Waits left that block at once, after polls kept missing. */
        private int skipSpins;

        Reader(SocketChannel channel, int maxFrame) throws IOException {
            this.channel = channel;
            this.maxFrame = maxFrame;
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            buf.flip();
        }

        /**
         * The next frame; null when {@code deadline} ({@link System#nanoTime()}, 0: none) passed,
         * the thread was interrupted (its interrupt status is left set) or {@link #wakeup} was
         * called before a whole frame arrived; what arrived so far is kept for the next call.
         *
         * @throws EOFException when the peer closed the socket
         */
        Frame read(long deadline) throws IOException {
            if (!fill(HEADER, deadline)) {
                return null;
            }
            int len = buf.getInt(buf.position());
            int n = len - (HEADER - 4);
            if (n < 0 || len > maxFrame) {
                throw new IOException("malformed frame: length " + len + " (at most " + maxFrame + ")");
            }
            if (buf.remaining() >= HEADER + n) {
                buf.getInt();
                int id = buf.getInt();
                byte type = buf.get();
                byte[] payload = new byte[n];
                buf.get(payload);
                return new Frame(id, type, payload);
            }
            if (HEADER + n <= buf.capacity()) {
                return fill(HEADER + n, deadline) ? read(deadline) : null;
            }
            return readLarge(n, deadline);
        }

        /** A frame larger than the buffer: read straight into its own array. */
        private Frame readLarge(int n, long deadline) throws IOException {
            ByteBuffer whole = ByteBuffer.allocate(HEADER + n);
            while (buf.hasRemaining()) {
                whole.put(buf.get());
            }
            // A large frame is read to its end (stopping halfway would lose the stream's framing),
            // so an interrupt is kept for later rather than obeyed.
            boolean interrupted = Thread.interrupted();
            try {
                while (whole.hasRemaining()) {
                    int r = channel.read(whole);
                    if (r < 0) {
                        throw new EOFException("the peer closed the channel inside a frame");
                    }
                    if (r == 0) {
                        interrupted |= Thread.interrupted();
                        selector.select();
                        selector.selectedKeys().clear();
                    }
                }
            } finally {
                if (interrupted || Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                }
            }
            whole.flip();
            whole.getInt();
            int id = whole.getInt();
            byte type = whole.get();
            byte[] payload = new byte[n];
            whole.get(payload);
            return new Frame(id, type, payload);
        }

        /** Makes {@code n} bytes readable in the buffer; false at the deadline or on an interrupt. */
        private boolean fill(int n, long deadline) throws IOException {
            // Nothing buffered: the peer's next frame is rarely there yet, so wait before reading
            // (a read that finds nothing is a system call for nothing).
            if (!buf.hasRemaining() && !await(deadline)) {
                return false;
            }
            while (buf.remaining() < n) {
                buf.compact();
                int r;
                try {
                    r = channel.read(buf);
                } finally {
                    buf.flip();
                }
                if (r < 0) {
                    throw new EOFException("the peer closed the channel");
                }
                if (r == 0 && !await(deadline)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Waits until the socket is readable; false at the deadline, on an interrupt, or when
         * {@link #wakeup} was called (the caller then looks whether it still wants to read).
         *
         * <p>It polls for {@link #SPIN_NANOS} before it blocks. A thread blocked in the kernel is
         * woken on a CPU that has gone idle, and on a virtual machine with idle CPUs that wake-up
         * costs some 20 us, twice per round trip: a small call measured 58-61 us median on a quiet
         * 2-CPU machine against 22 us with both CPUs busy (ProcessBench). A reply or the next
         * request of a busy caller usually arrives within the poll (14 us), and a pod left idle
         * pays one poll of CPU before its reader blocks. When every CPU is taken, polling takes
         * one from the peer (a 50 us poll measured 96 us there), so after polls keep missing the
         * reader blocks at once for a while (19 us there).
         */
        private boolean await(long deadline) throws IOException {
            boolean spin = skipSpins == 0;
            if (!spin) {
                skipSpins--;
            }
            long spinEnd = System.nanoTime() + (spin ? SPIN_NANOS : 0);
            while (true) {
                if (woken) {
                    woken = false;
                    selector.selectNow(); // clears the selector's own pending wake-up
                    selector.selectedKeys().clear();
                    return false;
                }
                int ready = selector.selectNow();
                if (ready > 0) {
                    selector.selectedKeys().clear();
                    missedSpins = 0;
                    return !Thread.currentThread().isInterrupted();
                }
                long now = System.nanoTime();
                if (Thread.currentThread().isInterrupted() || (deadline != 0 && now - deadline >= 0)) {
                    return false;
                }
                if (now - spinEnd >= 0) {
                    // Polls that keep missing mean the peer is slow or the CPUs are taken, where
                    // polling only takes a CPU from the peer: block for a while, then try again.
                    if (spin && ++missedSpins >= MISSES_BEFORE_BACKOFF) {
                        missedSpins = 0;
                        skipSpins = BACKOFF_WAITS;
                    }
                    break;
                }
                Thread.onSpinWait();
            }
            long millis = 0;
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                millis = Math.max(1, (left + 999_999) / 1_000_000);
            }
            int ready = selector.select(millis);
            selector.selectedKeys().clear();
            woken = false; // a wake-up that came while blocking ended this select: it is spent
            return ready > 0 && !Thread.currentThread().isInterrupted();
        }

        /** Makes a thread waiting in {@link #read} return (null) at once. Any thread. */
        void wakeup() {
            woken = true;
            selector.wakeup();
        }

        /** Whether bytes of a next frame are already buffered. */
        boolean buffered() {
            return buf.hasRemaining();
        }

        void close() {
            closeQuietly(selector);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
