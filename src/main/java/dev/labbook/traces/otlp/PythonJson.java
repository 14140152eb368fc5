package dev.labbook.traces.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as CPython's {@code json.dumps(value, ensure_ascii=False)} writes it. MLflow
 * stores every span attribute value that way and other code compares that text byte for byte,
 * so separators, escapes and float digits all have to match, not just the parsed value.
 *
 * <p>byte[] (an AnyValue's bytes_value) has no JSON form in Python: json.dumps raises, and MLflow's
 * encoder then falls back to {@code str(value)}, storing text like {@code "b'\\x00\\xff'"}. This
 * class writes the base64 text as a JSON string instead, the text proto JSON uses for bytes, so
 * the stored value keeps every byte and decodes with any base64 reader. That is a deliberate
 * difference from MLflow for this one type.
 */
public final class PythonJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {}

    /**
     * Renders a decoded value (see {@link OtlpTraces}): null, String, Boolean, a Long or other
     * integral number, a Double or Float, byte[], a List, a Map, or a {@link JsonNode}.
     *
     * @throws IllegalArgumentException for any other type, as json.dumps raises TypeError
     */
    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** Renders a Jackson tree: integral nodes as ints, every floating node as a float. */
    public static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /**
     * Parses JSON the way {@code json.loads} reads it: NaN, Infinity and -Infinity are numbers,
     * floats are doubles, integers keep every digit. (Jackson also takes a few spellings Python
     * does not, such as +Infinity.)
     *
     * @throws IllegalArgumentException when the text is not one JSON value
     */
    public static JsonNode parse(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("invalid JSON: no value");
        }
        return node;
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b ? "true" : "false");
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case Double d -> number(d, out);
            case Float f -> number(f.doubleValue(), out);
            case BigDecimal d -> number(d.doubleValue(), out);
            case byte[] bytes -> string(Base64.getEncoder().encodeToString(bytes), out);
            case JsonNode node -> write(node, out);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    string(key(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException(
                    "not JSON serializable: " + value.getClass().getName());
        }
    }

    /** json.dumps turns the scalar keys Python allows into strings; anything else is an error. */
    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Long n -> n.toString();
            case Integer n -> n.toString();
            case BigInteger n -> n.toString();
            case Double d -> dumps(d);
            default -> throw new IllegalArgumentException(
                    "keys must be str, int, float, bool or None, not " + key.getClass().getName());
        };
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.append(": ");
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.append(node.canConvertToLong() ? node.longValue() : node.bigIntegerValue());
                } else {
                    // json.loads reads every number with a point or exponent as a float, so a
                    // BigDecimal node stands for the double nearest it.
                    number(node.doubleValue(), out);
                }
            }
            case BINARY -> write(((BinaryNode) node).binaryValue(), out);
            case POJO -> write(((POJONode) node).getPojo(), out);
            case NULL, MISSING -> out.append("null");
        }
    }

    private static void number(double d, StringBuilder out) {
        if (Double.isNaN(d)) {
            out.append("NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
        } else {
            out.append(PythonFloat.repr(d));
        }
    }

    /**
     * A JSON string literal as json.dumps writes it; with {@code asciiOnly} as json.dumps' default
     * ensure_ascii=True does, escaping everything outside space..tilde (UTF-16 units, so characters
     * beyond the BMP come out as surrogate pairs, as in Python).
     */
    public static String quote(String value, boolean asciiOnly) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        string(value, out, asciiOnly);
        return out.toString();
    }

    private static void string(String s, StringBuilder out) {
        string(s, out, false);
    }

    /**
     * Python's escapes: the two-letter ones where they exist, a four-digit lowercase hex escape
     * for the other controls, and nothing else (not DEL, not U+2028, nothing above ASCII) unless
     * {@code asciiOnly}.
     */
    private static void string(String s, StringBuilder out, boolean asciiOnly) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
