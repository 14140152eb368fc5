package dev.labbook.loggedmodels;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import dev.labbook.metrics.Metric;
import java.io.IOException;

/** A metric point logged by a run against a logged model, optionally on a dataset. */
public record ModelMetric(String modelId, String runId, Metric metric, String datasetName, String datasetDigest)
        implements JsonWritable {

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        metric.writeFields(json);
        JsonFields.string(json, "dataset_name", datasetName);
        JsonFields.string(json, "dataset_digest", datasetDigest);
        JsonFields.string(json, "model_id", modelId);
        JsonFields.string(json, "run_id", runId);
        json.writeEndObject();
    }
}
