package dev.labbook.runs;

import dev.labbook.http.JsonObject;
import dev.labbook.model.Lifecycle;

public record RunInfo(String runId, long experimentId, String runName, String userId, String status,
                      long startTime, Long endTime, String artifactUri, String lifecycleStage) {

    public boolean isActive() {
        return Lifecycle.ACTIVE.equals(lifecycleStage);
    }

    public JsonObject toJson() {
        return JsonObject.empty()
                .with("run_id", runId)
                .with("run_uuid", runId)
                .with("run_name", runName)
                .with("experiment_id", Long.toString(experimentId))
                .with("user_id", userId)
                .with("status", status)
                .with("start_time", startTime)
                .with("end_time", endTime)
                .with("artifact_uri", artifactUri)
                .with("lifecycle_stage", lifecycleStage);
    }
}
