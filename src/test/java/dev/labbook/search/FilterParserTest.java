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
import static dev.labbook.search.EntityType.ATTRIBUTE;
import static dev.labbook.search.EntityType.DATASET;
import static dev.labbook.search.EntityType.METRIC;
import static dev.labbook.search.EntityType.PARAM;
import static dev.labbook.search.EntityType.TAG;
import static dev.labbook.search.SearchKind.EVALUATION_DATASETS;
import static dev.labbook.search.SearchKind.EXPERIMENTS;
import static dev.labbook.search.SearchKind.LOGGED_MODELS;
import static dev.labbook.search.SearchKind.MODEL_VERSIONS;
import static dev.labbook.search.SearchKind.REGISTERED_MODELS;
import static dev.labbook.search.SearchKind.RUNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected results were checked against MLflow 3.17's own parser and SQL stores (search_utils.py). */
class FilterParserTest {

    // ---- valid filters -------------------------------------------------------------------------------

    static Stream<Arguments> validFilters() {
        return Stream.of(
                // Examples from MLflow's search-runs documentation.
                arguments(RUNS, "metrics.rmse < 1 and params.model_class = 'LogisticRegression'", List.of(
                        c(METRIC, "rmse", LT, n("1")), c(PARAM, "model_class", EQ, s("LogisticRegression")))),
                arguments(RUNS, "metrics.accuracy > 0.72", List.of(c(METRIC, "accuracy", GT, n("0.72")))),
                arguments(RUNS, "params.batch_size = \"2\"", List.of(c(PARAM, "batch_size", EQ, s("2")))),
                arguments(RUNS, "tags.`mlflow.source.type` = 'LOCAL'",
                        List.of(c(TAG, "mlflow.source.type", EQ, s("LOCAL")))),
                arguments(RUNS, "attributes.status = 'ACTIVE'", List.of(c(ATTRIBUTE, "status", EQ, s("ACTIVE")))),
                arguments(RUNS, "attributes.user_id LIKE 'user1'", List.of(c(ATTRIBUTE, "user_id", LIKE, s("user1")))),
                arguments(RUNS, "params.model LIKE 'GPT%'", List.of(c(PARAM, "model", LIKE, s("GPT%")))),
                arguments(RUNS, "attributes.created > 1664067852747",
                        List.of(c(ATTRIBUTE, "start_time", GT, n("1664067852747")))),
                arguments(RUNS, "datasets.digest IN ('s8ds293b', 'jks834s2')",
                        List.of(c(DATASET, "digest", IN, l("s8ds293b", "jks834s2")))),
                arguments(RUNS, "metrics.val_f1 > 0.9 and params.dropout = '0.2' and tags.team = 'risk'", List.of(
                        c(METRIC, "val_f1", GT, n("0.9")), c(PARAM, "dropout", EQ, s("0.2")),
                        c(TAG, "team", EQ, s("risk")))),
                // Keys: backticks, double quotes, unquoted dotted keys, keys starting with a digit.
                arguments(RUNS, "metrics.`val loss` <= 0.5", List.of(c(METRIC, "val loss", LE, n("0.5")))),
                arguments(RUNS, "metrics.\"val loss\" >= 0.5", List.of(c(METRIC, "val loss", GE, n("0.5")))),
                arguments(RUNS, "tags.\"mlflow.runName\" = 'x'", List.of(c(TAG, "mlflow.runName", EQ, s("x")))),
                arguments(RUNS, "tags.mlflow.runName != 'x'", List.of(c(TAG, "mlflow.runName", NE, s("x")))),
                arguments(RUNS, "`tags`.`a-b` = 'x'", List.of(c(TAG, "a-b", EQ, s("x")))),
                arguments(RUNS, "metrics.1x = 2", List.of(c(METRIC, "1x", EQ, n("2")))),
                arguments(RUNS, "metrics.Acc > 1", List.of(c(METRIC, "Acc", GT, n("1")))),
                // Entity aliases.
                arguments(RUNS, "metric.a = 1 AND param.b = 'x' AND parameter.c = 'y' AND parameters.d = 'z'",
                        List.of(c(METRIC, "a", EQ, n("1")), c(PARAM, "b", EQ, s("x")), c(PARAM, "c", EQ, s("y")),
                                c(PARAM, "d", EQ, s("z")))),
                arguments(RUNS, "tag.t = 'x' AND attr.run_id = 'a' AND run.status = 'RUNNING' AND dataset.name = 'd'",
                        List.of(c(TAG, "t", EQ, s("x")), c(ATTRIBUTE, "run_id", EQ, s("a")),
                                c(ATTRIBUTE, "status", EQ, s("RUNNING")), c(DATASET, "name", EQ, s("d")))),
                // Attribute aliases resolve to canonical names.
                arguments(RUNS, "created >= 5 and Created < 9", List.of(
                        c(ATTRIBUTE, "start_time", GE, n("5")), c(ATTRIBUTE, "start_time", LT, n("9")))),
                arguments(RUNS, "attributes.`Run Name` = 'r' and `run name` ILIKE 'r%' and \"Run name\" != 'q'",
                        List.of(c(ATTRIBUTE, "run_name", EQ, s("r")), c(ATTRIBUTE, "run_name", ILIKE, s("r%")),
                                c(ATTRIBUTE, "run_name", NE, s("q")))),
                arguments(RUNS, "end_time <= 1.5 AND artifact_uri LIKE 's3://%'", List.of(
                        c(ATTRIBUTE, "end_time", LE, n("1.5")), c(ATTRIBUTE, "artifact_uri", LIKE, s("s3://%")))),
                // Lists.
                arguments(RUNS, "run_id IN ('a','b')", List.of(c(ATTRIBUTE, "run_id", IN, l("a", "b")))),
                arguments(RUNS, "attributes.run_id not in (\"a\", 'b',)",
                        List.of(c(ATTRIBUTE, "run_id", NOT_IN, l("a", "b")))),
                arguments(RUNS, "run_id IN ('ABC')", List.of(c(ATTRIBUTE, "run_id", IN, l("ABC")))),
                arguments(RUNS, "datasets.context NOT IN ('eval') AND datasets.name ILIKE '%iris%'", List.of(
                        c(DATASET, "context", NOT_IN, l("eval")), c(DATASET, "name", ILIKE, s("%iris%")))),
                // Null checks on params and tags.
                arguments(RUNS, "tags.env IS NULL and params.lr is not null", List.of(
                        c(TAG, "env", IS_NULL, null), c(PARAM, "lr", IS_NOT_NULL, null))),
                // Numbers.
                arguments(RUNS, "metrics.a > -3 and metrics.b < 1e5 and metrics.c = 1.5E-3 and metrics.d != .5",
                        List.of(c(METRIC, "a", GT, n("-3")), c(METRIC, "b", LT, n("1e5")),
                                c(METRIC, "c", EQ, n("1.5E-3")), c(METRIC, "d", NE, n(".5")))),
                arguments(RUNS, "metrics.a>=-0.25", List.of(c(METRIC, "a", GE, n("-0.25")))),
                arguments(RUNS, "metrics.a = 5.", List.of(c(METRIC, "a", EQ, n("5.")))),
                // Strings keep their raw text, as MLflow does.
                arguments(RUNS, "params.p = 'it''s'", List.of(c(PARAM, "p", EQ, s("it''s")))),
                arguments(RUNS, "params.p = 'a\\'b'", List.of(c(PARAM, "p", EQ, s("a\\'b")))),
                arguments(RUNS, "params.p = \"it's\"", List.of(c(PARAM, "p", EQ, s("it's")))),
                arguments(RUNS, "params.p = ''", List.of(c(PARAM, "p", EQ, s("")))),
                arguments(RUNS, "tags.note = 'a AND b OR (c)'", List.of(c(TAG, "note", EQ, s("a AND b OR (c)")))),
                // Keywords are case-insensitive; stray ANDs are ignored like MLflow does.
                arguments(RUNS, "metrics.x > 1 AnD params.y LiKe 'a' aNd tags.z iLiKe 'b'", List.of(
                        c(METRIC, "x", GT, n("1")), c(PARAM, "y", LIKE, s("a")), c(TAG, "z", ILIKE, s("b")))),
                arguments(RUNS, "AND metrics.x > 1 AND AND metrics.y > 2 AND",
                        List.of(c(METRIC, "x", GT, n("1")), c(METRIC, "y", GT, n("2")))),
                arguments(RUNS, "  metrics.x>1\n\tAND params.p='v'  ",
                        List.of(c(METRIC, "x", GT, n("1")), c(PARAM, "p", EQ, s("v")))),
                // Experiments: what the UI sends.
                arguments(EXPERIMENTS, "tags.`mlflow.experiment.isGateway` IS NULL",
                        List.of(c(TAG, "mlflow.experiment.isGateway", IS_NULL, null))),
                arguments(EXPERIMENTS, "tags.`mlflow.experiment.isGateway` IS NULL AND name ILIKE '%x%'", List.of(
                        c(TAG, "mlflow.experiment.isGateway", IS_NULL, null), c(ATTRIBUTE, "name", ILIKE, s("%x%")))),
                arguments(EXPERIMENTS, "attribute.name = 'e' and tag.k IS NOT NULL and tags.k != 'v'", List.of(
                        c(ATTRIBUTE, "name", EQ, s("e")), c(TAG, "k", IS_NOT_NULL, null), c(TAG, "k", NE, s("v")))),
                arguments(EXPERIMENTS, "creation_time > 100 and last_update_time <= 200", List.of(
                        c(ATTRIBUTE, "creation_time", GT, n("100")), c(ATTRIBUTE, "last_update_time", LE, n("200")))),
                arguments(EXPERIMENTS, "experiment_id IN ('1', '2') and experiment_id != '3'", List.of(
                        c(ATTRIBUTE, "experiment_id", IN, l("1", "2")), c(ATTRIBUTE, "experiment_id", NE, s("3")))),
                // Registered models: the client's prompt exclusion uses the singular "tag".
                arguments(REGISTERED_MODELS, "name LIKE 'fraud%' AND tag.`mlflow.prompt.is_prompt` != 'true'",
                        List.of(c(ATTRIBUTE, "name", LIKE, s("fraud%")),
                                c(TAG, "mlflow.prompt.is_prompt", NE, s("true")))),
                arguments(REGISTERED_MODELS, "name IN ('a', 'b')", List.of(c(ATTRIBUTE, "name", IN, l("a", "b")))),
                // Model versions: the UI writes no spaces around '='.
                arguments(MODEL_VERSIONS, "name='m'", List.of(c(ATTRIBUTE, "name", EQ, s("m")))),
                arguments(MODEL_VERSIONS, "run_id IN ('r1','r2') AND version_number >= 2", List.of(
                        c(ATTRIBUTE, "run_id", IN, l("r1", "r2")), c(ATTRIBUTE, "version_number", GE, n("2")))),
                arguments(MODEL_VERSIONS, "version_number = '3' and source_path ILIKE '%s3%' and tags.k = 'v'",
                        List.of(c(ATTRIBUTE, "version_number", EQ, n("3")),
                                c(ATTRIBUTE, "source_path", ILIKE, s("%s3%")), c(TAG, "k", EQ, s("v")))),
                // Logged models.
                arguments(LOGGED_MODELS, "metrics.accuracy > 0.9 AND params.lr = 0.01 AND tags.t IN ('a')", List.of(
                        c(METRIC, "accuracy", GT, n("0.9")), c(PARAM, "lr", EQ, s("0.01")), c(TAG, "t", IN, l("a")))),
                arguments(LOGGED_MODELS, "creation_time > 5 AND attributes.last_updated_time < 9 AND status = 'READY'",
                        List.of(c(ATTRIBUTE, "creation_timestamp", GT, n("5")),
                                c(ATTRIBUTE, "last_updated_timestamp", LT, n("9")),
                                c(ATTRIBUTE, "status", EQ, s("READY")))),
                arguments(LOGGED_MODELS, "source_run_id NOT IN ('r') and model_type = 'agent'", List.of(
                        c(ATTRIBUTE, "source_run_id", NOT_IN, l("r")), c(ATTRIBUTE, "model_type", EQ, s("agent")))),
                // Evaluation datasets (SearchEvaluationDatasetsUtils): the client's name filter, tags, times, and
                // the text comparisons MLflow's dataset store lets through to SQL.
                arguments(EVALUATION_DATASETS, "name = \"qa set\"", List.of(c(ATTRIBUTE, "name", EQ, s("qa set")))),
                arguments(EVALUATION_DATASETS, "tags.team = 'x' AND created_time >= 5 AND last_updated_by LIKE 'a%'",
                        List.of(c(TAG, "team", EQ, s("x")), c(ATTRIBUTE, "created_time", GE, n("5")),
                                c(ATTRIBUTE, "last_updated_by", LIKE, s("a%")))),
                arguments(EVALUATION_DATASETS, "name IN ('a', 'b') AND created_by > 'm'",
                        List.of(c(ATTRIBUTE, "name", IN, l("a", "b")), c(ATTRIBUTE, "created_by", GT, s("m")))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("validFilters")
    void parsesValidFilter(SearchKind kind, String filter, List<Comparison> expected) {
        assertEquals(expected, FilterParser.parse(filter, kind));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void blankFilterHasNoComparisons(String filter) {
        for (SearchKind kind : SearchKind.values()) {
            assertEquals(List.of(), FilterParser.parse(filter, kind));
        }
    }

    @Test
    void numberKeepsLiteralText() {
        NumberValue v = (NumberValue) FilterParser.parse("metrics.m > -1.50e2", RUNS).get(0).value();
        assertEquals(-150.0, v.value());
        assertEquals("-1.50e2", v.text());
    }

    @Test
    void parsedListIsImmutable() {
        ListValue v = (ListValue) FilterParser.parse("run_id IN ('a')", RUNS).get(0).value();
        assertThrows(UnsupportedOperationException.class, () -> v.values().add("b"));
    }

    @Test
    void nullCheckComparisonsCarryNoValue() {
        assertThrows(IllegalArgumentException.class,
                () -> new Comparison(new Identifier(TAG, "k"), IS_NULL, new StringValue("x")));
        assertThrows(IllegalArgumentException.class, () -> new Comparison(new Identifier(TAG, "k"), EQ, null));
    }

    // ---- invalid filters -----------------------------------------------------------------------------

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                // Structure.
                arguments(RUNS, "params.a = 'x' OR params.b = 'y'", "'OR' at column 16"),
                arguments(RUNS, "params.a = 'x' or params.b = 'y'", "OR is not supported"),
                arguments(RUNS, "(params.a = 'x')", "parentheses"),
                arguments(RUNS, "params.a = 'x' AND (metrics.b > 1)", "'(' at column 20"),
                arguments(RUNS, "NOT params.a = 'x'", "NOT is only supported as NOT IN or IS NOT NULL"),
                arguments(RUNS, "params.a = 'x' AND NOT params.b = 'y'", "'NOT' at column 20"),
                arguments(RUNS, "params.a = 'x' params.b = 'y'", "expected AND"),
                arguments(RUNS, "params.a = 'x' garbage", "'garbage' at column 16"),
                arguments(RUNS, "metrics.a > 1 2", "'2' at column 15"),
                arguments(RUNS, "params.a = 'x';", "';' at column 15"),
                arguments(RUNS, "params.a = 'x'; params.b = 'y'", "only one statement"),
                arguments(RUNS, "params.a", "expected a comparator after 'params.a'"),
                arguments(RUNS, "params.a =", "expected a value after '='"),
                arguments(RUNS, "= 'x'", "expected an identifier"),
                arguments(RUNS, "'x' = params.a", "''x'' at column 1 (expected an identifier"),
                arguments(RUNS, "metrics.val loss > 1", "quote keys containing spaces"),
                arguments(RUNS, "params.my-param = 'x'", "unexpected character '-' at column 10"),
                arguments(RUNS, "metrics. a > 1", "expected a key right after '.'"),
                arguments(RUNS, "metrics.a.`b` > 1", "quote the whole key"),
                arguments(RUNS, "metrics.`` > 1", "Empty key"),
                // Quotes and literals.
                arguments(RUNS, "params.p = 'abc", "unterminated '-quoted text starting at column 12"),
                arguments(RUNS, "tags.`abc = 'x'", "unterminated `-quoted text"),
                arguments(RUNS, "params.p = \"abc", "unterminated \"-quoted text"),
                arguments(RUNS, "params.p = abc", "Parameter value is either not quoted or unidentified quote types "
                        + "used for string value abc"),
                arguments(RUNS, "params.p = `abc`", "not quoted"),
                arguments(RUNS, "metrics.a > NaN", "Expected numeric value type for metric. Found NaN"),
                arguments(RUNS, "start_time > yesterday", "numeric attribute: start_time. Found yesterday"),
                arguments(RUNS, "metrics.a > 0x1F", "invalid number '0x1F'"),
                arguments(RUNS, "metrics.a > 1.2.3", "invalid number '1.2.3'"),
                arguments(RUNS, "metrics.a > - 3", "unexpected character '-' at column 13"),
                // Comparators.
                arguments(RUNS, "metrics.a <> 1", "Invalid comparator '<>'"),
                arguments(RUNS, "metrics.a == 1", "Invalid comparator '=='"),
                arguments(RUNS, "params.p NOT LIKE 'a'", "Invalid comparator 'NOT LIKE'"),
                arguments(RUNS, "params.p RLIKE 'a'", "Invalid comparator 'RLIKE'"),
                arguments(RUNS, "metrics.a LIKE 1", "Invalid comparator 'LIKE' for metric 'a'"),
                arguments(RUNS, "metrics.a ILIKE '1'", "Invalid comparator 'ILIKE' for metric 'a'"),
                arguments(RUNS, "params.p > 'a'", "Invalid comparator '>' for param 'p'"),
                arguments(RUNS, "tags.t IN ('a')", "Invalid comparator 'IN' for tag 't'"),
                arguments(RUNS, "start_time LIKE 5", "Invalid comparator 'LIKE' for attribute 'start_time'"),
                arguments(RUNS, "run_name < 'a'", "Invalid comparator '<' for attribute 'run_name'"),
                arguments(RUNS, "datasets.name > 'x'", "Invalid comparator '>' for dataset 'name'"),
                arguments(RUNS, "tags.t IS 'x'", "expected NULL or NOT NULL after IS"),
                // Value types.
                arguments(RUNS, "metrics.a > '1'", "Expected numeric value type for metric. Found '1'"),
                arguments(RUNS, "metrics.a = \"1\"", "Expected numeric value type for metric"),
                arguments(RUNS, "params.p = 1", "Expected a quoted string value for parameter"),
                arguments(RUNS, "tags.t = 1.5", "Expected a quoted string value for tag"),
                arguments(RUNS, "status = 1", "Expected a quoted string value for attributes"),
                arguments(RUNS, "created > '5'", "Expected numeric value type for numeric attribute: start_time"),
                arguments(RUNS, "datasets.digest = 5", "Expected a quoted string value for dataset attributes"),
                // IS NULL where MLflow does not support it.
                arguments(RUNS, "metrics.a IS NULL", "only supported for tags and params, not for metric 'a'"),
                arguments(RUNS, "run_name IS NOT NULL", "only supported for tags and params"),
                arguments(RUNS, "datasets.name IS NULL", "only supported for tags and params"),
                arguments(EXPERIMENTS, "name IS NULL", "only supported for tags, not for attribute 'name'"),
                arguments(REGISTERED_MODELS, "tags.k IS NULL", "not supported when searching registered models"),
                arguments(MODEL_VERSIONS, "tags.k IS NOT NULL", "not supported when searching model versions"),
                arguments(LOGGED_MODELS, "params.p IS NULL", "not supported when searching logged models"),
                // Entities.
                arguments(RUNS, "foo.x = 'y'", "Invalid entity type 'foo'"),
                arguments(RUNS, "METRICS.x > 1", "Invalid entity type 'METRICS'"),
                arguments(RUNS, "\"tags\".x = 'y'", "Invalid entity type '\"tags\"'"),
                arguments(EXPERIMENTS, "metrics.x > 1", "Invalid entity type 'metrics'. Valid values are "
                        + "[attribute, tag, tags]"),
                arguments(EXPERIMENTS, "attributes.name = 'x'", "Invalid entity type 'attributes'"),
                arguments(EXPERIMENTS, "`tags`.x = 'y'", "Invalid entity type '`tags`'"),
                arguments(REGISTERED_MODELS, "params.p = 'x'", "Invalid entity type 'params'"),
                arguments(MODEL_VERSIONS, "datasets.name = 'x'", "Invalid entity type 'datasets'"),
                arguments(LOGGED_MODELS, "datasets.name = 'x'", "Invalid entity type 'datasets'"),
                // Attribute keys.
                arguments(RUNS, "foo = 'x'", "Invalid attribute key 'foo' specified. Valid keys are [run_id,"),
                arguments(RUNS, "RUN_ID = 'x'", "Invalid attribute key 'RUN_ID'"),
                arguments(RUNS, "experiment_id = '1'", "Invalid attribute key 'experiment_id'"),
                arguments(RUNS, "attributes.lifecycle_stage = 'active'", "Invalid attribute key 'lifecycle_stage'"),
                arguments(RUNS, "datasets.schema = 'x'", "Invalid dataset key 'schema'"),
                arguments(EXPERIMENTS, "artifact_location = 'x'", "Invalid attribute key 'artifact_location'"),
                arguments(REGISTERED_MODELS, "creation_timestamp > 5", "Invalid attribute key 'creation_timestamp'"),
                arguments(MODEL_VERSIONS, "creation_timestamp > 5", "Invalid attribute key 'creation_timestamp'"),
                arguments(LOGGED_MODELS, "experiment_id = '1'", "Invalid attribute key 'experiment_id'"),
                // Lists.
                arguments(RUNS, "run_name IN ('a')", "Only [run_id] attributes support comparison with a list"),
                arguments(RUNS, "status NOT IN ('a')", "not 'status'"),
                arguments(EXPERIMENTS, "name IN ('a')", "Only [experiment_id] attributes"),
                arguments(MODEL_VERSIONS, "source_path IN ('a')", "Only [name, run_id] attributes"),
                arguments(RUNS, "run_id IN ()", "expected a non-empty list of string values, but got empty list"),
                arguments(RUNS, "run_id IN ('a', 1)", "expected a quoted string value but got '1'"),
                arguments(RUNS, "run_id IN ('a' 'b')", "expected ',' or ')' but got ''b''"),
                arguments(RUNS, "run_id IN ('a'", "expected ',' or ')' but got end of input"),
                arguments(RUNS, "run_id IN 'a'", "IN expects a parenthesised list"),
                arguments(RUNS, "run_id NOT IN 'a'", "NOT IN expects a parenthesised list"),
                arguments(RUNS, "run_id = ('a')", "only allowed after IN or NOT IN"),
                // Kind-specific value rules.
                arguments(EXPERIMENTS, "creation_time > 5.5", "Invalid value for numeric attribute 'creation_time'"),
                arguments(EXPERIMENTS, "experiment_id = 1", "Expected a quoted string value for attributes"),
                arguments(EXPERIMENTS, "experiment_id IN ('1', 'abc')", "Invalid experiment ID 'abc'"),
                arguments(EXPERIMENTS, "experiment_id LIKE '1%'", "Invalid comparator 'LIKE'"),
                arguments(EXPERIMENTS, "name > 'a'", "Invalid comparator '>' for attribute 'name'"),
                arguments(MODEL_VERSIONS, "version_number > 2.5",
                        "Invalid value for numeric attribute 'version_number'"),
                arguments(MODEL_VERSIONS, "version_number = 'latest'", "Expected numeric value type"),
                arguments(REGISTERED_MODELS, "name = 5", "Expected a quoted string value for attributes"),
                arguments(LOGGED_MODELS, "metrics.a > '0.5'", "Expected numeric value type for metric"),
                arguments(LOGGED_MODELS, "name > 'a'", "Invalid comparator '>' for attribute 'name'"),
                arguments(EVALUATION_DATASETS, "tag.team = 'x'", "Invalid entity type 'tag'"),
                arguments(EVALUATION_DATASETS, "digest = 'x'", "Invalid attribute key 'digest'"),
                arguments(EVALUATION_DATASETS, "name NOT IN ('a')", "only supported with the IN comparator"),
                arguments(EVALUATION_DATASETS, "created_by IN ('a')", "support comparison with a list"),
                arguments(EVALUATION_DATASETS, "created_time > 1.5", "Invalid value for numeric attribute"),
                arguments(EVALUATION_DATASETS, "created_time > '5'", "Expected numeric value type"),
                arguments(EVALUATION_DATASETS, "tags.team > 'a'", "Invalid comparator '>' for tag 'team'"),
                arguments(EVALUATION_DATASETS, "tags.team IS NULL", "IS NULL / IS NOT NULL is not supported"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidFilters")
    void rejectsInvalidFilter(SearchKind kind, String filter, String expectedMessagePart) {
        SearchSyntaxException e = assertThrows(SearchSyntaxException.class, () -> FilterParser.parse(filter, kind));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedMessagePart + "\"");
    }

    @Test
    void structuralErrorsUseMlflowsClausePrefix() {
        for (String filter : List.of("a = 'x' OR b = 'y'", "(a = 'x')", "params.p = 'x';", "params.p = 'x")) {
            SearchSyntaxException e = assertThrows(SearchSyntaxException.class, () -> FilterParser.parse(filter, RUNS));
            assertTrue(e.getMessage().startsWith("Invalid clause(s) in filter string: "), e.getMessage());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

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
        return new ListValue(new ArrayList<>(List.of(values)));
    }
}
