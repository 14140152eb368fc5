package dev.labbook.review;

import dev.labbook.http.JsonObject;
import java.util.List;

/** A review queue with its assigned users and attached schema ids; {@link #json()} is MLflow's ReviewQueue. */
record ReviewQueue(String queueId, long experimentId, String name, String queueType, String createdBy,
                   long creationTimeMs, long lastUpdateTimeMs, List<String> users, List<String> schemaIds) {
    static final String USER = "user";
    static final String CUSTOM = "custom";

    boolean isUser() {
        return USER.equals(queueType);
    }

    ReviewQueue with(List<String> newUsers, List<String> newSchemaIds) {
        return new ReviewQueue(queueId, experimentId, name, queueType, createdBy, creationTimeMs, lastUpdateTimeMs,
                newUsers, newSchemaIds);
    }

    JsonObject json() {
        return JsonObject.empty()
                .with("queue_id", queueId)
                .with("experiment_id", Long.toString(experimentId))
                .with("name", name)
                .with("queue_type", queueType.toUpperCase(java.util.Locale.ROOT))
                .with("created_by", createdBy)
                .with("creation_time_ms", creationTimeMs)
                .with("last_update_time_ms", lastUpdateTimeMs)
                .with("users", users)
                .with("schema_ids", schemaIds);
    }
}
