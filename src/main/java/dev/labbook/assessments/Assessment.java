package dev.labbook.assessments;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.JsonWritable;
import dev.labbook.traces.ProtoTime;
import dev.labbook.traces.otlp.PythonJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A feedback, expectation or issue reference on a trace, as stored: value, error and metadata are
 * the JSON texts MLflow's store writes (Python's json.dumps), so rows imported from MLflow and rows
 * written here read back alike. Writes itself as MLflow's Assessment proto JSON.
 */
public record Assessment(String assessmentId, String traceId, String name, AssessmentType type, String valueJson,
                         String errorJson, long createdMs, long updatedMs, String sourceType, String sourceId,
                         String runId, String spanId, String rationale, String overrides, boolean valid,
                         String metadataJson) implements JsonWritable {

    public Assessment withValidity(boolean newValid) {
        return new Assessment(assessmentId, traceId, name, type, valueJson, errorJson, createdMs, updatedMs,
                sourceType, sourceId, runId, spanId, rationale, overrides, newValid, metadataJson);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        // Fields in proto field-number order, as MLflow's JSON printer writes them.
        json.writeStartObject();
        json.writeStringField("assessment_id", assessmentId);
        json.writeStringField("assessment_name", name);
        json.writeStringField("trace_id", traceId);
        if (spanId != null && !spanId.isEmpty()) {
            json.writeStringField("span_id", spanId);
        }
        json.writeObjectFieldStart("source");
        if (!"SOURCE_TYPE_UNSPECIFIED".equals(sourceType)) {
            json.writeStringField("source_type", sourceType);
        }
        if (sourceId != null && !sourceId.isEmpty()) {
            json.writeStringField("source_id", sourceId);
        }
        json.writeEndObject();
        json.writeStringField("create_time", ProtoTime.timestamp(createdMs));
        json.writeStringField("last_update_time", ProtoTime.timestamp(updatedMs));
        switch (type) {
            case FEEDBACK -> writeFeedback(json);
            case EXPECTATION -> writeExpectation(json);
            case ISSUE -> { }
        }
        if (rationale != null && !rationale.isEmpty()) {
            json.writeStringField("rationale", rationale);
        }
        writeMetadata(json);
        if (overrides != null && !overrides.isEmpty()) {
            json.writeStringField("overrides", overrides);
        }
        json.writeBooleanField("valid", valid);
        if (type == AssessmentType.ISSUE) {
            json.writeObjectFieldStart("issue");
            JsonNode issue = PythonJson.parse(valueJson);
            if (issue.hasNonNull("issue_name")) {
                json.writeStringField("issue_name", issue.get("issue_name").asText());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private void writeFeedback(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("feedback");
        json.writeFieldName("value");
        ValueJson.write(PythonJson.parse(valueJson), json);
        if (errorJson != null) {
            JsonNode error = PythonJson.parse(errorJson);
            json.writeObjectFieldStart("error");
            for (String field : new String[] {"error_code", "error_message", "stack_trace"}) {
                JsonNode value = error.get(field);
                if (value != null && !value.isNull() && !value.asText().isEmpty()) {
                    json.writeStringField(field, value.asText());
                }
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** Lists, objects and null travel as a JSON string (serialized_value); scalars as a protobuf Value. */
    private void writeExpectation(JsonGenerator json) throws IOException {
        JsonNode value = PythonJson.parse(valueJson);
        json.writeObjectFieldStart("expectation");
        if (value.isContainerNode()) {
            json.writeObjectFieldStart("serialized_value");
            json.writeStringField("serialization_format", "JSON_FORMAT");
            json.writeStringField("value", valueJson);
            json.writeEndObject();
        } else {
            json.writeFieldName("value");
            ValueJson.write(value, json);
        }
        json.writeEndObject();
    }

    private void writeMetadata(JsonGenerator json) throws IOException {
        if (metadataJson == null) {
            return;
        }
        JsonNode metadata = PythonJson.parse(metadataJson);
        if (!metadata.isObject() || metadata.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("metadata");
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode v = entry.getValue();
            json.writeStringField(entry.getKey(), v.isTextual() ? v.asText() : PythonJson.dumps(v));
        }
        json.writeEndObject();
    }
}
