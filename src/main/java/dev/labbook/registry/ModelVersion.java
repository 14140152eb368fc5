package dev.labbook.registry;

import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import java.util.List;

/**
 * One version of a registered model. {@code version} is a number here and a string in MLflow's JSON.
 * The download location is {@code storageLocation} when registration resolved one (a logged model's
 * or another version's artifacts), else {@code source}.
 */
public record ModelVersion(String name, int version, long creationTimestamp, long lastUpdatedTimestamp,
                           String userId, String currentStage, String description, String source, String runId,
                           String runLink, String status, String statusMessage, String storageLocation,
                           String modelId, List<KeyValue> tags, List<String> aliases) {

    public String downloadUri() {
        return storageLocation != null && !storageLocation.isEmpty() ? storageLocation : source;
    }

    public boolean isPrompt() {
        return tags.stream().anyMatch(t -> t.key().equals(Prompts.IS_PROMPT_TAG) && t.value().equals("true"));
    }

    public ModelVersion with(List<KeyValue> newTags, List<String> newAliases) {
        return new ModelVersion(name, version, creationTimestamp, lastUpdatedTimestamp, userId, currentStage,
                description, source, runId, runLink, status, statusMessage, storageLocation, modelId, newTags,
                newAliases);
    }

    /** As MLflow's ModelVersion.to_proto: set fields only, an empty status_message left out. */
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("name", name)
                .with("version", Integer.toString(version))
                .with("creation_timestamp", creationTimestamp)
                .with("last_updated_timestamp", lastUpdatedTimestamp)
                .with("user_id", userId)
                .with("current_stage", currentStage)
                .with("description", description)
                .with("source", source)
                .with("run_id", runId)
                .with("status", status)
                .with("status_message", statusMessage == null || statusMessage.isEmpty() ? null : statusMessage)
                .with("tags", tags)
                .with("run_link", runLink)
                .with("aliases", aliases)
                .with("model_id", modelId == null || modelId.isEmpty() ? null : modelId);
    }
}
