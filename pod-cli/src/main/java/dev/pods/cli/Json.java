package dev.pods.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON literals to JDK values and back, for {@code pods call}. Integers become {@link Integer}
 * when they fit, then {@link Long}, then {@link BigInteger}; other numbers {@link Double};
 * arrays {@link List}; objects {@link LinkedHashMap}. Parsing is strict: {@code ab} is refused
 * (a string is written {@code "ab"}).
 */
final class Json {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** Parses one JSON literal. @throws UserException naming the argument when it is not JSON */
    static Object parse(String text, String what) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new UserException(what + " '" + text + "' has text after its JSON value; give one JSON literal per argument");
            }
            return toJava(e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException) {
                throw (UserException) e;
            }
            throw new UserException(what + " '" + text + "' is not a JSON literal; write strings in quotes"
                    + " (e.g. '\"ab\"'), numbers, true/false, null, [arrays] or {objects}");
        }
    }

    static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            List<Object> list = new ArrayList<>(a.size());
            a.forEach(x -> list.add(toJava(x)));
            return list;
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                map.put(en.getKey(), toJava(en.getValue()));
            }
            return map;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        String text = p.getAsString();
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger i = new BigInteger(text);
            if (i.bitLength() < 32) {
                return i.intValue();
            }
            if (i.bitLength() < 64) {
                return i.longValue();
            }
            return i;
        }
        return new BigDecimal(text).doubleValue();
    }

    /** A value as JSON; values Gson cannot reflect on (JDK internals) become their string form. */
    static String format(Object value) {
        try {
            return GSON.toJson(value);
        } catch (JsonIOException | UnsupportedOperationException | IllegalArgumentException e) {
            return GSON.toJson(String.valueOf(value));
        }
    }

    /** For eval: strings as they are, everything else as JSON. */
    static String show(Object value) {
        return value instanceof String ? (String) value : format(value);
    }
}
