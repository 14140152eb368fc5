package dev.labbook.issues;

import dev.labbook.http.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An issue found in an experiment's traces (mlflow.issues.Issue). Lists and maps are empty rather
 * than null; {@code severity}, {@code sourceRunId}, {@code createdBy} and {@code lastUpdatedBy} may be null.
 */
public record Issue(String issueId, long experimentId, String name, String description, String status,
                    String severity, List<String> rootCauses, String sourceRunId, List<String> categories,
                    long createdTimestamp, long lastUpdatedTimestamp, String createdBy, Long lastSeenTimestamp,
                    String lastUpdatedBy, Map<String, String> metadata) {

    /** The last observation; an issue stored without one was last seen when it was created. */
    public long lastSeen() {
        return lastSeenTimestamp != null ? lastSeenTimestamp : createdTimestamp;
    }

    /**
     * The message as MLflow writes it: empty strings for the source run and creator are left out, the
     * trace count only when it was asked for; {@code basic} empties the description and drops the root
     * causes and metadata.
     */
    public JsonObject toJson(Integer traceCount, boolean basic) {
        return JsonObject.empty()
                .with("issue_id", issueId)
                .with("experiment_id", Long.toString(experimentId))
                .with("name", name)
                .with("description", basic ? "" : description)
                .with("status", status)
                .with("severity", severity == null || severity.isEmpty() ? null : severity)
                .with("root_causes", basic ? List.of() : rootCauses)
                .with("source_run_id", sourceRunId == null || sourceRunId.isEmpty() ? null : sourceRunId)
                .with("created_timestamp", createdTimestamp)
                .with("last_updated_timestamp", lastUpdatedTimestamp)
                .with("created_by", createdBy == null || createdBy.isEmpty() ? null : createdBy)
                .with("categories", categories)
                .with("trace_count", traceCount)
                .with("last_seen_timestamp", lastSeen())
                .with("last_updated_by", lastUpdatedBy)
                .with("metadata", basic || metadata.isEmpty() ? null : metadata);
    }
}
