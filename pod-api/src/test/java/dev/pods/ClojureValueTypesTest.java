package dev.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keyword, Symbol, Ratio, Opaque and WithMeta: the neutral forms of Clojure values. */
class ClojureValueTypesTest {

    @Test
    void keywordsPrintParseAndOrderAsClojureDoes() {
        assertEquals(":a", Keyword.of("a").toString());
        assertEquals(":ns/a", Keyword.of("ns", "a").toString());
        assertEquals(Keyword.of("ns", "a"), Keyword.parse(":ns/a"));
        assertEquals(Keyword.of("ns", "a"), Keyword.parse("ns/a"));
        assertEquals(Keyword.of("a", "b/c"), Keyword.parse(":a/b/c"), "the namespace ends at the first slash");
        assertNotEquals(Keyword.of("a"), Symbol.of("a"));
        TreeSet<Keyword> sorted = new TreeSet<>(List.of(Keyword.of("b", "a"), Keyword.of("z"), Keyword.of("a", "b"),
                Keyword.of("a")));
        assertEquals("[:a, :z, :a/b, :b/a]", sorted.toString(), "no namespace first, as Clojure's compareTo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keyword.parse(":"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Keyword.parse(":/a"));
        assertThrows(IllegalArgumentException.class, () -> Keyword.of("", "a"));
        assertThrows(IllegalArgumentException.class, () -> Keyword.of(null));
    }

    @Test
    void symbolsIncludingTheDivisionFunction() {
        assertEquals("clojure.core/+", Symbol.parse("clojure.core/+").toString());
        assertEquals(Symbol.of("clojure.core", "/"), Symbol.parse("clojure.core//"));
        assertEquals(Symbol.of("/"), Symbol.parse("/"));
        assertEquals(Symbol.of("x"), Symbol.parse("x"));
        assertThrows(IllegalArgumentException.class, () -> Symbol.parse("a/"));
    }

    @Test
    void ratiosAreExactAndNormalised() {
        Ratio third = Ratio.of(2, 6);
        assertEquals(BigInteger.ONE, third.numerator());
        assertEquals(BigInteger.valueOf(3), third.denominator());
        assertEquals("1/3", third.toString());
        assertEquals(Ratio.of(-1, 3), Ratio.of(1, -3), "the sign moves to the numerator");
        assertEquals(new BigDecimal("0.3333"), third.toBigDecimal(new MathContext(4)));
        assertTrue(Ratio.of(1, 3).compareTo(Ratio.of(1, 2)) < 0);
        assertThrows(ArithmeticException.class, () -> Ratio.of(1, 0));
        IllegalArgumentException whole = assertThrows(IllegalArgumentException.class, () -> Ratio.of(4, 2));
        assertTrue(whole.getMessage().contains("whole number 2"), whole.getMessage());
    }

    @Test
    void opaquePrintsAsThePodPrintedIt() {
        Opaque v = new Opaque("clojure.lang.Var", "#'user/x");
        assertEquals("#'user/x", v.toString());
        assertEquals("clojure.lang.Var", v.type());
    }

    @Test
    void withMetaCopiesItsMap() {
        Map<Object, Object> m = new HashMap<>();
        m.put(Keyword.of("tag"), Symbol.of("String"));
        WithMeta w = new WithMeta(Symbol.of("s"), m);
        m.clear();
        assertEquals(Map.of(Keyword.of("tag"), Symbol.of("String")), w.meta());
        assertThrows(UnsupportedOperationException.class, () -> w.meta().clear());
    }
}
