package dev.labbook.loggedmodels;

import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import java.util.List;

/**
 * A logged model as MLflow's LoggedModel message: {@code info} (with the tags) and {@code data}
 * (params, and every metric point logged against the model).
 */
public record LoggedModel(LoggedModelInfo info, List<KeyValue> tags, List<KeyValue> params,
                          List<ModelMetric> metrics) {

    public JsonObject toJson() {
        JsonObject infoJson = JsonObject.empty()
                .with("model_id", info.modelId())
                .with("experiment_id", Long.toString(info.experimentId()))
                .with("name", info.name())
                .with("creation_timestamp_ms", info.creationTimestamp())
                .with("last_updated_timestamp_ms", info.lastUpdatedTimestamp())
                .with("artifact_uri", info.artifactLocation())
                .with("status", info.status().name())
                .with("model_type", info.modelType())
                .with("source_run_id", info.sourceRunId())
                .with("status_message", info.statusMessage())
                .with("tags", tags);
        JsonObject data = JsonObject.empty()
                .with("params", params)
                .with("metrics", metrics);
        return JsonObject.empty().withMessage("info", infoJson).withMessage("data", data);
    }
}
