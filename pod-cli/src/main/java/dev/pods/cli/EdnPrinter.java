package dev.pods.cli;

import dev.pods.Keyword;
import dev.pods.Opaque;
import dev.pods.Ratio;
import dev.pods.Symbol;
import dev.pods.WithMeta;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Prints the neutral form of Clojure values (what a Clojure pod's eval returns to a host
 * without Clojure) as Clojure prints them: {@code :k}, {@code a/b}, {@code 1/3}, {@code 2N},
 * {@code 1.5M}, {@code [1 2]} for a vector, {@code (1 2)} for a list, {@code #{}}, {@code {:a 1}},
 * {@code nil}, strings quoted; an opaque value as the pod printed it ({@code #'user/x}).
 */
final class EdnPrinter {
    private EdnPrinter() {
    }

    static String print(Object v) {
        StringBuilder sb = new StringBuilder();
        print(v, sb);
        return sb.toString();
    }

    private static void print(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String) {
            string((String) v, sb);
        } else if (v instanceof Character) {
            character((Character) v, sb);
        } else if (v instanceof BigInteger) {
            sb.append(v).append('N');
        } else if (v instanceof BigDecimal) {
            sb.append(((BigDecimal) v).toString()).append('M');
        } else if (v instanceof Keyword || v instanceof Symbol || v instanceof Ratio || v instanceof Opaque
                || v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof WithMeta) {
            print(((WithMeta) v).value(), sb);
        } else if (v instanceof Map) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(sep);
                print(e.getKey(), sb);
                sb.append(' ');
                print(e.getValue(), sb);
                sep = ", ";
            }
            sb.append('}');
        } else if (v instanceof Set) {
            items((Collection<?>) v, "#{", "}", sb);
        } else if (v instanceof List && v instanceof RandomAccess) {
            items((Collection<?>) v, "[", "]", sb);
        } else if (v instanceof Collection) {
            items((Collection<?>) v, "(", ")", sb);
        } else if (v instanceof Object[]) {
            items(java.util.Arrays.asList((Object[]) v), "[", "]", sb);
        } else {
            sb.append("#object[").append(v.getClass().getName()).append(" \"");
            sb.append(v).append("\"]");
        }
    }

    private static void items(Collection<?> c, String open, String close, StringBuilder sb) {
        sb.append(open);
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
            print(it.next(), sb);
            if (it.hasNext()) {
                sb.append(' ');
            }
        }
        sb.append(close);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }

    private static void character(char c, StringBuilder sb) {
        switch (c) {
            case '\n' -> sb.append("\\newline");
            case ' ' -> sb.append("\\space");
            case '\t' -> sb.append("\\tab");
            default -> sb.append('\\').append(c);
        }
    }
}
