package dev.labbook.runs;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import dev.labbook.loggedmodels.ModelOutput;
import dev.labbook.metrics.Metric;
import dev.labbook.model.KeyValue;
import java.io.IOException;
import java.util.List;

/** A run as get-run and search-runs return it: data.metrics holds only the latest value per key. */
public record Run(RunInfo info, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags,
                  List<DatasetInput> datasetInputs, List<String> modelInputs, List<ModelOutput> modelOutputs)
        implements JsonWritable {

    /** data, inputs and outputs are always sent, as MLflow does, even when they hold nothing. */
    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonFields.message(json, "info", info);
        json.writeObjectFieldStart("data");
        JsonFields.messages(json, "metrics", metrics);
        JsonFields.messages(json, "params", params);
        JsonFields.messages(json, "tags", tags);
        json.writeEndObject();
        json.writeObjectFieldStart("inputs");
        JsonFields.messages(json, "dataset_inputs", datasetInputs);
        JsonFields.messages(json, "model_inputs", modelInputs, Run::writeModelInput);
        json.writeEndObject();
        json.writeObjectFieldStart("outputs");
        JsonFields.messages(json, "model_outputs", modelOutputs);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeModelInput(JsonGenerator json, String modelId) throws IOException {
        json.writeStartObject();
        JsonFields.string(json, "model_id", modelId);
        json.writeEndObject();
    }
}
