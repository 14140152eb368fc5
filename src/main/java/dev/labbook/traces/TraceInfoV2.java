package dev.labbook.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonWritable;
import java.io.IOException;
import java.util.Map;

/** A trace info in the deprecated v2 shape (request_id, timestamp_ms, key/value lists) that old clients read. */
record TraceInfoV2(TraceInfo info) implements JsonWritable {

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("request_id", info.traceId());
        json.writeStringField("experiment_id", Long.toString(info.experimentId()));
        json.writeNumberField("timestamp_ms", info.requestTimeMs());
        json.writeNumberField("execution_time_ms", info.executionMs() == null ? 0 : info.executionMs());
        json.writeStringField("status", TraceStates.toV2Status(info.state()));
        writeList(json, "request_metadata", info.metadata());
        writeList(json, "tags", info.tags());
        json.writeEndObject();
    }

    private static void writeList(JsonGenerator json, String field, Map<String, String> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            json.writeStartObject();
            json.writeStringField("key", e.getKey());
            json.writeStringField("value", e.getValue() == null ? "" : e.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
