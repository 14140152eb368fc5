package dev.labbook.traces;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span's token usage ({input_tokens, output_tokens, total_tokens} and the cache counts) from
 * the first convention that has any count, as MLflow's _get_token_usage builds it. Counts are
 * Python ints: unbounded, and a JSON true or false stays a bool, which MLflow writes back as such.
 */
final class SpanTranslationTokens {
    private SpanTranslationTokens() {}

    /** The usage object, or null when no convention has a count. */
    static Map<String, Object> usage(Map<String, Object> attributes) {
        for (SpanTranslationSchema convention : GenAiConventions.ATTRIBUTES) {
            Object input = count(convention.inputTokens(attributes));
            Object output = count(convention.outputTokens(attributes));
            Object total = count(convention.totalTokens(attributes));
            if (total == null && input != null && output != null) {
                total = asInt(input).add(asInt(output));
            }
            if (input == null && output == null && total == null) {
                continue;
            }
            Map<String, Object> usage = new LinkedHashMap<>();
            putIfSet(usage, "input_tokens", input);
            putIfSet(usage, "output_tokens", output);
            putIfSet(usage, "total_tokens", total);
            putIfSet(usage, "cache_read_input_tokens", count(convention.cacheReadTokens(attributes)));
            putIfSet(usage, "cache_creation_input_tokens", count(convention.cacheCreationTokens(attributes)));
            return usage;
        }
        return null;
    }

    private static void putIfSet(Map<String, Object> usage, String key, Object value) {
        if (value != null) {
            usage.put(key, value);
        }
    }

    /**
     * MLflow's _parse_int_attribute: a JSON integer (or bool), or a string int() accepts either
     * inside JSON quotes or as the bare text; null for anything else, floats included.
     */
    static Object count(Object value) {
        if (value == null || value instanceof Boolean || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Long n) {
            return BigInteger.valueOf(n);
        }
        if (!(value instanceof String text)) {
            return null;
        }
        Object parsed = SpanTranslationPy.loads(text);
        if (parsed instanceof Boolean) {
            return parsed;
        }
        if (parsed instanceof Long n) {
            return BigInteger.valueOf(n);
        }
        if (parsed instanceof BigInteger) {
            return parsed;
        }
        if (parsed instanceof String inner) {
            BigInteger fromInner = SpanTranslationPy.parseInt(inner);
            if (fromInner != null) {
                return fromInner;
            }
        }
        return SpanTranslationPy.parseInt(text);
    }

    /** A Python int or bool as the int arithmetic sees it. */
    static BigInteger asInt(Object value) {
        if (value instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        return (BigInteger) value;
    }
}
