package dev.labbook.genai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Lifecycle;
import dev.labbook.model.Validation;
import java.util.List;

/**
 * The GenAI searches the stock UI runs on every experiment page: traces, trace metrics, issues,
 * scorers, evaluation datasets and the AI gateway's endpoints. Labbook stores none of these (its
 * OTLP trace intake answers 501), so each answers MLflow's empty result after validating its
 * arguments as MLflow's handler does; bad input gets MLflow's error and nothing is looked up.
 */
public final class GenAiHandlers {
    /** MLflow's SearchTracesV3 limit on max_results. */
    static final int MAX_TRACES_PER_PAGE = 500;
    /** SEARCH_MAX_RESULTS_THRESHOLD of MLflow's SQL store. */
    static final int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

    private final ExperimentService experiments;

    public GenAiHandlers(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /** POST /ajax-api/3.0/mlflow/traces/search (SearchTracesV3). */
    public Object searchTraces(ApiRequest req) {
        List<ApiRequest> locations = req.objectList("locations");
        if (!req.has("locations")) {
            throw req.missing("locations");
        }
        for (ApiRequest location : locations) {
            location.optionalEnum("type");
            ApiRequest experiment = location.optionalObject("mlflow_experiment");
            if (experiment != null) {
                String id = experiment.optionalString("experiment_id");
                if (id != null) {
                    Validation.experimentId(id);
                }
            }
        }
        validateTracePage(req);
        return JsonObject.empty();
    }

    /** The filter, order and paging arguments both trace searches take. */
    private static void validateTracePage(ApiRequest req) {
        req.optionalString("filter");
        req.stringList("order_by");
        req.optionalString("page_token");
        Long maxResults = req.optionalLong("max_results");
        if (maxResults != null && maxResults > MAX_TRACES_PER_PAGE) {
            throw MlflowException.invalidParameter(Validation.invalidValue("max_results", maxResults, null));
        }
        positive(maxResults);
    }

    /** GET /ajax-api/2.0/mlflow/traces (SearchTraces, the deprecated v2 search the traces tab still sends). */
    public Object searchTracesV2(ApiRequest req) {
        List<String> ids = req.stringList("experiment_ids");
        if (ids.isEmpty()) {
            throw req.missing("experiment_ids");
        }
        ids.forEach(Validation::experimentId);
        validateTracePage(req);
        return JsonObject.empty();
    }

    /** POST /ajax-api/3.0/mlflow/traces/metrics (QueryTraceMetrics). */
    public Object queryTraceMetrics(ApiRequest req) {
        List<String> ids = req.stringList("experiment_ids");
        if (!req.has("experiment_ids")) {
            throw req.missing("experiment_ids");
        }
        ids.forEach(Validation::experimentId);
        if (req.optionalEnum("view_type") == null) {
            throw req.missing("view_type");
        }
        req.requiredString("metric_name");
        req.objectList("aggregations");
        if (!req.has("aggregations")) {
            throw req.missing("aggregations");
        }
        req.stringList("dimensions");
        req.stringList("filters");
        req.optionalLong("time_interval_seconds");
        req.optionalLong("start_time_ms");
        req.optionalLong("end_time_ms");
        req.optionalLong("max_results");
        req.optionalString("page_token");
        return JsonObject.empty();
    }

    /** POST /ajax-api/3.0/mlflow/issues/search (SearchIssues). */
    public Object searchIssues(ApiRequest req) {
        String experimentId = req.optionalString("experiment_id");
        if (experimentId != null && !experimentId.isEmpty()) {
            Validation.experimentId(experimentId);
        }
        for (String field : List.of("filter_string", "page_token", "name", "view")) {
            req.optionalString(field);
        }
        req.optionalBoolean("include_trace_count");
        Boolean totalCount = req.optionalBoolean("include_total_count");
        for (String field : List.of("statuses", "severities", "categories", "order_by")) {
            req.stringList(field);
        }
        positive(req.optionalLong("max_results"));
        // MLflow sets next_page_token to "" explicitly, so the (proto2) field is written.
        JsonObject answer = JsonObject.empty().with("next_page_token", "");
        return Boolean.TRUE.equals(totalCount) ? answer.with("total_count", 0) : answer;
    }

    /** GET /ajax-api/3.0/mlflow/scorers/list (ListScorers). */
    public Object listScorers(ApiRequest req) {
        String experimentId = req.optionalString("experiment_id");
        boolean hasIds = req.has("experiment_ids");
        List<String> ids = req.stringList("experiment_ids");
        if (experimentId != null && !experimentId.isEmpty() && hasIds) {
            throw MlflowException.invalidParameter("Cannot specify both 'experiment_id' and 'experiment_ids'. Use "
                    + "'experiment_ids' to scope the query to multiple experiments, or "
                    + "'experiment_id' to scope it to a single experiment.");
        }
        if (hasIds) {
            for (String id : ids) {
                if (!id.matches("[0-9]+")) {
                    throw MlflowException.invalidParameter("Invalid experiment ID: '" + id + "'");
                }
            }
        } else if (experimentId != null && !experimentId.isEmpty()) {
            Experiment experiment = experiments.get(experimentId);
            if (!Lifecycle.ACTIVE.equals(experiment.lifecycleStage())) {
                throw MlflowException.invalidParameter("The experiment " + experimentId
                        + " must be in the 'active' state. Current state is deleted.");
            }
        }
        return JsonObject.empty();
    }

    /** POST /ajax-api/3.0/mlflow/datasets/search (SearchEvaluationDatasets). */
    public Object searchEvaluationDatasets(ApiRequest req) {
        req.stringList("experiment_ids").forEach(Validation::experimentId);
        req.optionalString("filter_string");
        req.stringList("order_by");
        req.optionalString("page_token");
        positive(req.optionalLong("max_results"));
        return JsonObject.empty();
    }

    /** GET/POST /ajax-api/2.0/mlflow/gateway-proxy: with no deployments target MLflow answers an empty gateway. */
    public Object gatewayProxy(ApiRequest req) {
        req.optionalString("gateway_path");
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.putArray("endpoints");
        return answer;
    }

    /** The SQL store's max_results check; absent means the default. */
    private static void positive(Long maxResults) {
        if (maxResults == null) {
            return;
        }
        if (maxResults < 1) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be a positive integer");
        }
        if (maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be at most " + SEARCH_MAX_RESULTS_THRESHOLD);
        }
    }
}
