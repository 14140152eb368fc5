package dev.labbook.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.ApiRequest;

/**
 * The two read-only endpoints of MLflow's AI assistant that every UI page asks for on load.
 * Labbook has no assistant: it answers as an MLflow server with no provider configured or
 * installed does, so the UI hides the feature instead of logging failed requests.
 */
public final class AssistantHandlers {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public Object config(ApiRequest req) {
        ObjectNode answer = F.objectNode();
        answer.putObject("providers");
        answer.putObject("projects");
        answer.put("remote_access_allowed", false);
        answer.put("can_edit_server_settings", false);
        return answer;
    }

    public Object providers(ApiRequest req) {
        ObjectNode answer = F.objectNode();
        answer.putArray("providers");
        answer.putNull("resolved");
        answer.putObject("gateway_vendor_options");
        return answer;
    }
}
