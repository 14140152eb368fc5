package dev.labbook.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.assessments.Assessment;
import dev.labbook.http.JsonWritable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One trace's info (MLflow's TraceInfoV3): where it lives, when it ran, its state, previews, request
 * metadata, tags and assessments. Writes itself as MLflow's proto JSON; unset fields are left out.
 */
public record TraceInfo(String traceId, String clientRequestId, long experimentId, long requestTimeMs,
                        Long executionMs, String state, String requestPreview, String responsePreview,
                        Map<String, String> metadata, Map<String, String> tags, List<Assessment> assessments)
        implements JsonWritable {

    public static final String SPANS_LOCATION_TAG = "mlflow.trace.spansLocation";
    public static final String TRACKING_STORE = "TRACKING_STORE";

    public boolean spansInDatabase() {
        return TRACKING_STORE.equals(tags.get(SPANS_LOCATION_TAG));
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        // Proto field-number order: 1 trace_id, 2 client_request_id, 3 trace_location, 6 request_time,
        // 7 execution_duration, 8 state, 9 trace_metadata, 10 assessments, 11 tags, 12/13 previews.
        json.writeStartObject();
        json.writeStringField("trace_id", traceId);
        if (clientRequestId != null && !clientRequestId.isEmpty()) {
            json.writeStringField("client_request_id", clientRequestId);
        }
        json.writeObjectFieldStart("trace_location");
        json.writeStringField("type", "MLFLOW_EXPERIMENT");
        json.writeObjectFieldStart("mlflow_experiment");
        json.writeStringField("experiment_id", Long.toString(experimentId));
        json.writeEndObject();
        json.writeEndObject();
        json.writeStringField("request_time", ProtoTime.timestamp(requestTimeMs));
        if (executionMs != null) {
            json.writeStringField("execution_duration", ProtoTime.duration(executionMs));
        }
        if (!TraceStates.UNSPECIFIED.equals(state)) {
            json.writeStringField("state", state);
        }
        writeMap(json, "trace_metadata", metadata);
        if (!assessments.isEmpty()) {
            json.writeArrayFieldStart("assessments");
            for (Assessment a : assessments) {
                a.writeJson(json);
            }
            json.writeEndArray();
        }
        writeMap(json, "tags", tags);
        if (requestPreview != null) {
            json.writeStringField("request_preview", requestPreview);
        }
        if (responsePreview != null) {
            json.writeStringField("response_preview", responsePreview);
        }
        json.writeEndObject();
    }

    private static void writeMap(JsonGenerator json, String field, Map<String, String> map) throws IOException {
        if (map.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            json.writeStringField(e.getKey(), e.getValue() == null ? "" : e.getValue());
        }
        json.writeEndObject();
    }
}
