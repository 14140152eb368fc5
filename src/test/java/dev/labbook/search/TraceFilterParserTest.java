package dev.labbook.search;

import static dev.labbook.search.Comparator.EQ;
import static dev.labbook.search.Comparator.GE;
import static dev.labbook.search.Comparator.GT;
import static dev.labbook.search.Comparator.ILIKE;
import static dev.labbook.search.Comparator.IN;
import static dev.labbook.search.Comparator.IS_NOT_NULL;
import static dev.labbook.search.Comparator.IS_NULL;
import static dev.labbook.search.Comparator.LE;
import static dev.labbook.search.Comparator.LIKE;
import static dev.labbook.search.Comparator.LT;
import static dev.labbook.search.Comparator.NE;
import static dev.labbook.search.Comparator.NOT_IN;
import static dev.labbook.search.Comparator.RLIKE;
import static dev.labbook.search.EntityType.ATTRIBUTE;
import static dev.labbook.search.EntityType.EXPECTATION;
import static dev.labbook.search.EntityType.FEEDBACK;
import static dev.labbook.search.EntityType.ISSUE;
import static dev.labbook.search.EntityType.METADATA;
import static dev.labbook.search.EntityType.SPAN;
import static dev.labbook.search.EntityType.TAG;
import static dev.labbook.search.SearchKind.TRACES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trace search filters and order_by. Expected results and message fragments come from MLflow 3.18's
 * SearchTraceUtils.parse_search_filter_for_search_traces / parse_order_by_for_search_traces and the
 * checks its SQL store's search_traces adds; where Labbook differs the case says so.
 */
class TraceFilterParserTest {
    private static final String NAME = "mlflow.traceName";
    private static final String RUN = "mlflow.sourceRun";

    static Stream<Arguments> validFilters() {
        return Stream.of(
                // Tags and request metadata, with every entity word.
                arguments("tags.env = 'prod'", List.of(c(TAG, "env", EQ, s("prod")))),
                arguments("tag.env != 'prod' AND `tags`.env RLIKE '^p'",
                        List.of(c(TAG, "env", NE, s("prod")), c(TAG, "env", RLIKE, s("^p")))),
                arguments("tags.env IS NULL AND tags.team is not null",
                        List.of(c(TAG, "env", IS_NULL, null), c(TAG, "team", IS_NOT_NULL, null))),
                arguments("tags.mlflow.traceName = \"x\"", List.of(c(TAG, NAME, EQ, s("x")))),
                arguments("metadata.`mlflow.sourceRun` = 'abc'", List.of(c(METADATA, RUN, EQ, s("abc")))),
                arguments("request_metadata.k LIKE 'v%' AND metadata.k IS NOT NULL",
                        List.of(c(METADATA, "k", LIKE, s("v%")), c(METADATA, "k", IS_NOT_NULL, null))),
                arguments("metadata.`mlflow.trace.tokenUsage` = '{}'",
                        List.of(c(METADATA, "mlflow.trace.tokenUsage", EQ, s("{}")))),
                // Attributes and their aliases.
                arguments("attributes.status = 'OK' AND trace.status IN ('OK', 'ERROR') AND status NOT IN ('OK')",
                        List.of(c(ATTRIBUTE, "status", EQ, s("OK")), c(ATTRIBUTE, "status", IN, l("OK", "ERROR")),
                                c(ATTRIBUTE, "status", NOT_IN, l("OK")))),
                arguments("status RLIKE 'O.' AND request_id rlike 'tr'",
                        List.of(c(ATTRIBUTE, "status", RLIKE, s("O.")), c(ATTRIBUTE, "request_id", RLIKE, s("tr")))),
                arguments("timestamp > 100 AND attribute.timestamp_ms <= 1.5",
                        List.of(c(ATTRIBUTE, "timestamp_ms", GT, n("100")),
                                c(ATTRIBUTE, "timestamp_ms", LE, n("1.5")))),
                arguments("execution_time < 100 AND execution_time_ms >= 5",
                        List.of(c(ATTRIBUTE, "execution_time_ms", LT, n("100")),
                                c(ATTRIBUTE, "execution_time_ms", GE, n("5")))),
                // A quoted number is compared as a number, as MLflow's database does.
                arguments("end_time <= 10 AND end_time_ms > '10'",
                        List.of(c(ATTRIBUTE, "end_time_ms", LE, n("10")), c(ATTRIBUTE, "end_time_ms", GT, n("10")))),
                arguments("request_id IN ('tr-1') AND client_request_id LIKE 'c%'",
                        List.of(c(ATTRIBUTE, "request_id", IN, l("tr-1")),
                                c(ATTRIBUTE, "client_request_id", LIKE, s("c%")))),
                // Keys that are not columns become tags, metadata or span content.
                arguments("name = 'foo' AND trace.name ILIKE 'chat%'",
                        List.of(c(TAG, NAME, EQ, s("foo")), c(TAG, NAME, ILIKE, s("chat%")))),
                arguments("run_id = 'r1'", List.of(c(METADATA, RUN, EQ, s("r1")))),
                arguments("prompt = 'qa/1'", List.of(c(TAG, "mlflow.linkedPrompts", EQ, s("qa/1")))),
                // MLflow's parser rejects a bare `text` (a SQL keyword to sqlparse) but takes trace.text.
                arguments("text ILIKE '%hello%' AND trace.text LIKE '%x%'",
                        List.of(c(SPAN, "content", ILIKE, s("%hello%")), c(SPAN, "content", LIKE, s("%x%")))),
                // MLflow rewrites these keys whatever entity they were written with.
                arguments("tags.Name = 'x' AND feedback.name = 'y' AND issue.name = 'z'", List.of(
                        c(TAG, NAME, EQ, s("x")), c(TAG, NAME, EQ, s("y")), c(TAG, NAME, EQ, s("z")))),
                arguments("metadata.RUN_ID = 'r' AND tags.text LIKE '%x%' AND tags.timestamp = '5'", List.of(
                        c(METADATA, RUN, EQ, s("r")), c(SPAN, "content", LIKE, s("%x%")),
                        c(TAG, "timestamp_ms", EQ, s("5")))),
                // Spans.
                arguments("span.name = 'llm' AND span.type IN ('LLM', 'CHAIN') AND span.status != 'OK'", List.of(
                        c(SPAN, "name", EQ, s("llm")), c(SPAN, "type", IN, l("LLM", "CHAIN")),
                        c(SPAN, "status", NE, s("OK")))),
                arguments("span.name RLIKE '^re' AND span.name NOT IN ('x') AND span.content LIKE '%x%'", List.of(
                        c(SPAN, "name", RLIKE, s("^re")), c(SPAN, "name", NOT_IN, l("x")),
                        c(SPAN, "content", LIKE, s("%x%")))),
                arguments("span.attributes.model = 'gpt' AND span.attributes.`my.key` LIKE '%x%'", List.of(
                        c(SPAN, "attributes.model", EQ, s("gpt")), c(SPAN, "attributes.my.key", LIKE, s("%x%")))),
                arguments("span.`attributes.x` ILIKE 'y' AND span.attributes.x.y RLIKE 'z'", List.of(
                        c(SPAN, "attributes.x", ILIKE, s("y")), c(SPAN, "attributes.x.y", RLIKE, s("z")))),
                // Assessments and issues.
                arguments("feedback.correctness = 'yes' AND feedback.score > 0.5 AND feedback.`my score` >= 3",
                        List.of(c(FEEDBACK, "correctness", EQ, s("yes")), c(FEEDBACK, "score", GT, n("0.5")),
                                c(FEEDBACK, "my score", GE, n("3")))),
                arguments("feedback.score IS NULL AND feedback.x RLIKE 'y' AND feedback.a.b = 'x'", List.of(
                        c(FEEDBACK, "score", IS_NULL, null), c(FEEDBACK, "x", RLIKE, s("y")),
                        c(FEEDBACK, "a.b", EQ, s("x")))),
                arguments("expectation.answer LIKE '%x%' AND expectation.x != 'y' AND expectation.n < -1", List.of(
                        c(EXPECTATION, "answer", LIKE, s("%x%")), c(EXPECTATION, "x", NE, s("y")),
                        c(EXPECTATION, "n", LT, n("-1")))),
                arguments("issue.id = 'iss-1'", List.of(c(ISSUE, "id", EQ, s("iss-1")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFilters")
    void parsesValidFilter(String filter, List<Comparison> expected) {
        assertEquals(expected, FilterParser.parse(filter, TRACES));
    }

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                // Entities and keys.
                arguments("foo.x = 'y'", "Invalid entity type 'foo'. Valid values are [tag, tags, request_metadata,"),
                arguments("metrics.x > 1", "Invalid entity type 'metrics'"),
                arguments("\"tags\".x = 'y'", "Invalid entity type '\"tags\"'"),
                arguments("experiment_id = '1'", "Invalid attribute key 'experiment_id' specified"),
                arguments("NAME = 'x'", "Invalid attribute key 'NAME'"),
                arguments("feedback.`` = 'x'", "Empty key"), // MLflow: "Assessment field name cannot be empty"
                // Value shapes, judged by the entity as written.
                arguments("tags.env = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5"),
                arguments("tags.env RLIKE 5", "Expected a quoted string value for tag"),
                arguments("metadata.k = 5", "Expected a quoted string value for request_metadata (e.g. 'my-value')"),
                arguments("metadata.k IN ('a')", "Expected a quoted string value for request_metadata"),
                arguments("status = 5", "attributes support comparison with numeric values"),
                arguments("text LIKE 5", "attributes support comparison with numeric values"),
                arguments("timestamp_ms IN ('1')", "support comparison with a list of quoted string values"),
                arguments("prompt IN ('a/1')", "support comparison with a list of quoted string values"),
                arguments("issue.id IN ('a')", "Expected a quoted string value for issue"),
                arguments("issue.id = 5", "Expected a quoted string value for issue (e.g. 'my-value'). Got value 5"),
                arguments("span.name = 5", "Expected a quoted string value for span (e.g. 'my-value'). Got value 5"),
                arguments("span.attributes.foo > 1", "Expected a quoted string value for span"),
                arguments("feedback.score > '0.5'",
                        "Expected a numeric value for feedback when using comparator '>'. Got value '0.5'"),
                arguments("feedback.score = 1",
                        "Expected a quoted string value for feedback (e.g. 'my-value'). Got value 1"),
                arguments("feedback.x LIKE 5", "Expected a quoted string value for feedback"),
                arguments("expectation.answer IN ('a')", "Expected a quoted string value for expectation"),
                // MLflow leaves a non-numeric time to the database; Labbook refuses it.
                arguments("timestamp_ms > 'abc'", "Expected numeric value type for numeric attribute: timestamp_ms"),
                // Comparators, judged by what the key became.
                arguments("status > 'a'", "Invalid comparator '>' for attribute 'status'"),
                arguments("status IS NULL", "Invalid comparator 'IS NULL' for attribute 'status'"),
                arguments("timestamp_ms LIKE '1%'", "Invalid comparator 'LIKE' for attribute 'timestamp_ms'"),
                arguments("name IN ('a', 'b')", "Invalid comparator 'IN' for tag 'mlflow.traceName'"),
                arguments("tags.x NOT IN ('a')", "Invalid comparator 'NOT IN' for tag 'x'"),
                arguments("run_id IN ('r1')", "Invalid comparator 'IN' for request_metadata 'mlflow.sourceRun'"),
                arguments("tags.x > 'a'", "Invalid comparator '>'"),
                arguments("prompt = 'qa'",
                        "Invalid prompts filter value 'qa'. Expected format: prompt = \"name/version\""),
                arguments("prompt = 'a/b/c'", "Invalid prompts filter value 'a/b/c'"),
                arguments("prompt LIKE 'qa/1'",
                        "Invalid comparator 'LIKE' for prompts filter. Only '=' is supported"),
                arguments("metadata.`mlflow.trace.tokenUsage` LIKE 'x'", "Comparator 'LIKE' is not supported for "
                        + "reserved metadata 'mlflow.trace.tokenUsage'. Only '=', '!=', 'IS NULL', and 'IS NOT NULL'"),
                arguments("metadata.`mlflow.trace.cost` RLIKE 'x'", "reserved metadata 'mlflow.trace.cost'"),
                arguments("issue.ID = 'a'", "Invalid issue attribute 'ID'. Supported attributes: id"),
                arguments("issue.id != 'a'", "issue.id comparator '!=' not one of [=]"),
                arguments("issue.id IS NULL", "issue.id comparator 'IS NULL' not one of"),
                arguments("span.content = 'x'", "span.content comparator '=' not one of [LIKE, ILIKE]"),
                arguments("text = 'x'", "span.content comparator '=' not one of"),
                arguments("text RLIKE 'x'", "span.content comparator 'RLIKE' not one of"),
                arguments("span.foo = 'x'", "Invalid span attribute 'foo'. Supported attributes: name, status, type, "
                        + "attributes.<attribute_name>."),
                arguments("span.Name = 'x'", "Invalid span attribute 'Name'"),
                arguments("span.name > 'a'", "span.name comparator '>' not one of"),
                arguments("span.name IS NULL", "span.name comparator 'IS NULL' not one of"),
                arguments("span.attributes.x IS NULL", "span.attributes.x comparator 'IS NULL' not one of"),
                // MLflow's store fails with an internal error on a list here.
                arguments("span.attributes.x IN ('a')", "span.attributes.x comparator 'IN' not one of"),
                arguments("span.attributes.`` = 'x'", "Span attribute name cannot be empty after 'attributes.'"),
                // Syntax shared with the other searches.
                arguments("tags.a = 'x' OR tags.b = 'y'", "OR is not supported"),
                arguments("span.name NOT LIKE 'x'", "Invalid comparator 'NOT LIKE'"),
                arguments("tags.x REGEXP 'a'", "Invalid comparator 'REGEXP'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFilters")
    void rejectsInvalidFilter(String filter, String expectedMessagePart) {
        SearchSyntaxException e = assertThrows(SearchSyntaxException.class, () -> FilterParser.parse(filter, TRACES));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedMessagePart + "\"");
    }

    static Stream<Arguments> validOrderBys() {
        return Stream.of(
                arguments("timestamp", ATTRIBUTE, "timestamp_ms", true),
                arguments("trace.timestamp DESC", ATTRIBUTE, "timestamp_ms", false),
                arguments("timestamp_ms desc", ATTRIBUTE, "timestamp_ms", false),
                arguments("execution_time ASC", ATTRIBUTE, "execution_time_ms", true),
                arguments("end_time desc", ATTRIBUTE, "end_time_ms", false),
                arguments("status", ATTRIBUTE, "status", true),
                arguments("request_id DESC", ATTRIBUTE, "request_id", false),
                arguments("experiment_id", ATTRIBUTE, "experiment_id", true),
                arguments("name", TAG, NAME, true),
                arguments("attributes.name DESC", TAG, NAME, false),
                arguments("tags.Name", TAG, NAME, true),
                arguments("run_id DESC", METADATA, RUN, false),
                arguments("tags.env DESC", TAG, "env", false),
                arguments("metadata.`mlflow.trace.session`", METADATA, "mlflow.trace.session", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validOrderBys")
    void parsesValidOrderBy(String orderBy, EntityType type, String key, boolean ascending) {
        assertEquals(new OrderBy(new Identifier(type, key), ascending), FilterParser.parseOrderBy(orderBy, TRACES));
    }

    static Stream<Arguments> invalidOrderBys() {
        return Stream.of(
                arguments("span.name", "Invalid identifier type 'span'"),
                arguments("feedback.score", "Invalid identifier type 'feedback'"),
                arguments("client_request_id", "Invalid attribute key 'client_request_id' specified"),
                arguments("prompt", "Invalid attribute key 'prompt'"),
                arguments("text", "Invalid attribute key 'text'"),
                arguments("metadata.`mlflow.trace.tokenUsage`", "Ordering by reserved metadata "
                        + "'mlflow.trace.tokenUsage' is not supported because it is represented by multiple columns."),
                arguments("timestamp UP", "Invalid ordering key in order_by clause 'timestamp UP'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOrderBys")
    void rejectsInvalidOrderBy(String orderBy, String expectedMessagePart) {
        SearchSyntaxException e = assertThrows(SearchSyntaxException.class,
                () -> FilterParser.parseOrderBy(orderBy, TRACES));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedMessagePart + "\"");
    }

    static Stream<Arguments> attributeTypes() {
        return Stream.of(arguments("timestamp", true), arguments("timestamp_ms", true),
                arguments("execution_time", true), arguments("end_time_ms", true),
                arguments("status", false), arguments("request_id", false), arguments("name", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attributeTypes")
    void knowsNumericAttributes(String key, boolean numeric) {
        assertEquals(numeric, FilterParser.isNumericAttribute(TRACES, key));
    }

    private static Comparison c(EntityType type, String key, Comparator cmp, Value value) {
        return new Comparison(new Identifier(type, key), cmp, value);
    }

    private static StringValue s(String value) {
        return new StringValue(value);
    }

    private static NumberValue n(String text) {
        return new NumberValue(Double.parseDouble(text), text);
    }

    private static ListValue l(String... values) {
        return new ListValue(List.of(values));
    }
}
