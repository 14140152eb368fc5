package dev.labbook.registry;

import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import java.util.List;

/**
 * A registered model as MLflow renders it: {@code latest_versions} holds the newest live version in
 * each stage, {@code aliases} every alias of the model with the version it names.
 */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
                              List<KeyValue> tags, List<Alias> aliases, List<ModelVersion> latestVersions) {

    /** One alias: version is a string in MLflow's JSON. */
    public record Alias(String alias, int version) {
        JsonObject toJson() {
            return JsonObject.empty().with("alias", alias).with("version", Integer.toString(version));
        }
    }

    public boolean isPrompt() {
        return tags.stream().anyMatch(t -> t.key().equals(Prompts.IS_PROMPT_TAG) && t.value().equals("true"));
    }

    public JsonObject toJson() {
        return JsonObject.empty()
                .with("name", name)
                .with("creation_timestamp", creationTimestamp)
                .with("last_updated_timestamp", lastUpdatedTimestamp)
                // MLflow leaves out an empty description (and never sets user_id).
                .with("description", description == null || description.isEmpty() ? null : description)
                .with("latest_versions", latestVersions.stream().map(ModelVersion::toJson).toList())
                .with("tags", tags)
                .with("aliases", aliases.stream().map(Alias::toJson).toList());
    }
}
