package dev.pods.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void literalsBecomeJdkValues() {
        assertEquals("ab", Json.parse("\"ab\"", "a"));
        assertEquals(3, Json.parse("3", "a"));
        assertEquals(5_000_000_000L, Json.parse("5000000000", "a"));
        assertEquals(new BigInteger("123456789012345678901234567890"), Json.parse("123456789012345678901234567890", "a"));
        assertEquals(1.5, Json.parse("1.5", "a"));
        assertEquals(1000.0, Json.parse("1e3", "a"));
        assertEquals(true, Json.parse("true", "a"));
        assertNull(Json.parse("null", "a"));
        assertEquals(List.of(1, "x", List.of()), Json.parse("[1, \"x\", []]", "a"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", 1);
        m.put("n", null);
        assertEquals(m, Json.parse("{\"k\": 1, \"n\": null}", "a"));
    }

    @Test
    void nonJsonIsRefusedWithAHint() {
        UserException e = assertThrows(UserException.class, () -> Json.parse("ab", "argument 2"));
        assertEquals("argument 2 'ab' is not a JSON literal; write strings in quotes (e.g. '\"ab\"'),"
                + " numbers, true/false, null, [arrays] or {objects}", e.getMessage());
        assertThrows(UserException.class, () -> Json.parse("1 2", "a"));
        assertThrows(UserException.class, () -> Json.parse("'single'", "a"));
        assertThrows(UserException.class, () -> Json.parse("", "a"));
    }

    @Test
    void resultsPrintAsJson() {
        assertEquals("\"ababab\"", Json.format("ababab"));
        assertEquals("[1,2]", Json.format(List.of(1, 2)));
        assertEquals("{\"a\":null}", Json.format(new LinkedHashMap<>(java.util.Collections.singletonMap("a", null))));
        assertEquals("null", Json.format(null));
        assertEquals("ababab", Json.show("ababab"));
        assertEquals("3", Json.show(3));
    }
}
