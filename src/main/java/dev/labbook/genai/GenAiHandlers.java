package dev.labbook.genai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.ApiRequest;

/**
 * The GenAI call the stock UI makes on experiment pages that Labbook has nothing behind: the AI
 * gateway's endpoints. Traces, assessments, scorers, issues, evaluation datasets and review queues
 * live in their own packages.
 */
public final class GenAiHandlers {

    /** GET/POST /ajax-api/2.0/mlflow/gateway-proxy: with no deployments target MLflow answers an empty gateway. */
    public Object gatewayProxy(ApiRequest req) {
        req.optionalString("gateway_path");
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.putArray("endpoints");
        return answer;
    }
}
