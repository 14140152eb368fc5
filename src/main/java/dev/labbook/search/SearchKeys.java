package dev.labbook.search;

import static dev.labbook.search.EntityType.ATTRIBUTE;
import static dev.labbook.search.EntityType.DATASET;
import static dev.labbook.search.EntityType.EXPECTATION;
import static dev.labbook.search.EntityType.FEEDBACK;
import static dev.labbook.search.EntityType.ISSUE;
import static dev.labbook.search.EntityType.METADATA;
import static dev.labbook.search.EntityType.METRIC;
import static dev.labbook.search.EntityType.PARAM;
import static dev.labbook.search.EntityType.SPAN;
import static dev.labbook.search.EntityType.TAG;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of each search kind, taken from MLflow's {@code mlflow/utils/search_utils.py}
 * (SearchUtils, SearchExperimentsUtils, SearchModelUtils, SearchModelVersionUtils, SearchLoggedModelsUtils,
 * SearchTraceUtils, SearchEvaluationDatasetsUtils) and the checks its SQL stores add on top.
 */
public final class SearchKeys {

    /**
     * Per-kind rules. Attribute maps go from every accepted spelling to the canonical column name, in
     * the order used by error messages.
     */
    record Rules(
            Map<String, EntityType> entityWords,
            boolean quotedEntityWord,
            Map<String, String> filterAttributes,
            Map<String, String> orderAttributes,
            Set<String> numericAttributes,
            Set<String> listAttributes,
            Set<EntityType> nullCheckEntities,
            boolean integerTimes) {}

    private static final Map<String, EntityType> RUN_WORDS = words(
            "metric", METRIC, "metrics", METRIC,
            "parameter", PARAM, "parameters", PARAM, "param", PARAM, "params", PARAM,
            "tag", TAG, "tags", TAG,
            "attribute", ATTRIBUTE, "attributes", ATTRIBUTE, "attr", ATTRIBUTE, "run", ATTRIBUTE,
            "dataset", DATASET, "datasets", DATASET);
    // Experiment and registry searches only know these three words (not "attributes", not backquoted).
    private static final Map<String, EntityType> REGISTRY_WORDS = words(
            "attribute", ATTRIBUTE, "tag", TAG, "tags", TAG);
    private static final Map<String, EntityType> LOGGED_MODEL_WORDS = words(
            "metric", METRIC, "metrics", METRIC,
            "parameter", PARAM, "parameters", PARAM, "param", PARAM, "params", PARAM,
            "tag", TAG, "tags", TAG,
            "attribute", ATTRIBUTE, "attributes", ATTRIBUTE, "attr", ATTRIBUTE);

    private static final Map<String, EntityType> TRACE_WORDS = words(
            "tag", TAG, "tags", TAG, "request_metadata", METADATA, "metadata", METADATA,
            "attribute", ATTRIBUTE, "attributes", ATTRIBUTE, "trace", ATTRIBUTE,
            "span", SPAN, "feedback", FEEDBACK, "expectation", EXPECTATION, "issue", ISSUE);

    // Evaluation dataset search knows one entity word, and only in its plural spelling.
    private static final Map<String, EntityType> EVALUATION_DATASET_WORDS = words("tags", TAG);

    static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

    private static final Map<SearchKind, Rules> RULES = new EnumMap<>(SearchKind.class);

    static {
        RULES.put(SearchKind.RUNS, new Rules(RUN_WORDS, true,
                attrs("run_id", "run_id", "run_name", "run_name", "run name", "run_name", "Run name", "run_name",
                        "Run Name", "run_name", "user_id", "user_id", "status", "status",
                        "artifact_uri", "artifact_uri", "start_time", "start_time", "end_time", "end_time",
                        "created", "start_time", "Created", "start_time"),
                // MLflow orders by the created alias but not by the "run name" spellings.
                attrs("run_id", "run_id", "run_name", "run_name", "user_id", "user_id", "status", "status",
                        "artifact_uri", "artifact_uri", "start_time", "start_time", "end_time", "end_time",
                        "created", "start_time", "Created", "start_time"),
                Set.of("start_time", "end_time"), Set.of("run_id"), Set.of(PARAM, TAG), false));
        RULES.put(SearchKind.EXPERIMENTS, new Rules(REGISTRY_WORDS, false,
                attrs("name", "name", "experiment_id", "experiment_id",
                        "creation_time", "creation_time", "last_update_time", "last_update_time"),
                attrs("name", "name", "experiment_id", "experiment_id",
                        "creation_time", "creation_time", "last_update_time", "last_update_time"),
                Set.of("creation_time", "last_update_time"), Set.of("experiment_id"), Set.of(TAG), true));
        RULES.put(SearchKind.REGISTERED_MODELS, new Rules(REGISTRY_WORDS, false,
                attrs("name", "name"),
                // The SQL store sorts "timestamp" and "last_updated_timestamp" by the same column.
                attrs("name", "name", "timestamp", "last_updated_timestamp",
                        "last_updated_timestamp", "last_updated_timestamp"),
                Set.of("creation_timestamp", "last_updated_timestamp"), Set.of("name"), Set.of(), true));
        RULES.put(SearchKind.MODEL_VERSIONS, new Rules(REGISTRY_WORDS, false,
                attrs("name", "name", "version_number", "version_number", "run_id", "run_id",
                        "source_path", "source_path"),
                attrs("name", "name", "version_number", "version_number",
                        "creation_timestamp", "creation_timestamp",
                        "last_updated_timestamp", "last_updated_timestamp"),
                Set.of("version_number", "creation_timestamp", "last_updated_timestamp"),
                Set.of("name", "run_id"), Set.of(), true));
        Map<String, String> loggedModelAttrs = attrs("name", "name", "model_id", "model_id",
                "model_type", "model_type", "status", "status", "source_run_id", "source_run_id",
                "creation_timestamp", "creation_timestamp", "creation_time", "creation_timestamp",
                "last_updated_timestamp", "last_updated_timestamp", "last_updated_time", "last_updated_timestamp");
        RULES.put(SearchKind.LOGGED_MODELS, new Rules(LOGGED_MODEL_WORDS, true, loggedModelAttrs,
                loggedModelAttrs, Set.of("creation_timestamp", "last_updated_timestamp"),
                Set.of("name", "model_id", "model_type", "status", "source_run_id"), Set.of(), false));
        // name, run_id, prompt and text are not columns: TraceKeys turns them into a tag, metadata or
        // span comparison once the value has been checked against the attribute.
        RULES.put(SearchKind.TRACES, new Rules(TRACE_WORDS, true,
                attrs("request_id", "request_id", "timestamp", "timestamp_ms", "timestamp_ms", "timestamp_ms",
                        "execution_time", "execution_time_ms", "execution_time_ms", "execution_time_ms",
                        "end_time", "end_time_ms", "end_time_ms", "end_time_ms", "status", "status",
                        "client_request_id", "client_request_id", "name", "name", "run_id", "run_id",
                        "prompt", "prompt", "text", "text"),
                attrs("experiment_id", "experiment_id", "timestamp", "timestamp_ms", "timestamp_ms", "timestamp_ms",
                        "execution_time", "execution_time_ms", "execution_time_ms", "execution_time_ms",
                        "end_time", "end_time_ms", "end_time_ms", "end_time_ms", "status", "status",
                        "request_id", "request_id", "name", "name", "run_id", "run_id"),
                Set.of("timestamp_ms", "execution_time_ms", "end_time_ms"),
                Set.of("client_request_id", "name", "request_id", "run_id", "status"),
                Set.of(TAG, METADATA, FEEDBACK, EXPECTATION), false));
        // Only name compares with a list (IN, not NOT IN); created_by and last_updated_by filter but do not order.
        RULES.put(SearchKind.EVALUATION_DATASETS, new Rules(EVALUATION_DATASET_WORDS, false,
                attrs("name", "name", "created_time", "created_time", "last_update_time", "last_update_time",
                        "created_by", "created_by", "last_updated_by", "last_updated_by"),
                attrs("name", "name", "created_time", "created_time", "last_update_time", "last_update_time"),
                Set.of("created_time", "last_update_time"), Set.of("name"), Set.of(), true));
    }

    private SearchKeys() {}

    static Rules rules(SearchKind kind) {
        return RULES.get(kind);
    }

    /**
     * Whether {@code key} (canonical or an alias) is a numeric attribute of {@code kind}, so a translator
     * compares it as a number rather than a string.
     */
    public static boolean isNumericAttribute(SearchKind kind, String key) {
        Rules r = RULES.get(kind);
        String canonical = r.orderAttributes().getOrDefault(key, r.filterAttributes().getOrDefault(key, key));
        return r.numericAttributes().contains(canonical);
    }

    private static Map<String, EntityType> words(Object... pairs) {
        Map<String, EntityType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (EntityType) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, String> attrs(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
