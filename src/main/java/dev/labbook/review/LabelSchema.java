package dev.labbook.review;

import dev.labbook.http.JsonObject;

/** A label schema as stored; {@link #json()} is MLflow's LabelSchema message. */
record LabelSchema(String schemaId, long experimentId, String name, String type, String instruction,
                   boolean enableComment, LabelSchemaInput input, String createdBy, long createdAt,
                   long lastUpdatedAt, boolean isDefault) {
    static final String FEEDBACK = "feedback";
    static final String EXPECTATION = "expectation";

    JsonObject json() {
        return JsonObject.empty()
                .with("schema_id", schemaId)
                .with("experiment_id", Long.toString(experimentId))
                .with("name", name)
                .with("type", type.toUpperCase(java.util.Locale.ROOT))
                .with("instruction", instruction)
                .with("enable_comment", enableComment)
                .withMessage("input", input.json())
                .with("created_by", createdBy)
                .with("created_at", createdAt)
                .with("last_updated_at", lastUpdatedAt)
                .with("is_default", isDefault);
    }
}
