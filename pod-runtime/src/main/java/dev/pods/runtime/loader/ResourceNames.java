package dev.pods.runtime.loader;

/**
 * Resource names as the JDK's class loaders turn them into URLs and packages.
 *
 * <p>The URL of a resource is its entry's base URL plus the name encoded the way the JDK's
 * {@code URLClassLoader} encodes it, so that code comparing URLs as strings (or building one
 * loader's URL from another's) sees the same text inside a pod as outside.
 */
final class ResourceNames {
    /** The characters the JDK escapes in a resource name: RFC 2396's reserved and excluded ones, and controls. */
    private static final String ESCAPED = "=;?# <>%\"{}|\\^[]`";

    private ResourceNames() {
    }

    /**
     * Encodes a resource name for the path of a URL: {@code /} stays, the characters in
     * {@link #ESCAPED} and ASCII controls become {@code %xx} (lower-case hex, as the JDK writes
     * them), and every other non-ASCII char becomes the {@code %xx} of its UTF-8 bytes (each char
     * on its own, surrogates included, again as the JDK does).
     */
    static String encodePath(String name) {
        int first = firstToEscape(name);
        if (first < 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 16).append(name, 0, first);
        for (int i = first; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80) {
                if (mustEscape(c)) {
                    escape(sb, c);
                } else {
                    sb.append(c);
                }
            } else if (c < 0x800) {
                escape(sb, 0xC0 | (c >> 6));
                escape(sb, 0x80 | (c & 0x3F));
            } else {
                escape(sb, 0xE0 | (c >> 12));
                escape(sb, 0x80 | ((c >> 6) & 0x3F));
                escape(sb, 0x80 | (c & 0x3F));
            }
        }
        return sb.toString();
    }

    private static int firstToEscape(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80 || mustEscape(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean mustEscape(char c) {
        return c < 0x20 || c == 0x7F || ESCAPED.indexOf(c) >= 0;
    }

    private static void escape(StringBuilder sb, int b) {
        sb.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }

    /**
     * The package a resource name lies in ({@code com/acme/a.txt} and {@code com/acme/} give
     * {@code com.acme}), or null for a name at the root.
     */
    static String packageOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? null : name.substring(0, slash).replace('/', '.');
    }

    /**
     * The package a name stands for when it names a folder ({@code com/acme} gives
     * {@code com.acme}), or null when it cannot be a package's folder (a segment that is not a
     * Java identifier, such as {@code spi.properties}).
     */
    static String packageNamed(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return null;
        }
        int start = 0;
        while (true) {
            int slash = n.indexOf('/', start);
            int end = slash < 0 ? n.length() : slash;
            if (end == start || !Character.isJavaIdentifierStart(n.charAt(start))) {
                return null;
            }
            for (int i = start + 1; i < end; i++) {
                if (!Character.isJavaIdentifierPart(n.charAt(i))) {
                    return null;
                }
            }
            if (slash < 0) {
                return n.replace('/', '.');
            }
            start = slash + 1;
        }
    }
}
