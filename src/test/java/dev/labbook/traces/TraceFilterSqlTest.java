package dev.labbook.traces;

import static dev.labbook.db.schema.Tables.ASSESSMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.RUNS;
import static dev.labbook.db.schema.Tables.SPANS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.TRACE_REQUEST_METADATA;
import static dev.labbook.db.schema.Tables.TRACE_RUN_LINKS;
import static dev.labbook.db.schema.Tables.TRACE_TAGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.labbook.db.BackendUri;
import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.Migrations;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of trace filter and order over a fresh H2 database. The fixture (see {@link #insertFixture}) is
 * five traces a..e in the Default experiment and f in another; the expected traces were obtained by loading
 * the same fixture into MLflow 3.18's SQL store and running the same searches there.
 */
class TraceFilterSqlTest {
    private static final String RUN_1 = "11111111111111111111111111111111";
    private static final String RUN_2 = "22222222222222222222222222222222";
    private static Database db;
    private static int assessments;

    @BeforeAll
    static void createDatabase() {
        db = new Database(BackendUri.parse("h2:mem:traces-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), 2);
        Migrations.apply(db.dataSource(), SQLDialect.H2);
        db.tx(dsl -> {
            insertFixture(dsl);
            return null;
        });
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                // Attributes.
                arguments("status = 'OK'", "ade"),
                arguments("trace.status IN ('OK','ERROR')", "acde"),
                arguments("status != 'OK'", "bc"),
                arguments("status LIKE 'O%'", "ade"),
                arguments("status RLIKE '^IN_'", "b"),
                arguments("status RLIKE 'ok'", ""),
                arguments("status RLIKE '(?i)ok'", "ade"), // a pattern's own flag overrides case sensitivity
                arguments("request_id = '" + id('a') + "'", "a"),
                arguments("request_id IN ('" + id('a') + "', '" + id('c') + "')", "ac"),
                arguments("request_id NOT IN ('" + id('a') + "')", "bcde"),
                arguments("client_request_id LIKE 'c-%'", "acde"),
                arguments("client_request_id != 'c-a'", "cde"),
                arguments("client_request_id ILIKE 'C-A'", "a"),
                arguments("timestamp > 1500", "bcde"),
                arguments("timestamp_ms >= 2000 AND timestamp_ms < 3000", "bc"),
                arguments("attributes.timestamp_ms > '2500'", "de"),
                arguments("execution_time_ms > 60", "ac"),
                arguments("execution_time < 60", "de"),
                arguments("end_time <= 2000", "ab"),
                arguments("end_time_ms > 2050", "cde"),
                // Tags, including the trace name and linked prompts.
                arguments("tags.env = 'prod'", "ac"),
                arguments("tag.env != 'prod'", "be"),
                arguments("tags.env IS NULL", "d"),
                arguments("tags.env IS NOT NULL", "abce"),
                arguments("tags.env LIKE 'pr%'", "ac"),
                arguments("tags.env ILIKE 'PROD'", "ac"),
                arguments("tags.env RLIKE 'd.v'", "b"),
                arguments("name = 'chat'", "a"),
                arguments("name ILIKE 'chat'", "ab"),
                arguments("name IS NULL", "ce"),
                arguments("tags.Name LIKE 'sum%'", "d"),
                arguments("feedback.name = 'chat'", "a"),
                arguments("prompt = 'qa_prompt/1'", "a"),
                arguments("prompt = 'qa_prompt/2'", ""),
                arguments("prompt = 'qa%prompt/1'", ""),
                // Request metadata and runs.
                arguments("metadata.`mlflow.user` = 'alice'", "a"),
                arguments("run_id = '" + RUN_1 + "'", "ac"),
                arguments("run_id = '" + RUN_2 + "'", "d"),
                arguments("run_id != '" + RUN_1 + "'", "d"),
                arguments("run_id LIKE '1111%'", "a"),
                arguments("metadata.`mlflow.sourceRun` IS NULL", "bce"),
                arguments("request_metadata.`mlflow.trace.session` = 's1'", "ab"),
                // Spans: all span comparisons of one filter hold on one span.
                arguments("span.name = 'llm'", "ab"),
                arguments("span.name = 'llm' AND span.status = 'ERROR'", "b"),
                arguments("span.name = 'retrieve' AND span.status = 'ERROR'", ""),
                arguments("span.type IN ('TOOL','RETRIEVER')", "bc"),
                arguments("span.status != 'OK'", "b"),
                arguments("span.name RLIKE '^re'", "b"),
                arguments("span.name NOT IN ('llm')", "bc"),
                arguments("span.content LIKE '%hello world%'", "a"),
                arguments("text ILIKE '%HELLO%'", "ab"),
                arguments("span.attributes.model LIKE '%gpt%'", "ac"),
                arguments("span.attributes.model ILIKE '%GPT-4O%'", "ac"),
                arguments("span.attributes.model RLIKE '^gpt-4o$'", "a"),
                arguments("span.attributes.model RLIKE 'gpt'", "ac"),
                arguments("span.attributes.`model` RLIKE '^gpt'", "ac"),
                arguments("span.attributes.model = 'gpt-4o'", ""),
                arguments("span.attributes.model != 'gpt-4o'", "abc"),
                // Feedback and expectations: valid ones only, values as JSON, session-wide ones too.
                arguments("feedback.correctness = 'yes'", "a"),
                arguments("feedback.correctness = 'false'", "b"),
                arguments("feedback.correctness != 'yes'", "b"),
                arguments("feedback.score > 0.5", "a"),
                arguments("feedback.score < 0.5", "b"),
                arguments("feedback.score >= 0.3", "ab"),
                arguments("feedback.score = '0.9'", "a"),
                arguments("feedback.score IS NULL", "de"),
                arguments("feedback.score IS NOT NULL", "abc"),
                arguments("feedback.correctness LIKE '%ye%'", "a"),
                arguments("feedback.correctness ILIKE '%YES%'", "a"),
                arguments("expectation.answer = 'Paris'", "a"),
                arguments("expectation.answer = 'paris'", ""),
                arguments("expectation.city = 'Zürich'", "c"),
                arguments("feedback.quality = 'good'", "de"),
                arguments("feedback.quality IS NULL", "abc"),
                arguments("feedback.quality IS NOT NULL", "de"),
                arguments("feedback.quality = 'poor'", ""),
                arguments("expectation.correctness IS NULL", "abcde"),
                // Issues, and several kinds at once.
                arguments("issue.id = 'iss-1'", "c"),
                arguments("tags.env = 'prod' AND span.name = 'tool' AND feedback.score IS NOT NULL", "c"),
                arguments("", "abcde"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("filters")
    void filterFindsMlflowsTraces(String filter, String expected) {
        assertEquals(expected, letters(matching(TraceFilterSql.where(FilterParser.parse(filter, SearchKind.TRACES)))));
    }

    /** The plan for common tag and metadata values (a probe per trace) finds the same traces as the IN plan. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("filters")
    void probingEachTraceFindsTheSameTraces(String filter, String expected) {
        assertEquals(expected, letters(matching(TraceFilterSql.where(FilterParser.parse(filter, SearchKind.TRACES), true))));
    }

    private static List<String> matching(Condition where) {
        return db.dsl().select(TRACE_INFO.REQUEST_ID).from(TRACE_INFO)
                .where(TRACE_INFO.EXPERIMENT_ID.eq(0L)).and(where)
                .orderBy(TRACE_INFO.REQUEST_ID).fetch(TRACE_INFO.REQUEST_ID);
    }

    @Test
    void probesOnlyPlainTagAndMetadataEqualities() {
        assertTrue(TraceFilterSql.probeableEquality(FilterParser.parse(
                "tags.env LIKE 'p%' AND metadata.k = 'v'", SearchKind.TRACES)).orElseThrow()
                .identifier().key().equals("k"));
        assertTrue(TraceFilterSql.probeableEquality(FilterParser.parse(
                "run_id = 'r' AND tags.env != 'prod' AND trace.status = 'OK'", SearchKind.TRACES)).isEmpty());
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments(List.of(), "edbca"),
                arguments(List.of("timestamp ASC"), "abcde"),
                arguments(List.of("execution_time DESC"), "acdeb"),
                arguments(List.of("execution_time_ms ASC"), "edcab"),
                arguments(List.of("end_time DESC"), "edcba"),
                arguments(List.of("name ASC"), "badec"),
                arguments(List.of("name DESC"), "dabec"),
                arguments(List.of("tags.env DESC"), "ecabd"),
                arguments(List.of("run_id ASC"), "adebc"),
                arguments(List.of("metadata.`mlflow.trace.session` ASC"), "baedc"),
                arguments(List.of("status ASC"), "cbeda"),
                arguments(List.of("request_id DESC"), "edcba"),
                arguments(List.of("experiment_id", "timestamp_ms ASC"), "abcde"),
                arguments(List.of("request_id DESC", "timestamp ASC"), "edcba"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void ordersAsMlflow(List<String> orderBy, String expected) {
        List<SortKey> keys = TraceFilterSql.sortKeys(orderBy);
        List<String> ids = db.dsl().select(TRACE_INFO.REQUEST_ID).from(TRACE_INFO)
                .where(TRACE_INFO.EXPERIMENT_ID.eq(0L))
                .orderBy(keys.stream().map(SortKey::orderField).toList()).fetch(TRACE_INFO.REQUEST_ID);
        assertEquals(expected, letters(ids));
    }

    /** Pages of two, each continuing after the last row's sort values, visit the traces in the same order. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void keysetPagesFollowTheOrder(List<String> orderBy, String expected) {
        List<SortKey> keys = TraceFilterSql.sortKeys(orderBy);
        DSLContext dsl = db.dsl();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Condition after = token == null ? DSL.trueCondition()
                    : Keyset.after(keys, Keyset.parseToken(token, keys));
            List<Record> rows = new ArrayList<>(dsl.select(Keyset.selectWithSortKeys(TRACE_INFO.fields(), keys))
                    .from(TRACE_INFO).where(TRACE_INFO.EXPERIMENT_ID.eq(0L)).and(after)
                    .orderBy(keys.stream().map(SortKey::orderField).toList()).limit(3).fetch());
            token = Keyset.nextToken(rows, 2, keys);
            rows.stream().limit(2).forEach(r -> seen.add(r.get(TRACE_INFO.REQUEST_ID)));
        } while (token != null);
        assertEquals(expected, letters(seen));
    }

    @Test
    void defaultOrderEndsWithTheUniqueRequestId() {
        List<SortKey> keys = TraceFilterSql.sortKeys(List.of("name"));
        assertEquals(TRACE_INFO.REQUEST_ID, keys.get(keys.size() - 1).field());
        assertEquals(List.of(TRACE_INFO.REQUEST_ID), TraceFilterSql.sortKeys(List.of("request_id", "status"))
                .stream().map(SortKey::field).toList());
    }

    @Test
    void rejectsDuplicateAndUnorderableKeys() {
        MlflowException duplicate = assertThrows(MlflowException.class,
                () -> TraceFilterSql.sortKeys(List.of("timestamp", "timestamp_ms DESC")));
        assertTrue(duplicate.getMessage().contains("`order_by` contains duplicate fields"), duplicate.getMessage());
        assertThrows(SearchSyntaxException.class, () -> TraceFilterSql.sortKeys(List.of("span.name")));
    }

    private static String letters(List<String> ids) {
        return ids.stream().map(id -> id.substring(id.length() - 1)).collect(Collectors.joining());
    }

    // ---- fixture -------------------------------------------------------------------------------------

    private static void insertFixture(DSLContext dsl) {
        dsl.insertInto(EXPERIMENTS, EXPERIMENTS.EXPERIMENT_ID, EXPERIMENTS.NAME, EXPERIMENTS.NAME_HASH,
                EXPERIMENTS.ARTIFACT_LOCATION, EXPERIMENTS.LIFECYCLE_STAGE, EXPERIMENTS.CREATION_TIME,
                EXPERIMENTS.LAST_UPDATE_TIME).values(1L, "other", "1".repeat(64), "/tmp/1", "active", 0L, 0L).execute();
        for (String run : List.of(RUN_1, RUN_2)) {
            dsl.insertInto(RUNS, RUNS.RUN_UUID, RUNS.EXPERIMENT_ID, RUNS.RUN_NAME, RUNS.USER_ID, RUNS.STATUS,
                    RUNS.START_TIME, RUNS.LIFECYCLE_STAGE, RUNS.ARTIFACT_URI)
                    .values(run, 0L, "run", "u", "FINISHED", 0L, "active", "/tmp/run").execute();
        }
        trace(dsl, 'a', 0, 1000, 500L, "OK", "c-a");
        tags(dsl, 'a', "mlflow.traceName", "chat", "env", "prod",
                "mlflow.linkedPrompts", "[{\"name\": \"qa_prompt\", \"version\": \"1\"}]");
        metadata(dsl, 'a', "mlflow.sourceRun", RUN_1, "mlflow.trace.session", "s1", "mlflow.user", "alice");
        span(dsl, 'a', "1", "llm", "LLM", "OK",
                spanDocument("llm", "\"model\": \"\\\"gpt-4o\\\"\", \"mlflow.spanInputs\": \"\\\"hello world\\\"\""));
        assessment(dsl, 'a', "feedback", "correctness", "\"yes\"", true, null);
        assessment(dsl, 'a', "feedback", "score", "0.9", true, null);
        assessment(dsl, 'a', "expectation", "answer", "\"Paris\"", true, null);

        // b is still running: no execution time, so its end time is its start.
        trace(dsl, 'b', 0, 2000, null, "IN_PROGRESS", null);
        tags(dsl, 'b', "mlflow.traceName", "Chat", "env", "dev");
        metadata(dsl, 'b', "mlflow.trace.session", "s1");
        span(dsl, 'b', "2", "retrieve", "RETRIEVER", "OK", spanDocument("retrieve", "\"query\": \"\\\"Hello\\\"\""));
        span(dsl, 'b', "3", "llm", "LLM", "ERROR", spanDocument("llm", "\"model\": \"\\\"claude-3\\\"\""));
        assessment(dsl, 'b', "feedback", "correctness", "\"yes\"", false, null); // overridden by the next one
        assessment(dsl, 'b', "feedback", "correctness", "false", true, null);
        assessment(dsl, 'b', "feedback", "score", "0.3", true, null);

        // c has no name, is linked to run 1 rather than naming it, and its span was written compactly.
        trace(dsl, 'c', 0, 2000, 100L, "ERROR", "c-c");
        tags(dsl, 'c', "env", "prod");
        dsl.insertInto(TRACE_RUN_LINKS, TRACE_RUN_LINKS.REQUEST_ID, TRACE_RUN_LINKS.RUN_UUID)
                .values(id('c'), RUN_1).execute();
        span(dsl, 'c', "4", "tool", "TOOL", "OK",
                "{\"name\":\"tool\",\"attributes\":{\"model\":\"\\\"gpt-4o-mini\\\"\"}}");
        assessment(dsl, 'c', "issue", "iss-1", "{\"issue_name\": \"Hallucination\"}", true, null);
        assessment(dsl, 'c', "feedback", "score", "true", true, null);
        assessment(dsl, 'c', "expectation", "city", "\"Z\\u00fcrich\"", true, null);

        // d carries a session-wide assessment, which e (same session) matches too.
        trace(dsl, 'd', 0, 3000, 50L, "OK", "c-d");
        tags(dsl, 'd', "mlflow.traceName", "summarize");
        metadata(dsl, 'd', "mlflow.sourceRun", RUN_2, "mlflow.trace.session", "s2");
        assessment(dsl, 'd', "feedback", "quality", "\"good\"", true, "{\"mlflow.trace.session\": \"s2\"}");

        trace(dsl, 'e', 0, 4000, 10L, "OK", "c-e");
        tags(dsl, 'e', "env", "staging");
        metadata(dsl, 'e', "mlflow.trace.session", "s2");

        // f shares a and b's session but lives in another experiment, so its session feedback stays there.
        trace(dsl, 'f', 1, 5000, 1L, "OK", "c-f");
        metadata(dsl, 'f', "mlflow.trace.session", "s1");
        assessment(dsl, 'f', "feedback", "quality", "\"poor\"", true, "{\"mlflow.trace.session\": \"s1\"}");
    }

    private static String id(char letter) {
        return "tr-" + "0".repeat(31) + letter;
    }

    private static void trace(DSLContext dsl, char t, long experiment, long timestamp, Long execution,
            String status, String clientRequestId) {
        dsl.insertInto(TRACE_INFO, TRACE_INFO.REQUEST_ID, TRACE_INFO.EXPERIMENT_ID, TRACE_INFO.TIMESTAMP_MS,
                TRACE_INFO.EXECUTION_TIME_MS, TRACE_INFO.STATUS, TRACE_INFO.CLIENT_REQUEST_ID)
                .values(id(t), experiment, timestamp, execution, status, clientRequestId).execute();
    }

    private static void tags(DSLContext dsl, char t, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            dsl.insertInto(TRACE_TAGS, TRACE_TAGS.REQUEST_ID, TRACE_TAGS.KEY, TRACE_TAGS.VALUE)
                    .values(id(t), keyValues[i], keyValues[i + 1]).execute();
        }
    }

    private static void metadata(DSLContext dsl, char t, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            dsl.insertInto(TRACE_REQUEST_METADATA, TRACE_REQUEST_METADATA.REQUEST_ID, TRACE_REQUEST_METADATA.KEY,
                    TRACE_REQUEST_METADATA.VALUE).values(id(t), keyValues[i], keyValues[i + 1]).execute();
        }
    }

    /** A span document shaped like MLflow's Span.to_dict() as Python's json.dumps writes it. */
    private static String spanDocument(String name, String attributes) {
        return "{\"name\": \"" + name + "\", \"kind\": \"SPAN_KIND_INTERNAL\", \"events\": [], "
                + "\"status\": {\"code\": \"STATUS_CODE_OK\", \"message\": \"\"}, \"attributes\": {" + attributes
                + "}, \"links\": []}";
    }

    private static void span(DSLContext dsl, char t, String spanId, String name, String type, String status,
            String content) {
        dsl.insertInto(SPANS, SPANS.TRACE_ID, SPANS.SPAN_ID, SPANS.EXPERIMENT_ID, SPANS.NAME, SPANS.TYPE,
                SPANS.STATUS, SPANS.START_TIME_UNIX_NANO, SPANS.CONTENT)
                .values(id(t), spanId, 0L, name, type, status, 0L, content).execute();
    }

    private static void assessment(DSLContext dsl, char t, String type, String name, String value, boolean valid,
            String metadata) {
        dsl.insertInto(ASSESSMENTS, ASSESSMENTS.ASSESSMENT_ID, ASSESSMENTS.TRACE_ID, ASSESSMENTS.NAME,
                ASSESSMENTS.ASSESSMENT_TYPE, ASSESSMENTS.VALUE, ASSESSMENTS.CREATED_TIMESTAMP,
                ASSESSMENTS.LAST_UPDATED_TIMESTAMP, ASSESSMENTS.SOURCE_TYPE, ASSESSMENTS.VALID,
                ASSESSMENTS.ASSESSMENT_METADATA)
                .values("a-" + ++assessments, id(t), name, type, value, 0L, 0L, "CODE", valid, metadata).execute();
    }
}
