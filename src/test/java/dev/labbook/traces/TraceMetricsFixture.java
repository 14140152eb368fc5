package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.SPANS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;

import org.jooq.DSLContext;

/**
 * The rows the trace metrics tests count, written with plain jOOQ. Traces a, b and e are on 2025-03-01,
 * c and d a day later, f in another experiment:
 *
 * <pre>
 * trace  name   status       latency  token usage                                  session  spans (ms)
 * a      chat   OK           100      in 10, out 5, total 15                       s1       chat 100 (gpt-4o/openai), tool 20
 * b      chat   ERROR        300      in 20, out "7", total 27.0                            chat 300 (claude, ERROR)
 * c      agent  OK           200      in 1.5, out true, total 9                    s2       agent 200, chat 100.9 (gpt-4o/openai)
 * d      agent  IN_PROGRESS  -        -                                                     agent (still open)
 * e      -      OK           50       not JSON                                              -
 * f      chat   OK           1000     (experiment 1)                                        -
 * </pre>
 *
 * MLflow keeps a count given as "7" or 27.0 and drops 1.5 and true. Valid assessments: a helpful true,
 * score 0.5; b helpful false, score 1.0 (and an overridden helpful "Yes"); c helpful " no ", score
 * "n/a", expectation {"x": 1}; f score 9.0.
 */
final class TraceMetricsFixture {
    /** 2025-03-01T00:00:00Z. */
    static final long T0 = 1_740_787_200_000L;
    static final long DAY = 86_400_000L;

    private TraceMetricsFixture() {}

    static void insert(DSLContext dsl) {
        dsl.insertInto(EXPERIMENTS, EXPERIMENTS.EXPERIMENT_ID, EXPERIMENTS.NAME, EXPERIMENTS.NAME_HASH,
                EXPERIMENTS.ARTIFACT_LOCATION, EXPERIMENTS.LIFECYCLE_STAGE, EXPERIMENTS.CREATION_TIME,
                EXPERIMENTS.LAST_UPDATE_TIME).values(1L, "other", "1".repeat(64), "/tmp/1", "active", 0L, 0L).execute();
        trace(dsl, 'a', 0, T0 + 1000, 100L, "OK", "chat");
        usage(dsl, 'a', "{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15}");
        metadata(dsl, 'a', "mlflow.trace.session", "s1");
        span(dsl, 'a', "a1", "chat", "CHAT_MODEL", "OK", 0, 100_000_000L, model("gpt-4o", "openai"));
        span(dsl, 'a', "a2", "tool", "TOOL", "OK", 10_000_000L, 30_000_000L, "{\"attributes\": {}}");
        assessment(dsl, 'a', "feedback", "helpful", "true", true);
        assessment(dsl, 'a', "feedback", "score", "0.5", true);

        trace(dsl, 'b', 0, T0 + 2000, 300L, "ERROR", "chat");
        usage(dsl, 'b', "{\"input_tokens\": 20, \"output_tokens\": \"7\", \"total_tokens\": 27.0}");
        span(dsl, 'b', "b1", "chat", "CHAT_MODEL", "ERROR", 0, 300_000_000L, model("claude", null));
        assessment(dsl, 'b', "feedback", "helpful", "\"Yes\"", false);
        assessment(dsl, 'b', "feedback", "helpful", "false", true);
        assessment(dsl, 'b', "feedback", "score", "1.0", true);

        trace(dsl, 'c', 0, T0 + DAY + 5, 200L, "OK", "agent");
        usage(dsl, 'c', "{\"input_tokens\": 1.5, \"output_tokens\": true, \"total_tokens\": 9}");
        metadata(dsl, 'c', "mlflow.trace.session", "s2");
        span(dsl, 'c', "c1", "agent", "AGENT", "OK", 0, 200_000_000L, "{\"attributes\": {\"mlflow.llm.model\": 3}}");
        span(dsl, 'c', "c2", "chat", "CHAT_MODEL", "OK", 5_000_000L, 105_900_000L, model("gpt-4o", "openai"));
        assessment(dsl, 'c', "feedback", "helpful", "\" no \"", true);
        assessment(dsl, 'c', "feedback", "score", "\"n/a\"", true);
        assessment(dsl, 'c', "expectation", "expected", "{\"x\": 1}", true);

        trace(dsl, 'd', 0, T0 + DAY + 10, null, "IN_PROGRESS", "agent");
        tag(dsl, 'd', "env", "prod");
        span(dsl, 'd', "d1", "agent", "AGENT", "UNSET", 0, null, "{\"attributes\": {}}");

        trace(dsl, 'e', 0, T0 + 10, 50L, "OK", null);
        usage(dsl, 'e', "not json");

        trace(dsl, 'f', 1, T0, 1000L, "OK", "chat");
        assessment(dsl, 'f', "feedback", "score", "9.0", true);
    }

    static String id(char trace) {
        return "tr-" + "0".repeat(31) + trace;
    }

    private static String model(String name, String provider) {
        // Attribute values are stored JSON-encoded, as MLflow's Span.to_dict() writes them.
        return "{\"name\": \"x\", \"attributes\": {\"mlflow.spanInputs\": \"{\\\"big\\\": [1, 2]}\", "
                + "\"mlflow.llm.model\": \"\\\"" + name + "\\\"\""
                + (provider == null ? "" : ", \"mlflow.llm.provider\": \"\\\"" + provider + "\\\"\"") + "}}";
    }

    private static void trace(DSLContext dsl, char t, long experiment, long timestamp, Long execution, String status,
                              String name) {
        dsl.insertInto(TRACE_INFO, TRACE_INFO.REQUEST_ID, TRACE_INFO.EXPERIMENT_ID, TRACE_INFO.TIMESTAMP_MS,
                TRACE_INFO.EXECUTION_TIME_MS, TRACE_INFO.STATUS).values(id(t), experiment, timestamp, execution, status)
                .execute();
        if (name != null) {
            tag(dsl, t, "mlflow.traceName", name);
        }
    }

    private static void tag(DSLContext dsl, char t, String key, String value) {
        dsl.insertInto(TRACE_TAGS, TRACE_TAGS.REQUEST_ID, TRACE_TAGS.KEY, TRACE_TAGS.VALUE).values(id(t), key, value)
                .execute();
    }

    private static void usage(DSLContext dsl, char t, String json) {
        metadata(dsl, t, "mlflow.trace.tokenUsage", json);
    }

    private static void metadata(DSLContext dsl, char t, String key, String value) {
        dsl.insertInto(TRACE_REQUEST_METADATA, TRACE_REQUEST_METADATA.REQUEST_ID, TRACE_REQUEST_METADATA.KEY,
                TRACE_REQUEST_METADATA.VALUE).values(id(t), key, value).execute();
    }

    /** A span starting {@code startNs} after its trace; {@code endNs} null while it is open. */
    private static void span(DSLContext dsl, char t, String spanId, String name, String type, String status,
                             long startNs, Long endNs, String content) {
        long base = dsl.select(TRACE_INFO.TIMESTAMP_MS).from(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.eq(id(t)))
                .fetchOne(TRACE_INFO.TIMESTAMP_MS) * 1_000_000L;
        dsl.insertInto(SPANS, SPANS.TRACE_ID, SPANS.SPAN_ID, SPANS.EXPERIMENT_ID, SPANS.NAME, SPANS.TYPE, SPANS.STATUS,
                SPANS.START_TIME_UNIX_NANO, SPANS.END_TIME_UNIX_NANO, SPANS.CONTENT)
                .values(id(t), spanId, t == 'f' ? 1L : 0L, name, type, status, base + startNs,
                        endNs == null ? null : base + endNs, content).execute();
    }

    private static void assessment(DSLContext dsl, char t, String type, String name, String value, boolean valid) {
        dsl.insertInto(ASSESSMENTS, ASSESSMENTS.ASSESSMENT_ID, ASSESSMENTS.TRACE_ID, ASSESSMENTS.NAME,
                ASSESSMENTS.ASSESSMENT_TYPE, ASSESSMENTS.VALUE, ASSESSMENTS.CREATED_TIMESTAMP,
                ASSESSMENTS.LAST_UPDATED_TIMESTAMP, ASSESSMENTS.SOURCE_TYPE, ASSESSMENTS.VALID)
                .values("a-" + t + "-" + name + "-" + valid, id(t), name, type, value, 0L, 0L, "HUMAN", valid).execute();
    }
}
