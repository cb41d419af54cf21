package dev.pods.runtime.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The on-disk classpath cache: one small text file per request, named by a 64-bit hash of the
 * request's canonical key, holding the key itself (a hash collision reads as a miss), the
 * resolved tree and, for every file, its size and modification time.
 *
 * <p>A read trusts nothing: the trailing CRC-32 must match (a torn or edited file is corrupt),
 * the key must be equal, every file must exist unchanged, and an entry that involved a dynamic
 * version (range, snapshot, LATEST, RELEASE) expires after {@link #DYNAMIC_TTL_MILLIS}, like
 * Maven's daily update policy. Anything else is a miss; corrupt files are deleted. Writes go to
 * a temporary file moved into place atomically, so concurrent JVMs never see half an entry.
 *
 * <p>Reading an entry loads no Maven Resolver and no JGraphT class: this is the fast path of a
 * fresh JVM. Thread-safe (no state besides the directory).
 */
final class DiskCache {
    static final long DYNAMIC_TTL_MILLIS = 24L * 60 * 60 * 1000;
    // 2: node lines carry what dependency management changed (two more fields).
    private static final String MAGIC = "pods-classpath-cache\t2";

    private final Path dir;

    DiskCache(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path fileFor(String key) {
        return dir.resolve(hash(key).concat(".cp"));
    }

    /** A valid entry for the key, or empty (missing, corrupt, stale or expired). */
    Optional<Resolution> read(String key, long now) {
        Path f = fileFor(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            Resolver.log().debug("classpath cache entry {} unreadable: {}", f, e.toString());
            return Optional.empty();
        }
        Parsed p;
        try {
            p = parse(bytes);
        } catch (RuntimeException e) {
            Resolver.log().warn("classpath cache entry {} is corrupt ({}); deleting it and resolving again", f,
                    e.getMessage());
            deleteQuietly(f);
            return Optional.empty();
        }
        if (!p.key.equals(key)) {
            return Optional.empty();
        }
        if (p.expires != 0 && now >= p.expires) {
            Resolver.log().debug("classpath cache entry {} expired (dynamic versions)", f);
            return Optional.empty();
        }
        if (!p.tree.filesUnchanged()) {
            Resolver.log().debug("classpath cache entry {} is stale: a file changed or vanished", f);
            return Optional.empty();
        }
        return Optional.of(new Resolution(p.tree, Resolution.Origin.DISK_CACHE, p.created));
    }

    void write(String key, Tree tree, long now) throws IOException {
        StringBuilder sb = new StringBuilder(256 + tree.artifacts.size() * 160);
        sb.append(MAGIC).append('\n');
        sb.append("key\t").append(escape(key)).append('\n');
        sb.append("created\t").append(now).append('\n');
        sb.append("expires\t").append(tree.dynamic ? now + DYNAMIC_TTL_MILLIS : 0).append('\n');
        for (int i = 0; i < tree.artifacts.size(); i++) {
            ResolvedArtifact a = tree.artifacts.get(i);
            sb.append("a\t").append(escape(a.groupId())).append('\t').append(escape(a.artifactId())).append('\t')
                    .append(escape(a.extension())).append('\t').append(escape(a.classifier())).append('\t')
                    .append(escape(a.version())).append('\t').append(escape(a.scope())).append('\t')
                    .append(a.optional() ? '1' : '0').append('\t').append(tree.sizes[i]).append('\t')
                    .append(tree.mtimes[i]).append('\t')
                    .append(a.file().map(f -> escape(f.toString())).orElse("")).append('\n');
        }
        for (int i = 0; i < tree.size(); i++) {
            // Management: empty when none, else 'v' + the premanaged version ("v" alone: there was none).
            sb.append("n\t").append(tree.depth[i]).append('\t').append(tree.artifact[i]).append('\t')
                    .append(tree.kind[i]).append('\t').append(tree.winner[i]).append('\t')
                    .append(tree.premanaged[i] == null ? "" : "v" + escape(tree.premanaged[i])).append('\t')
                    .append(tree.managedBy[i] == null ? "" : escape(tree.managedBy[i])).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] end = ("end\t" + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        Path f = fileFor(key);
        Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
        try {
            byte[] all = new byte[body.length + end.length];
            System.arraycopy(body, 0, all, 0, body.length);
            System.arraycopy(end, 0, all, body.length, end.length);
            Files.write(tmp, all);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(tmp);
        }
    }

    private record Parsed(String key, long created, long expires, Tree tree) {
    }

    private static Parsed parse(byte[] bytes) {
        int endAt = lastLineStart(bytes);
        String last = new String(bytes, endAt, bytes.length - endAt, StandardCharsets.UTF_8);
        if (!last.startsWith("end\t") || !last.endsWith("\n")) {
            throw new IllegalArgumentException("no end marker (truncated?)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, endAt);
        if (!Long.toHexString(crc.getValue()).equals(last.substring(4, last.length() - 1))) { // "end\t" + hex + "\n"
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] lines = new String(bytes, 0, endAt, StandardCharsets.UTF_8).split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("unknown format '" + lines[0] + "'");
        }
        String key = unescape(field(lines[1], "key"));
        long created = Long.parseLong(field(lines[2], "created"));
        long expires = Long.parseLong(field(lines[3], "expires"));
        List<ResolvedArtifact> artifacts = new ArrayList<>();
        List<long[]> stats = new ArrayList<>();
        List<int[]> nodes = new ArrayList<>();
        List<Character> kinds = new ArrayList<>();
        List<String[]> management = new ArrayList<>();
        for (int i = 4; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "a" -> {
                    if (f.length != 11) {
                        throw new IllegalArgumentException("bad artifact line " + i);
                    }
                    Optional<Path> file = f[10].isEmpty() ? Optional.empty() : Optional.of(Path.of(unescape(f[10])));
                    artifacts.add(new ResolvedArtifact(unescape(f[1]), unescape(f[2]), unescape(f[3]), unescape(f[4]),
                            unescape(f[5]), unescape(f[6]), f[7].equals("1"), file));
                    long size = Long.parseLong(f[8]);
                    if ((size >= 0) != file.isPresent()) {
                        throw new IllegalArgumentException("file and size disagree on line " + i);
                    }
                    stats.add(new long[] {size, Long.parseLong(f[9])});
                }
                case "n" -> {
                    if (f.length != 7 || f[3].length() != 1 || !(f[5].isEmpty() || f[5].startsWith("v"))) {
                        throw new IllegalArgumentException("bad node line " + i);
                    }
                    nodes.add(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[4])});
                    kinds.add(f[3].charAt(0));
                    management.add(f[5].isEmpty() ? new String[2]
                            : new String[] {unescape(f[5].substring(1)), unescape(f[6])});
                }
                default -> throw new IllegalArgumentException("unknown line " + i);
            }
        }
        long[] sizes = new long[stats.size()];
        long[] mtimes = new long[stats.size()];
        for (int i = 0; i < stats.size(); i++) {
            sizes[i] = stats.get(i)[0];
            mtimes[i] = stats.get(i)[1];
        }
        int n = nodes.size();
        int[] depth = new int[n];
        int[] art = new int[n];
        int[] win = new int[n];
        char[] kind = new char[n];
        String[] premanaged = new String[n];
        String[] managedBy = new String[n];
        for (int i = 0; i < n; i++) {
            depth[i] = nodes.get(i)[0];
            art[i] = nodes.get(i)[1];
            win[i] = nodes.get(i)[2];
            kind[i] = kinds.get(i);
            premanaged[i] = management.get(i)[0];
            managedBy[i] = management.get(i)[1];
        }
        return new Parsed(key, created, expires, new Tree(artifacts, sizes, mtimes, depth, art, kind, win,
                premanaged, managedBy, expires != 0));
    }

    private static int lastLineStart(byte[] bytes) {
        int i = bytes.length - 2;
        while (i >= 0 && bytes[i] != '\n') {
            i--;
        }
        if (i < 0) {
            throw new IllegalArgumentException("empty or single-line file");
        }
        return i + 1;
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name) || line.length() <= name.length() || line.charAt(name.length()) != '\t') {
            throw new IllegalArgumentException("expected '" + name + "' line");
        }
        return line.substring(name.length() + 1);
    }

    static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException("dangling escape");
            }
            char e = s.charAt(i);
            switch (e) {
                case '\\' -> sb.append('\\');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
        return sb.toString();
    }

    /** FNV-1a, 64 bits, over the key's UTF-16 chars: a file name, not a security boundary (the key is compared too). */
    static String hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // best effort: a leftover temp or corrupt file is ignored by readers
        }
    }
}
