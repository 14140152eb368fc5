package dev.labbook.review;

import dev.labbook.http.JsonObject;

/** One trace attached to a queue with its shared review status; {@link #json()} is MLflow's ReviewQueueItem. */
record ReviewQueueItem(String queueId, String itemType, String itemId, String status, String completedBy,
                       Long completedTimeMs, long creationTimeMs, long lastUpdateTimeMs) {
    static final String TRACE = "trace";
    static final String PENDING = "pending";
    static final String COMPLETE = "complete";
    static final String DECLINED = "declined";

    JsonObject json() {
        return JsonObject.empty()
                .with("queue_id", queueId)
                .with("item_type", itemType.toUpperCase(java.util.Locale.ROOT))
                .with("item_id", itemId)
                .with("status", status.toUpperCase(java.util.Locale.ROOT))
                .with("completed_by", completedBy)
                .with("completed_time_ms", completedTimeMs)
                .with("creation_time_ms", creationTimeMs)
                .with("last_update_time_ms", lastUpdateTimeMs);
    }
}
