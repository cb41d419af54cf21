package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pods.Keyword;
import dev.pods.Opaque;
import dev.pods.Ratio;
import dev.pods.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** pods repl reading standard input (no terminal), with Java (JShell in the pod: hermetic); the entry and printing rules. */
@Timeout(120)
class ReplTest {
    @TempDir
    Path tmp;

    @Test
    void javaEntriesFromStandardInputAndAResetThatForgetsState() throws Exception {
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings/>\n");
        Run r = Run.withInput("int x = 41;\nx + 1\nString s = \"a\" +\n  \"b\";\ns\n:reset\nx\n1 + 1\n",
                "repl", "-q", "-s", settings.toString(), "--no-default-repo", "--local-repo", tmp.resolve("local").toString());
        assertEquals(Main.USER_ERROR, r.code(), "an entry failed: " + r);
        List<String> out = r.out().lines().toList();
        assertEquals("41", out.get(0), r.toString());
        assertEquals("42", out.get(1), r.toString());
        assertEquals("\"ab\"", out.get(2), "a multi-line entry: " + r);
        assertEquals("\"ab\"", out.get(3), r.toString());
        assertTrue(out.get(4).startsWith(";; a fresh java pod, ready in"), r.toString());
        assertEquals("2", out.get(5), "the session goes on after an error: " + r);
        assertTrue(r.err().contains("error: ") && r.err().contains("x"), "x is gone after :reset: " + r);
    }

    @Test
    void anUnknownLanguageIsAUserError() {
        Run r = Run.of("repl", "--lang", "cobol", "--no-default-repo");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().contains("--lang cobol is not offered by pods repl; give java or clojure"), r.toString());
    }

    @Test
    void entriesEndWhenTheirBracketsClose() {
        assertTrue(Forms.complete("(+ 1 2)", "clojure"));
        assertFalse(Forms.complete("(+ 1\n", "clojure"));
        assertFalse(Forms.complete("(str \")\"", "clojure"), "a bracket in a string does not count");
        assertTrue(Forms.complete("(str \\( )", "clojure"), "nor a character literal");
        assertFalse(Forms.complete("(+ 1 ; 2)\n", "clojure"), "nor one in a comment");
        assertTrue(Forms.complete(":reset", "clojure"));
        assertTrue(Forms.complete("(+ 1))", "clojure"), "extra closers: the language reports them");
        assertFalse(Forms.complete("void f() {", "java"));
        assertTrue(Forms.complete("String s = \"{\";", "java"));
        assertTrue(Forms.complete("char c = '(';", "java"));
        assertFalse(Forms.complete("/* { */ int[] a = {", "java"));
        assertFalse(Forms.complete("String s = \"a\" +", "java"), "an operator at the end continues");
        assertTrue(Forms.complete("i++", "java"));
    }

    @Test
    void clojureValuesPrintAsClojurePrintsThem() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("v"), new ArrayList<>(List.of(1L, Symbol.of("a", "b"))));
        m.put(Keyword.of("l"), new LinkedList<>(Arrays.asList(Ratio.of(1, 3), null)));
        m.put("s", new LinkedHashSet<>(List.of('x', BigInteger.TWO, new BigDecimal("1.5"))));
        m.put(Keyword.of("ns", "var"), new Opaque("clojure.lang.Var", "#'user/x"));
        assertEquals("{:v [1 a/b], :l (1/3 nil), \"s\" #{\\x 2N 1.5M}, :ns/var #'user/x}", EdnPrinter.print(m));
        assertEquals("\"a\\\"b\\n\"", EdnPrinter.print("a\"b\n"));
    }
}
