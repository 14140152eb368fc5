package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import dev.labbook.traces.otlp.PythonJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a trace's info learns from its spans when MLflow's store logs them: the trace's token usage,
 * its session and its user.
 *
 * <p>Usage is added up tree-aware, as MLflow does, because some integrations (pydantic_ai, dspy,
 * agno) put the cumulative usage of a run on the parent span as well as on each LLM call: a span's
 * usage is counted only when no ancestor has usage of its own.
 */
public final class TokenUsage {
    /** MLflow's TOKEN_COLUMN_BY_KEY order, which is the order the metadata lists them in. */
    private static final List<String> KEYS = List.of("input_tokens", "output_tokens", "total_tokens",
            "cache_read_input_tokens", "cache_creation_input_tokens", "cache_creation_input_tokens_above_1hr");
    private static final int ALWAYS_SUMMED = 3;
    static final int MAX_SESSION_ID_CHARS = 250;
    private static final BigDecimal BIGINT_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal BIGINT_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** A trace whose span ids repeat can loop; MLflow would never finish it. */
    private static final int MAX_VISITS = 1_000_000;

    private TokenUsage() {}

    /**
     * The trace's mlflow.trace.tokenUsage metadata as MLflow renders it, e.g. {"input_tokens": 10,
     * "output_tokens": 5, "total_tokens": 15}, or empty when no span has usage. MLflow keeps the
     * sums in BIGINT columns, so a sum that is not a whole number in that range is left out.
     *
     * @throws SpanTranslationException where MLflow's sum raises (a count that is a string or null)
     */
    public static Optional<String> traceTokenUsage(List<SpanNode> spans) {
        Map<String, Object> totals = aggregate(spans);
        if (totals == null) {
            return Optional.empty();
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        for (String key : KEYS) {
            Long count = bigint(totals.get(key));
            if (count != null) {
                usage.put(key, count);
            }
        }
        return usage.isEmpty() ? Optional.empty() : Optional.of(PythonJson.dumps(usage));
    }

    /** MLflow's _aggregate_from_nodes for token usage: the totals, or null when no span has usage. */
    private static Map<String, Object> aggregate(List<SpanNode> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        Map<String, List<SpanNode>> children = new HashMap<>();
        List<Object[]> stack = new ArrayList<>();
        for (SpanNode span : spans) {
            String parent = span.parentSpanId();
            if (parent != null && !parent.isEmpty() && ids.contains(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span);
            } else {
                stack.add(new Object[] {span, false});
            }
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        KEYS.subList(0, ALWAYS_SUMMED).forEach(key -> totals.put(key, BigInteger.ZERO));
        boolean hasData = false;
        for (int visits = 0; !stack.isEmpty(); visits++) {
            if (visits == MAX_VISITS) {
                throw new SpanTranslationException("span tree does not end: repeated span ids form a cycle");
            }
            Object[] entry = stack.removeLast();
            SpanNode span = (SpanNode) entry[0];
            boolean ancestorHasData = (Boolean) entry[1];
            Map<?, ?> data = usageData(span);
            if (data != null && !ancestorHasData) {
                for (String key : KEYS) {
                    boolean always = KEYS.indexOf(key) < ALWAYS_SUMMED;
                    if (always || data.containsKey(key)) {
                        Object current = totals.getOrDefault(key, BigInteger.ZERO);
                        totals.put(key, add(current, data.containsKey(key) ? data.get(key) : BigInteger.ZERO));
                    }
                }
                hasData = true;
            }
            boolean below = ancestorHasData || data != null;
            for (SpanNode child : children.getOrDefault(span.spanId(), List.of())) {
                stack.add(new Object[] {child, below});
            }
        }
        return hasData ? totals : null;
    }

    /** The span's usage object; usage that is not a JSON object counts as none. */
    private static Map<?, ?> usageData(SpanNode span) {
        String encoded = span.encodedAttributes().get(SpanTranslation.TOKEN_USAGE);
        return encoded != null && SpanTranslationPy.tryLoads(encoded) instanceof Map<?, ?> map ? map : null;
    }

    /** Python's {@code current + value} for the counts a usage object may hold. */
    private static Object add(Object current, Object value) {
        Object right = value instanceof Boolean b ? (b ? BigInteger.ONE : BigInteger.ZERO)
                : value instanceof Long n ? BigInteger.valueOf(n) : value;
        if (!(right instanceof BigInteger) && !(right instanceof Double)) {
            throw new SpanTranslationException("unsupported operand type(s) for +: a token count that is "
                    + (value == null ? "None" : "not a number"));
        }
        if (current instanceof BigInteger left && right instanceof BigInteger r) {
            return left.add(r);
        }
        return toFloat(current) + toFloat(right);
    }

    private static double toFloat(Object number) {
        if (number instanceof Double d) {
            return d;
        }
        double d = ((BigInteger) number).doubleValue();
        if (Double.isInfinite(d)) {
            throw new SpanTranslationException("int too large to convert to float");
        }
        return d;
    }

    /** MLflow's token_count_or_none: a whole number within BIGINT, else null. */
    private static Long bigint(Object value) {
        BigDecimal decimal;
        if (value instanceof BigInteger n) {
            decimal = new BigDecimal(n);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            // Decimal(str(value)): the float's shortest repr, not its exact binary value.
            decimal = new BigDecimal(PythonJson.dumps(d));
        } else {
            return null;
        }
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        if (decimal.compareTo(BIGINT_MIN) < 0 || decimal.compareTo(BIGINT_MAX) > 0) {
            return null;
        }
        return decimal.longValue();
    }

    /**
     * The trace's session: session.id, else gen_ai.conversation.id, of the first span with one,
     * JSON-decoded when it is a JSON string. The first span with a value decides, even when it
     * decodes to "" (which sets no session).
     *
     * @throws MlflowException INVALID_PARAMETER_VALUE for a session id over 250 characters, as
     *     MLflow refuses the request then
     */
    public static Optional<String> sessionId(List<SpanNode> spans) {
        for (SpanNode span : spans) {
            Map<String, String> attributes = span.encodedAttributes();
            String value = attributes.get("session.id");
            if (value == null || value.isEmpty()) {
                value = attributes.get("gen_ai.conversation.id");
            }
            if (value != null && !value.isEmpty()) {
                String session = jsonString(value);
                if (session.codePointCount(0, session.length()) > MAX_SESSION_ID_CHARS) {
                    throw MlflowException.invalidParameter(
                            "'Session ID' exceeds the maximum length of " + MAX_SESSION_ID_CHARS + " characters");
                }
                return session.isEmpty() ? Optional.empty() : Optional.of(session);
            }
        }
        return Optional.empty();
    }

    /** The trace's user: user.id of the first span with one, read like the session id. */
    public static Optional<String> userId(List<SpanNode> spans) {
        for (SpanNode span : spans) {
            String value = span.encodedAttributes().get("user.id");
            if (value != null && !value.isEmpty()) {
                String user = jsonString(value);
                return user.isEmpty() ? Optional.empty() : Optional.of(user);
            }
        }
        return Optional.empty();
    }

    /** MLflow's _try_parse_json_string: the string a JSON string holds, else the text as stored. */
    private static String jsonString(String encoded) {
        return SpanTranslationPy.loads(encoded) instanceof String s ? s : encoded;
    }
}
