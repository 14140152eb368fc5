package dev.labbook.assessments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;
import dev.labbook.traces.ProtoTime;
import dev.labbook.traces.otlp.PythonJson;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads MLflow's Assessment proto JSON into an {@link Assessment}, as Assessment.from_proto does. */
public final class AssessmentMessages {
    static final Set<String> SOURCE_TYPES = Set.of("SOURCE_TYPE_UNSPECIFIED", "HUMAN", "LLM_JUDGE", "CODE");

    private AssessmentMessages() {}

    /** An assessment sent for {@code traceId}; a missing id gets a new one, missing times get {@code now}. */
    public static Assessment read(ApiRequest msg, String traceId, long now) {
        String id = msg.optionalString("assessment_id");
        if (id == null || id.isEmpty()) {
            id = "a-" + UUID.randomUUID().toString().replace("-", "");
        }
        ApiRequest source = msg.optionalObject("source");
        String sourceType = source == null ? null : source.optionalEnum("source_type");
        sourceType = sourceType == null ? "SOURCE_TYPE_UNSPECIFIED" : sourceType;
        if (!SOURCE_TYPES.contains(sourceType)) {
            throw MlflowException.invalidParameter("Invalid source type: " + sourceType + ". Valid source types are "
                    + "HUMAN, LLM_JUDGE, CODE.");
        }
        String sourceId = source == null ? null : emptyToNull(source.optionalString("source_id"));
        long created = time(msg, "create_time", now);
        long updated = time(msg, "last_update_time", now);
        Kind kind = kind(msg);
        Map<String, String> metadata = msg.stringMap("metadata");
        String name = msg.optionalString("assessment_name");
        return new Assessment(id, traceId, name == null ? "" : name, kind.type(), kind.valueJson(), kind.errorJson(),
                created, updated, sourceType, sourceId, null, emptyToNull(msg.optionalString("span_id")),
                kind.type() == AssessmentType.EXPECTATION ? null : emptyToNull(msg.optionalString("rationale")),
                emptyToNull(msg.optionalString("overrides")), true, metadataJson(metadata));
    }

    /** The value part of an assessment: its type and the JSON texts stored for it. */
    record Kind(AssessmentType type, String valueJson, String errorJson) {}

    static Kind kind(ApiRequest msg) {
        ApiRequest feedback = msg.optionalObject("feedback");
        if (feedback != null) {
            return feedback(feedback);
        }
        ApiRequest expectation = msg.optionalObject("expectation");
        if (expectation != null) {
            return new Kind(AssessmentType.EXPECTATION, expectationValue(expectation), null);
        }
        ApiRequest issue = msg.optionalObject("issue");
        if (issue != null) {
            ObjectNode value = JsonNodeFactory.instance.objectNode();
            value.put("issue_name", issue.optionalString("issue_name") == null ? "" : issue.optionalString("issue_name"));
            return new Kind(AssessmentType.ISSUE, PythonJson.dumps(value), null);
        }
        throw MlflowException.invalidParameter("Unknown assessment type: None");
    }

    static Kind feedback(ApiRequest feedback) {
        JsonNode value = ValueJson.normalize(feedback.value("value"));
        ApiRequest error = feedback.optionalObject("error");
        String errorJson = null;
        if (error != null) {
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            e.put("error_code", nullToEmpty(error.optionalString("error_code")));
            putOrNull(e, "error_message", error.optionalString("error_message"));
            putOrNull(e, "stack_trace", error.optionalString("stack_trace"));
            errorJson = PythonJson.dumps(e);
        }
        return new Kind(AssessmentType.FEEDBACK, PythonJson.dumps(value), errorJson);
    }

    static String expectationValue(ApiRequest expectation) {
        ApiRequest serialized = expectation.optionalObject("serialized_value");
        if (serialized != null) {
            String format = serialized.optionalEnum("serialization_format");
            if (!"JSON_FORMAT".equals(format)) {
                throw MlflowException.invalidParameter("Unknown serialization format: " + (format == null ? ""
                        : format) + ". Only JSON_FORMAT is supported.");
            }
            String text = serialized.optionalString("value");
            try {
                return PythonJson.dumps(PythonJson.parse(text == null ? "" : text));
            } catch (RuntimeException e) {
                throw MlflowException.invalidParameter("Failed to parse the serialized expectation value as JSON.");
            }
        }
        return PythonJson.dumps(ValueJson.normalize(expectation.value("value")));
    }

    static String metadataJson(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        metadata.forEach(node::put);
        return PythonJson.dumps(node);
    }

    private static long time(ApiRequest msg, String field, long now) {
        String text = msg.optionalString(field);
        return text == null || text.isEmpty() ? now : ProtoTime.parseTimestamp(field, text);
    }

    private static void putOrNull(ObjectNode node, String field, String value) {
        if (value == null || value.isEmpty()) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
