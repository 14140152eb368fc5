package dev.labbook.scorers;

import dev.labbook.http.JsonObject;

/** Automatic evaluation settings of one scorer; {@code filterString} is null when unset. */
public record OnlineScoringConfig(String id, String scorerId, double sampleRate, long experimentId,
                                  String filterString) {

    /** MLflow's OnlineScoringConfig.to_dict(): plain JSON, not a protobuf message. */
    public JsonObject toJson() {
        return JsonObject.empty()
                .with("online_scoring_config_id", id)
                .with("scorer_id", scorerId)
                .with("sample_rate", sampleRate)
                .with("experiment_id", Long.toString(experimentId))
                .with("filter_string", filterString);
    }
}
