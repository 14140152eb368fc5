package dev.labbook.runs;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import dev.labbook.model.Lifecycle;
import java.io.IOException;

public record RunInfo(String runId, long experimentId, String runName, String userId, String status,
                      long startTime, Long endTime, String artifactUri, String lifecycleStage) implements JsonWritable {

    public boolean isActive() {
        return Lifecycle.ACTIVE.equals(lifecycleStage);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonFields.string(json, "run_id", runId);
        JsonFields.string(json, "run_uuid", runId);
        JsonFields.string(json, "run_name", runName);
        JsonFields.string(json, "experiment_id", Long.toString(experimentId));
        JsonFields.string(json, "user_id", userId);
        JsonFields.string(json, "status", status);
        JsonFields.int64(json, "start_time", startTime);
        JsonFields.optionalInt64(json, "end_time", endTime);
        JsonFields.string(json, "artifact_uri", artifactUri);
        JsonFields.string(json, "lifecycle_stage", lifecycleStage);
        json.writeEndObject();
    }
}
