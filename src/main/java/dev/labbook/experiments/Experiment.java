package dev.labbook.experiments;

import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Lifecycle;
import java.util.List;

public record Experiment(long id, String name, String artifactLocation, String lifecycleStage,
                         long creationTime, long lastUpdateTime, List<KeyValue> tags) {

    public boolean isActive() {
        return Lifecycle.ACTIVE.equals(lifecycleStage);
    }

    public Experiment withTags(List<KeyValue> newTags) {
        return new Experiment(id, name, artifactLocation, lifecycleStage, creationTime, lastUpdateTime, newTags);
    }

    public JsonObject toJson() {
        return JsonObject.empty()
                .with("experiment_id", Long.toString(id))
                .with("name", name)
                .with("artifact_location", artifactLocation)
                .with("lifecycle_stage", lifecycleStage)
                .with("last_update_time", lastUpdateTime)
                .with("creation_time", creationTime)
                .with("tags", tags);
    }
}
