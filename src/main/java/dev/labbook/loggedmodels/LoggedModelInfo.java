package dev.labbook.loggedmodels;

import dev.labbook.model.Lifecycle;

/** One logged_models row. */
public record LoggedModelInfo(String modelId, long experimentId, String name, String artifactLocation,
                              long creationTimestamp, long lastUpdatedTimestamp, LoggedModelStatus status,
                              String lifecycleStage, String modelType, String sourceRunId, String statusMessage) {

    public boolean isActive() {
        return Lifecycle.ACTIVE.equals(lifecycleStage);
    }
}
