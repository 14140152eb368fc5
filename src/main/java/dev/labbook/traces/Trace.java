package dev.labbook.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonWritable;
import java.io.IOException;
import java.util.List;

/** A whole trace (MLflow's Trace proto): its info and its spans, each span stored as MLflow's span JSON. */
public record Trace(TraceInfo info, List<String> spanContents) implements JsonWritable {

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName("trace_info");
        info.writeJson(json);
        if (!spanContents.isEmpty()) {
            json.writeArrayFieldStart("spans");
            for (String content : spanContents) {
                SpanProtoJson.write(content, json);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
