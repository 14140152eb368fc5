package dev.labbook.genai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;

/**
 * The GenAI calls the stock UI makes on experiment pages beyond traces, assessments and trace
 * metrics (which live in the traces package): evaluation datasets and the AI gateway's
 * endpoints (scorers and issues live in their own packages). Labbook stores none of these yet, so each answers MLflow's empty result after
 * validating its arguments as MLflow's handler does; bad input gets MLflow's error.
 */
public final class GenAiHandlers {
    /** SEARCH_MAX_RESULTS_THRESHOLD of MLflow's SQL store. */
    static final int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

    private final ExperimentService experiments;

    public GenAiHandlers(ExperimentService experiments) {
        this.experiments = experiments;
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
