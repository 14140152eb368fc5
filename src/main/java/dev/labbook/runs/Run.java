package dev.labbook.runs;

import dev.labbook.http.JsonObject;
import dev.labbook.loggedmodels.ModelOutput;
import dev.labbook.metrics.Metric;
import dev.labbook.model.KeyValue;
import java.util.List;

/** A run as get-run and search-runs return it: data.metrics holds only the latest value per key. */
public record Run(RunInfo info, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags,
                  List<DatasetInput> datasetInputs, List<String> modelInputs, List<ModelOutput> modelOutputs) {

    public JsonObject toJson() {
        JsonObject data = JsonObject.empty()
                .with("metrics", metrics.stream().map(Metric::toJson).toList())
                .with("params", params.stream().map(KeyValue::toJson).toList())
                .with("tags", tags.stream().map(KeyValue::toJson).toList());
        JsonObject inputs = JsonObject.empty()
                .with("dataset_inputs", datasetInputs.stream().map(DatasetInput::toJson).toList())
                .with("model_inputs", modelInputs.stream().map(id -> JsonObject.empty().with("model_id", id)).toList());
        return JsonObject.empty()
                .withMessage("info", info.toJson())
                .withMessage("data", data)
                .withMessage("inputs", inputs)
                .withMessage("outputs", JsonObject.empty()
                        .with("model_outputs", modelOutputs.stream().map(ModelOutput::toJson).toList()));
    }
}
