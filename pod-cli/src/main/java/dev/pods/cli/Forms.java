package dev.pods.cli;

/**
 * Whether REPL input is a complete entry yet: its brackets are closed outside strings,
 * characters and comments (Clojure: {@code "..."}, {@code \c}, {@code ;}; Java: {@code "..."},
 * {@code '.'}, {@code //}, {@code /* *}{@code /}). An entry with more closers than openers is
 * complete: the language reports the error. A Java entry that ends with a binary operator
 * ({@code "a" +}) goes on too.
 */
final class Forms {
    private Forms() {
    }

    static boolean complete(String text, String language) {
        return "clojure".equals(language) ? clojure(text) : java(text);
    }

    private static boolean clojure(String s) {
        int depth = 0;
        boolean string = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '\\') {
                i++; // a character literal, \( included
            } else if (c == ';') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return !string && depth <= 0;
    }

    private static boolean java(String s) {
        int depth = 0;
        boolean string = false;
        boolean ch = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (string || ch) {
                if (c == '\\') {
                    i++;
                } else if (c == (string ? '"' : '\'')) {
                    string = false;
                    ch = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '\'') {
                ch = true;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    return false;
                }
                i = end + 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return !string && !ch && depth <= 0 && !continues(s);
    }

    /** Whether a Java entry ends with a binary operator (its expression goes on, on the next line). */
    private static boolean continues(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.endsWith("++") || t.endsWith("--")) {
            return false;
        }
        return "+-*/%=&|^,.?:<>!~".indexOf(t.charAt(t.length() - 1)) >= 0;
    }
}
