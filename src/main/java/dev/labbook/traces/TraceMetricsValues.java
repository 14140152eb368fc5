package dev.labbook.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.labbook.traces.otlp.PythonJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The values MLflow's store copies out of JSON into typed columns as traces and spans arrive (token
 * counts, costs, span models), read here from the JSON Labbook keeps, with MLflow's Python rules for
 * which values count.
 */
final class TraceMetricsValues {
    /** MLflow's TOKEN_COLUMN_BY_KEY and COST_COLUMN_BY_KEY, in their order. */
    static final List<String> TOKEN_KEYS = List.of("input_tokens", "output_tokens", "total_tokens",
            "cache_read_input_tokens", "cache_creation_input_tokens", "cache_creation_input_tokens_above_1hr");
    static final List<String> COST_KEYS = List.of("input_cost", "output_cost", "total_cost");
    static final String COST_METADATA = "mlflow.trace.cost";
    /** MODEL_DIMENSION_MAX_LENGTH: MLflow keeps the first 500 characters of a model or provider name. */
    private static final int MODEL_DIMENSION_MAX_LENGTH = 500;
    private static final BigDecimal BIGINT_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal BIGINT_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final JsonFactory CONTENT = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(1000).build())
            .build();

    private TraceMetricsValues() {}

    /** One count of a trace's token usage metadata (analytics_columns_from_metadata), or null. */
    static Long tokenCount(String usageJson, String key) {
        Object usage = usageJson == null ? null : SpanTranslationPy.loads(usageJson);
        return usage instanceof Map<?, ?> map && map.containsKey(key) ? tokenCountOrNone(map.get(key)) : null;
    }

    /** token_count_or_none: Decimal(str(value)) when it is a whole number within BIGINT; never a bool. */
    static Long tokenCountOrNone(Object value) {
        BigDecimal decimal = switch (value) {
            case Long n -> BigDecimal.valueOf(n);
            case BigInteger n -> new BigDecimal(n);
            case Double d -> Double.isFinite(d) ? new BigDecimal(PythonJson.dumps(d)) : null;
            case String s -> decimal(s);
            case null, default -> null;
        };
        if (decimal == null || (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0)) {
            return null;
        }
        return decimal.compareTo(BIGINT_MIN) < 0 || decimal.compareTo(BIGINT_MAX) > 0 ? null : decimal.longValue();
    }

    /** finite_float_or_none: float(value) when finite; never a bool. */
    static Double finiteFloatOrNone(Object value) {
        Double d = switch (value) {
            case Long n -> n.doubleValue();
            case BigInteger n -> n.doubleValue();
            case Double x -> x;
            case String s -> {
                BigDecimal parsed = decimal(s);
                yield parsed == null ? null : parsed.doubleValue();
            }
            case null, default -> null;
        };
        return d != null && Double.isFinite(d) ? d : null;
    }

    /** Python's Decimal(text) for finite numbers: surrounding spaces and digit-group underscores allowed. */
    private static BigDecimal decimal(String text) {
        String s = text.strip().replaceAll("(?<=\\d)_(?=\\d)", "");
        return DECIMAL.matcher(s).matches() ? new BigDecimal(s.endsWith(".") ? s + "0" : s) : null;
    }

    /**
     * Whether {@code value} is the only text an equality filter on mlflow.trace.tokenUsage or
     * mlflow.trace.cost can match: MLflow compares the typed columns, and only when the filter value is
     * the exact JSON its own store would write for those columns (json.dumps of the counts it keeps).
     */
    static boolean canonicalReservedMetadata(String key, String value) {
        boolean tokens = !key.equals(COST_METADATA);
        List<String> keys = tokens ? TOKEN_KEYS : COST_KEYS;
        Function<Object, Object> converter = tokens ? TraceMetricsValues::tokenCountOrNone
                : TraceMetricsValues::finiteFloatOrNone;
        if (!(SpanTranslationPy.loads(value) instanceof Map<?, ?> parsed) || !keys.containsAll(parsed.keySet())) {
            return false;
        }
        Map<String, Object> normalized = new LinkedHashMap<>();
        for (String k : keys) {
            Object converted = converter.apply(parsed.get(k));
            if (converted != null) {
                normalized.put(k, converted);
            }
        }
        return !normalized.isEmpty() && value.equals(PythonJson.dumps(normalized));
    }

    /**
     * A span attribute as MLflow's store copies it into the span's model columns: the attribute's JSON
     * text decoded when it is a JSON string, cut to 500 characters; null when absent or not a string.
     */
    static String spanAttribute(String content, String attribute) {
        String encoded = encodedAttribute(content, attribute);
        if (encoded == null) {
            return null;
        }
        String text = SpanTranslationPy.loads(encoded) instanceof String s ? s : encoded;
        return text.codePointCount(0, text.length()) <= MODEL_DIMENSION_MAX_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, MODEL_DIMENSION_MAX_LENGTH));
    }

    /** The attribute's stored text, streaming past everything else (inputs and outputs can be large). */
    private static String encodedAttribute(String content, String attribute) {
        try (JsonParser p = CONTENT.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (field.equals("attributes") && token == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken value = p.nextToken();
                        if (name.equals(attribute)) {
                            return value == JsonToken.VALUE_STRING ? p.getText() : null;
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
