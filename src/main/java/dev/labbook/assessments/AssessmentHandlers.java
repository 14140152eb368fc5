package dev.labbook.assessments;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import java.util.List;

/** HTTP for assessments: /api/3.0/mlflow/traces/{trace_id}/assessments[/{assessment_id}]. */
public final class AssessmentHandlers {
    private final AssessmentService assessments;

    public AssessmentHandlers(AssessmentService assessments) {
        this.assessments = assessments;
    }

    public Object create(ApiRequest req) {
        ApiRequest msg = req.optionalObject("assessment");
        if (msg == null) {
            throw req.missing("assessment");
        }
        // The path's trace id wins over the one in the message, as in MLflow's handler.
        Assessment created = assessments.create(AssessmentMessages.read(msg, req.requiredString("trace_id"),
                assessments.now()));
        return JsonObject.empty().with("assessment", created);
    }

    public Object get(ApiRequest req) {
        return JsonObject.empty().with("assessment",
                assessments.get(req.requiredString("trace_id"), req.requiredString("assessment_id")));
    }

    public Object update(ApiRequest req) {
        ApiRequest msg = req.optionalObject("assessment");
        if (msg == null) {
            throw req.missing("assessment");
        }
        List<String> paths = updateMask(req);
        String name = null;
        AssessmentMessages.Kind expectation = null;
        AssessmentMessages.Kind feedback = null;
        String rationale = null;
        java.util.Map<String, String> metadata = null;
        for (String path : paths) {
            switch (path) {
                case "assessment_name", "assessmentName" -> name = nullToEmpty(msg.optionalString("assessment_name"));
                case "expectation" -> expectation = new AssessmentMessages.Kind(AssessmentType.EXPECTATION,
                        AssessmentMessages.expectationValue(orEmpty(msg.optionalObject("expectation"))), null);
                case "feedback" -> feedback = AssessmentMessages.feedback(orEmpty(msg.optionalObject("feedback")));
                case "rationale" -> rationale = nullToEmpty(msg.optionalString("rationale"));
                case "metadata" -> metadata = msg.stringMap("metadata");
                default -> { }
            }
        }
        Assessment updated = assessments.update(req.requiredString("trace_id"), req.requiredString("assessment_id"),
                new AssessmentService.Changes(name, expectation, feedback, rationale, metadata));
        return JsonObject.empty().with("assessment", updated);
    }

    public Object delete(ApiRequest req) {
        assessments.delete(req.requiredString("trace_id"), req.requiredString("assessment_id"));
        return JsonObject.empty();
    }

    /** A google.protobuf.FieldMask: JSON sends "a,b" (camelCase); {"paths": [...]} is accepted too. */
    private static List<String> updateMask(ApiRequest req) {
        var node = req.value("update_mask");
        if (node == null || node.isNull()) {
            throw req.missing("update_mask");
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? List.of() : List.of(node.asText().split(","));
        }
        if (node.isObject()) {
            return req.optionalObject("update_mask").stringList("paths");
        }
        throw MlflowException.invalidParameter("Invalid value " + node + " for parameter 'update_mask' supplied.");
    }

    private static ApiRequest orEmpty(ApiRequest msg) {
        return msg == null ? new ApiRequest(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())
                : msg;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
