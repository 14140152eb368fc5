package dev.labbook.scorers;

import dev.labbook.http.JsonObject;

/**
 * One registered version of a scorer: MLflow's ScorerVersion. {@code serializedScorer} is the JSON
 * the client sent, stored and answered as it came.
 */
public record ScorerVersion(long experimentId, String scorerId, String name, int version, String serializedScorer,
                            long creationTime) {

    /** The mlflow.Scorer message, whose experiment_id is an int32 (a JSON number). */
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("experiment_id", experimentId)
                .with("scorer_name", name)
                .with("scorer_version", version)
                .with("serialized_scorer", serializedScorer)
                .with("creation_time", creationTime)
                .with("scorer_id", scorerId);
    }

    /** RegisterScorer's response, which names the fields differently and sends experiment_id as a string. */
    public JsonObject toRegisterResponse() {
        return JsonObject.empty()
                .with("version", version)
                .with("scorer_id", scorerId)
                .with("experiment_id", Long.toString(experimentId))
                .with("name", name)
                .with("serialized_scorer", serializedScorer)
                .with("creation_time", creationTime);
    }
}
