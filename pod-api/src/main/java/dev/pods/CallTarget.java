package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What {@link Pod#call} names: a public static method, {@code pkg.Class/method}, or a function of
 * a language runtime in the pod, {@code clojure:namespace/name}. One parser for every place that
 * takes a target (the pod, {@code pods call}, {@code pods watch}, the reload loop), so that all
 * accept and refuse the same text with the same message.
 *
 * <p>The grammar:
 * <pre>
 * target    = java | clojure
 * java      = className "/" method           com.google.common.base.Strings/repeat
 * className = identifier ("." identifier)*   binary name: a nested class is pkg.Outer$Inner
 * method    = identifier                     a Java identifier ($ and _ included)
 * clojure   = "clojure:" namespace "/" name  clojure:clojure.string/upper-case, clojure:clojure.core//
 * </pre>
 * A Clojure namespace or name is a symbol: no whitespace, no {@code / : , ( ) [ ] { } " ; @ ^ ` ~ \},
 * not starting with a digit or {@code '}; the name may be {@code /} itself. No other language
 * prefix is known: the other languages a pod offers are reached with {@link Pod#eval}.
 *
 * <p>Immutable; equal when the text is.
 */
@API(status = EXPERIMENTAL, since = "1.0")
public final class CallTarget {
    /** The language of {@code pkg.Class/method} targets. */
    public static final String JAVA = "java";
    /** The language prefix of Clojure vars, without its colon. */
    public static final String CLOJURE = "clojure";

    private static final String SHAPE = "write pkg.Class/method (a public static method; a nested class as"
            + " pkg.Outer$Inner/method) or clojure:namespace/name (a Clojure var)";
    private static final String NOT_IN_SYMBOLS = "/:,()[]{}\";@^`~\\";

    private final String text;
    private final String language;
    private final String owner;
    private final String member;

    private CallTarget(String text, String language, String owner, String member) {
        this.text = text;
        this.language = language;
        this.owner = owner;
        this.member = member;
    }

    /**
     * Parses {@code text}.
     *
     * @throws PodTargetException it is not a target: the message says what is wrong and the expected shape
     */
    public static CallTarget parse(String text) {
        Objects.requireNonNull(text, "call target");
        if (text.isEmpty()) {
            throw bad(text, "is empty");
        }
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String prefix = text.substring(0, colon);
            if (prefix.equals(CLOJURE)) {
                return clojure(text, text.substring(colon + 1));
            }
            if (prefix.isEmpty()) {
                throw bad(text, "has an empty language prefix before ':'");
            }
            if (prefix.equals(JAVA)) {
                throw bad(text, "has the prefix 'java:'; a Java method takes none");
            }
            throw bad(text, "names the language '" + prefix + "', which has no functions a call can name"
                    + " (the only prefix is 'clojure:'; reach other languages with eval)");
        }
        return java(text);
    }

    private static CallTarget java(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw bad(text, "has no '/' between the class and the method");
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw bad(text, "has more than one '/'");
        }
        String cls = text.substring(0, slash);
        String method = text.substring(slash + 1);
        if (cls.isEmpty()) {
            throw bad(text, "has no class before the '/'");
        }
        if (method.isEmpty()) {
            throw bad(text, "has no method after the '/'");
        }
        int start = 0;
        while (true) {
            int dot = cls.indexOf('.', start);
            String part = cls.substring(start, dot < 0 ? cls.length() : dot);
            if (part.isEmpty()) {
                throw bad(text, "has an empty part in the class name '" + cls + "'");
            }
            String why = notIdentifier(part);
            if (why != null) {
                throw bad(text, "has a class name '" + cls + "' whose part '" + part + "' " + why);
            }
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        String why = notIdentifier(method);
        if (why != null) {
            throw bad(text, "has a method name '" + method + "' that " + why);
        }
        return new CallTarget(text, JAVA, cls, method);
    }

    /** Why {@code s} is not a Java identifier, or null when it is. */
    private static String notIdentifier(String s) {
        int first = s.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            return "starts with " + describe(first) + ", which no Java name starts with";
        }
        for (int i = Character.charCount(first); i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!Character.isJavaIdentifierPart(c)) {
                return "holds " + describe(c) + ", which is not part of a Java name";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static CallTarget clojure(String text, String body) {
        int slash = body.indexOf('/');
        if (slash < 0) {
            throw bad(text, "has no '/' between the namespace and the name");
        }
        String ns = body.substring(0, slash);
        String name = body.substring(slash + 1);
        if (ns.isEmpty()) {
            throw bad(text, "has no namespace before the '/'");
        }
        if (name.isEmpty()) {
            throw bad(text, "has no name after the '/'");
        }
        String why = notSymbol(ns);
        if (why != null) {
            throw bad(text, "has a namespace '" + ns + "' that " + why);
        }
        if (!name.equals("/")) {
            why = notSymbol(name);
            if (why != null) {
                throw bad(text, "has a name '" + name + "' that " + why);
            }
        }
        return new CallTarget(text, CLOJURE, ns, name);
    }

    /** Why {@code s} is not a Clojure symbol without namespace, or null when it is. */
    private static String notSymbol(String s) {
        int first = s.codePointAt(0);
        if (Character.isDigit(first) || first == '\'') {
            return "starts with " + describe(first) + ", which no Clojure symbol starts with";
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || NOT_IN_SYMBOLS.indexOf(c) >= 0) {
                return "holds " + describe(c) + ", which a Clojure symbol cannot";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** A character as a message shows it: quoted, or named when it would not show. */
    private static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
            return String.format("U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    private static PodTargetException bad(String text, String problem) {
        return new PodTargetException(text, problem, "call target '" + text + "' " + problem + "; " + SHAPE);
    }

    /** {@value #JAVA} for {@code pkg.Class/method}, {@value #CLOJURE} for {@code clojure:ns/name}. */
    public String language() {
        return language;
    }

    /** Whether this names a public static method ({@code pkg.Class/method}). */
    public boolean isJava() {
        return language.equals(JAVA);
    }

    /** The class's binary name ({@code pkg.Outer$Inner}) or the Clojure namespace. */
    public String owner() {
        return owner;
    }

    /** The method's or the var's name. */
    public String member() {
        return member;
    }

    /** The target without its language prefix: {@code owner/member}. */
    public String unprefixed() {
        return owner + "/" + member;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallTarget && ((CallTarget) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The text it was parsed from, which {@link #parse} reads back to an equal target. */
    @Override
    public String toString() {
        return text;
    }
}
