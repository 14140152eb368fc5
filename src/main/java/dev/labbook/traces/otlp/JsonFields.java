package dev.labbook.traces.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Field access and scalar conversion for OTLP JSON, by the proto3 JSON mapping: a field may be
 * named in lowerCamelCase or as in the .proto, JSON null means unset, 64-bit integers may be
 * numbers or decimal strings. A value of the wrong JSON type is a format error.
 */
final class JsonFields {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonFields() {}

    /** The field's value, or null when it is absent or JSON null. */
    static JsonNode get(JsonNode object, String camel, String snake) {
        JsonNode v = object.get(camel);
        if (v == null && snake != null) {
            v = object.get(snake);
        }
        return v == null || v.isNull() ? null : v;
    }

    /** A message-typed value must be a JSON object. */
    static JsonNode object(JsonNode v, String what) {
        if (!v.isObject()) {
            throw new OtlpFormatException(what + " must be a JSON object");
        }
        return v;
    }

    /** A repeated field: absent is empty. */
    static List<JsonNode> array(JsonNode object, String camel, String snake) {
        JsonNode v = get(object, camel, snake);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new OtlpFormatException(camel + " must be a JSON array");
        }
        return v.valueStream().toList();
    }

    static String string(JsonNode object, String camel, String snake) {
        JsonNode v = get(object, camel, snake);
        return v == null ? "" : text(v, camel);
    }

    static String text(JsonNode v, String what) {
        if (!v.isTextual()) {
            throw new OtlpFormatException(what + " must be a string");
        }
        return v.textValue();
    }

    static byte[] hexId(JsonNode object, String camel, String snake) {
        return OtlpIds.fromHex(string(object, camel, snake), camel);
    }

    /** A fixed64 field (the timestamps): unsigned, so up to 2^64-1, kept in a long's bits. */
    static long uint64(JsonNode object, String camel, String snake) {
        JsonNode v = get(object, camel, snake);
        if (v == null) {
            return 0;
        }
        BigInteger n = integer(v, camel);
        if (n.signum() < 0 || n.compareTo(MAX_UINT64) > 0) {
            throw new OtlpFormatException(camel + " is out of range");
        }
        return n.longValue();
    }

    /** An int64 value (intValue): signed. */
    static long int64(JsonNode v, String what) {
        if (v.isInt() || v.isLong()) {
            return v.longValue();
        }
        BigInteger n = integer(v, what);
        if (n.bitLength() > 63) {
            throw new OtlpFormatException(what + " is out of range");
        }
        return n.longValue();
    }

    /**
     * Proto JSON's integers: a JSON integer, a float with no fraction (1e3), or a decimal string.
     * Booleans and fractional values are refused, as protobuf's JSON parser refuses them.
     */
    private static BigInteger integer(JsonNode v, String what) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue();
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d)) {
                return new BigDecimal(d).toBigIntegerExact();
            }
        } else if (v.isTextual() && DECIMAL.matcher(v.textValue()).matches()) {
            return new BigInteger(v.textValue());
        }
        throw new OtlpFormatException(what + " must be an integer");
    }

    /**
     * An enum: its number or its name. An unknown name reads as 0, the enum's unset value, since
     * unknown fields are ignored and protobuf's JSON parser, told to ignore them, treats an
     * unknown enum name the same way.
     */
    static int enumValue(JsonNode object, String camel, String snake, Map<String, Integer> names) {
        JsonNode v = get(object, camel, snake);
        if (v == null) {
            return 0;
        }
        if (v.isTextual() && !DECIMAL.matcher(v.textValue()).matches()) {
            return names.getOrDefault(v.textValue(), 0);
        }
        long n = int64(v, camel);
        if (n != (int) n) {
            throw new OtlpFormatException(camel + " is out of range");
        }
        return (int) n;
    }

    static boolean bool(JsonNode v, String what) {
        if (!v.isBoolean()) {
            throw new OtlpFormatException(what + " must be a boolean");
        }
        return v.booleanValue();
    }

    /** A double: a JSON number, a numeric string, or "NaN", "Infinity", "-Infinity". */
    static double doubleValue(JsonNode v, String what) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            String s = v.textValue();
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    // Java's parser also takes "NaN", hex floats and a trailing 'd'; the
                    // pattern keeps to JSON's number syntax.
                    if (JSON_NUMBER.matcher(s).matches()) {
                        return Double.parseDouble(s);
                    }
                }
            }
        }
        throw new OtlpFormatException(what + " must be a number");
    }

    /** Bytes are base64, standard or URL-safe alphabet, padding optional, as proto JSON allows. */
    static byte[] base64(JsonNode v, String what) {
        String s = text(v, what).replace('-', '+').replace('_', '/');
        try {
            if (s.length() % 4 == 1) {
                throw new IllegalArgumentException("no base64 has this length");
            }
            return Base64.getDecoder().decode(s.length() % 4 == 0 ? s : s + "=".repeat(4 - s.length() % 4));
        } catch (IllegalArgumentException e) {
            throw new OtlpFormatException(what + " is not valid base64");
        }
    }
}
