package dev.labbook.traces;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.labbook.traces.otlp.PythonJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bits of Python that MLflow's span translators lean on, over the decoded-value model (null,
 * String, Boolean, Long or BigInteger, Double, byte[], List, Map). The translators branch on
 * json.loads failing, on truthiness and on int(), so each has to behave as Python's does, not
 * merely similarly.
 */
final class SpanTranslationPy {
    /** What {@link #loads} returns for text json.loads rejects. */
    static final Object NOT_JSON = new Object();
    /** CPython's default limit on the digits int() converts (sys.get_int_max_str_digits). */
    private static final int PY_INT_MAX_DIGITS = 4300;

    private static final JsonMapper MAPPER = JsonMapper.builder(new JsonFactory()
                    .setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNumberLength(PY_INT_MAX_DIGITS)
                            .maxNestingDepth(1000)
                            .build()))
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SpanTranslationPy() {}

    /** json.loads: the decoded value, or {@link #NOT_JSON} where Python raises JSONDecodeError. */
    static Object loads(String text) {
        if (!pythonAccepts(text)) {
            return NOT_JSON;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            return NOT_JSON;
        }
        return node == null || node.isMissingNode() ? NOT_JSON : fromNode(node);
    }

    /** MLflow's try_json_loads: a string that is JSON decoded, anything else as it is. */
    static Object tryLoads(Object value) {
        if (value instanceof String s) {
            Object decoded = loads(s);
            return decoded == NOT_JSON ? value : decoded;
        }
        return value;
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Boolean b -> b;
            case Long n -> n != 0;
            case BigInteger n -> n.signum() != 0;
            // NaN is truthy in Python: it is not equal to zero.
            case Double d -> d != 0.0;
            case byte[] bytes -> bytes.length > 0;
            case List<?> list -> !list.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }

    /** {@code table.get(key)} as a Python dict lookup: lists and dicts are unhashable. */
    static String lookup(Map<String, String> table, Object key) {
        if (key instanceof List || key instanceof Map) {
            throw new SpanTranslationException("unhashable type: '" + (key instanceof List ? "list" : "dict") + "'");
        }
        return key instanceof String s ? table.get(s) : null;
    }

    /** json.dumps with its default ensure_ascii=True, which translators use for text they build. */
    static String dumpsAscii(Object value) {
        String text = PythonJson.dumps(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Python escapes everything outside space..tilde; controls are escaped already.
            if (c > '~') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Python's int(text) in base 10, or null where it raises ValueError. */
    static BigInteger parseInt(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        boolean negative = false;
        if (start < end && (text.charAt(start) == '+' || text.charAt(start) == '-')) {
            negative = text.charAt(start) == '-';
            start++;
        }
        StringBuilder digits = new StringBuilder();
        boolean afterDigit = false;
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '_') {
                // One underscore between digits, as in 1_000.
                if (!afterDigit || i >= end) {
                    return null;
                }
                afterDigit = false;
                continue;
            }
            if (Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
                return null;
            }
            digits.append((char) ('0' + Character.digit(cp, 10)));
            afterDigit = true;
        }
        if (digits.isEmpty() || !afterDigit || digits.length() > PY_INT_MAX_DIGITS) {
            return null;
        }
        BigInteger value = new BigInteger(digits.toString());
        return negative ? value.negate() : value;
    }

    /** str.isspace(): the characters int() strips. */
    private static boolean isPythonSpace(char c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    /**
     * Jackson's non-numeric numbers are a superset of Python's: it also reads +Infinity, -INF and
     * +INF, which json.loads rejects. Outside string literals a '+' may only start an exponent's
     * sign and "INF" may not appear at all.
     */
    private static boolean pythonAccepts(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '+' && (i == 0 || (text.charAt(i - 1) != 'e' && text.charAt(i - 1) != 'E'))) {
                return false;
            } else if (c == 'I' && text.startsWith("INF", i)) {
                return false;
            }
        }
        return true;
    }

    /** A parsed node as json.loads builds it: integers keep every digit. */
    private static Object fromNode(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : (Object) node.doubleValue();
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(fromNode(item)));
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), fromNode(e.getValue()));
                }
                yield map;
            }
            default -> null;
        };
    }
}
