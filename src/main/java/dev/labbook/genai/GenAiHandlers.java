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
 * The GenAI calls the stock UI makes on experiment pages beyond traces, assessments and trace
 * metrics (which live in the traces package) and evaluation datasets (the evaldatasets package):
 * issues, scorers and the AI gateway's endpoints. Labbook stores none of these yet, so each answers MLflow's empty result after
 * validating its arguments as MLflow's handler does; bad input gets MLflow's error.
 */
public final class GenAiHandlers {
    /** SEARCH_MAX_RESULTS_THRESHOLD of MLflow's SQL store. */
    static final int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

    private final ExperimentService experiments;

    public GenAiHandlers(ExperimentService experiments) {
        this.experiments = experiments;
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
