package dev.labbook.search;

import static dev.labbook.search.EntityType.ATTRIBUTE;
import static dev.labbook.search.EntityType.METRIC;
import static dev.labbook.search.EntityType.PARAM;
import static dev.labbook.search.EntityType.TAG;
import static dev.labbook.search.SearchKind.EXPERIMENTS;
import static dev.labbook.search.SearchKind.LOGGED_MODELS;
import static dev.labbook.search.SearchKind.MODEL_VERSIONS;
import static dev.labbook.search.SearchKind.REGISTERED_MODELS;
import static dev.labbook.search.SearchKind.RUNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** order_by parsing and attribute typing; expectations checked against MLflow 3.17's search_utils.py. */
class OrderByTest {

    // ---- order_by ------------------------------------------------------------------------------------

    static Stream<Arguments> validOrderBys() {
        return Stream.of(
                arguments(RUNS, "metrics.acc", METRIC, "acc", true),
                arguments(RUNS, "metrics.acc DESC", METRIC, "acc", false),
                arguments(RUNS, "metrics.acc desc", METRIC, "acc", false),
                arguments(RUNS, "metrics.acc Asc", METRIC, "acc", true),
                arguments(RUNS, "metrics.`val loss` ASC", METRIC, "val loss", true),
                arguments(RUNS, "metrics.\"val loss\" DESC", METRIC, "val loss", false),
                arguments(RUNS, "tags.`mlflow.runName` DESC", TAG, "mlflow.runName", false),
                arguments(RUNS, "params.lr", PARAM, "lr", true),
                arguments(RUNS, "attributes.start_time DESC", ATTRIBUTE, "start_time", false),
                arguments(RUNS, "`metrics`.m", METRIC, "m", true),
                arguments(RUNS, "created DESC", ATTRIBUTE, "start_time", false),
                arguments(RUNS, "Created", ATTRIBUTE, "start_time", true),
                arguments(RUNS, "run_name", ATTRIBUTE, "run_name", true),
                arguments(RUNS, "  status   DESC ", ATTRIBUTE, "status", false),
                arguments(EXPERIMENTS, "last_update_time DESC", ATTRIBUTE, "last_update_time", false),
                arguments(EXPERIMENTS, "name ASC", ATTRIBUTE, "name", true),
                arguments(EXPERIMENTS, "experiment_id", ATTRIBUTE, "experiment_id", true),
                arguments(EXPERIMENTS, "attribute.creation_time DESC", ATTRIBUTE, "creation_time", false),
                arguments(REGISTERED_MODELS, "name", ATTRIBUTE, "name", true),
                arguments(REGISTERED_MODELS, "timestamp DESC", ATTRIBUTE, "last_updated_timestamp", false),
                arguments(REGISTERED_MODELS, "last_updated_timestamp asc", ATTRIBUTE, "last_updated_timestamp", true),
                arguments(MODEL_VERSIONS, "version_number DESC", ATTRIBUTE, "version_number", false),
                arguments(MODEL_VERSIONS, "creation_timestamp", ATTRIBUTE, "creation_timestamp", true),
                arguments(LOGGED_MODELS, "creation_time", ATTRIBUTE, "creation_timestamp", true),
                arguments(LOGGED_MODELS, "metrics.val loss", METRIC, "val loss", true),
                arguments(LOGGED_MODELS, "model_id", ATTRIBUTE, "model_id", true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("validOrderBys")
    void parsesValidOrderBy(SearchKind kind, String orderBy, EntityType type, String key, boolean ascending) {
        assertEquals(new OrderBy(new Identifier(type, key), ascending), FilterParser.parseOrderBy(orderBy, kind));
    }

    static Stream<Arguments> invalidOrderBys() {
        return Stream.of(
                arguments(RUNS, "", "Invalid order_by clause ''. Could not be parsed."),
                arguments(RUNS, null, "Could not be parsed"),
                arguments(RUNS, "metrics.acc UP", "Invalid ordering key in order_by clause 'metrics.acc UP'"),
                arguments(RUNS, "metrics.acc DESC extra", "unexpected 'extra' at column 18"),
                arguments(RUNS, "metrics.acc, metrics.b", "unexpected ','"),
                arguments(RUNS, "metrics.acc >", "unexpected '>'"),
                arguments(RUNS, "DESC", "Invalid attribute key 'DESC'"),
                arguments(RUNS, "'metrics.acc'", "expected a key"),
                arguments(RUNS, "metrics.`acc", "unterminated"),
                arguments(RUNS, "foo.x", "Invalid entity type 'foo'"),
                arguments(RUNS, "experiment_id", "Invalid attribute key 'experiment_id'"),
                arguments(RUNS, "`Run name`", "Invalid attribute key 'Run name'"),
                arguments(RUNS, "datasets.name", "Invalid order_by entity: dataset"),
                arguments(EXPERIMENTS, "tags.x", "Invalid order_by entity: tag"),
                arguments(EXPERIMENTS, "lifecycle_stage", "Invalid attribute key 'lifecycle_stage'"),
                arguments(REGISTERED_MODELS, "attribute.name", "Invalid order by key 'attribute.name'"),
                arguments(REGISTERED_MODELS, "creation_timestamp", "Invalid attribute key 'creation_timestamp'"),
                arguments(MODEL_VERSIONS, "run_id", "Invalid attribute key 'run_id'"),
                arguments(MODEL_VERSIONS, "tags.x", "Invalid order_by entity: tag"),
                arguments(LOGGED_MODELS, "params.x", "only attributes and `metrics.<name>` are allowed"),
                arguments(LOGGED_MODELS, "foo", "Invalid order by field name: foo"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidOrderBys")
    void rejectsInvalidOrderBy(SearchKind kind, String orderBy, String expectedMessagePart) {
        SearchSyntaxException e = assertThrows(SearchSyntaxException.class,
                () -> FilterParser.parseOrderBy(orderBy, kind));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedMessagePart + "\"");
    }

    // ---- attribute types -----------------------------------------------------------------------------

    static Stream<Arguments> attributeTypes() {
        return Stream.of(
                arguments(RUNS, "start_time", true), arguments(RUNS, "end_time", true),
                arguments(RUNS, "created", true), arguments(RUNS, "run_id", false), arguments(RUNS, "status", false),
                arguments(EXPERIMENTS, "creation_time", true), arguments(EXPERIMENTS, "last_update_time", true),
                arguments(EXPERIMENTS, "experiment_id", false), arguments(EXPERIMENTS, "name", false),
                arguments(REGISTERED_MODELS, "last_updated_timestamp", true),
                arguments(REGISTERED_MODELS, "timestamp", true), arguments(REGISTERED_MODELS, "name", false),
                arguments(MODEL_VERSIONS, "version_number", true), arguments(MODEL_VERSIONS, "run_id", false),
                arguments(LOGGED_MODELS, "creation_time", true), arguments(LOGGED_MODELS, "status", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attributeTypes")
    void knowsNumericAttributes(SearchKind kind, String key, boolean numeric) {
        assertEquals(numeric, FilterParser.isNumericAttribute(kind, key));
        assertEquals(numeric, SearchKeys.isNumericAttribute(kind, key));
    }
}
