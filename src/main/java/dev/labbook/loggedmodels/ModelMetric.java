package dev.labbook.loggedmodels;

import dev.labbook.http.JsonObject;
import dev.labbook.metrics.Metric;

/** A metric point logged by a run against a logged model, optionally on a dataset. */
public record ModelMetric(String modelId, String runId, Metric metric, String datasetName, String datasetDigest) {

    public JsonObject toJson() {
        return metric.toJson()
                .with("dataset_name", datasetName)
                .with("dataset_digest", datasetDigest)
                .with("model_id", modelId)
                .with("run_id", runId);
    }
}
