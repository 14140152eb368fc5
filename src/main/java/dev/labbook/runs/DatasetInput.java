package dev.labbook.runs;

import dev.labbook.http.JsonObject;
import dev.labbook.model.KeyValue;
import java.util.List;

/** A dataset a run used, with the input's tags (mlflow.data.context says training, eval, ...). */
public record DatasetInput(Dataset dataset, List<KeyValue> tags) {

    public record Dataset(String name, String digest, String sourceType, String source, String schema,
                          String profile) {
        public JsonObject toJson() {
            return JsonObject.empty()
                    .with("name", name)
                    .with("digest", digest)
                    .with("source_type", sourceType)
                    .with("source", source)
                    .with("schema", schema)
                    .with("profile", profile);
        }
    }

    public JsonObject toJson() {
        return JsonObject.empty()
                .with("tags", tags.stream().map(KeyValue::toJson).toList())
                .withMessage("dataset", dataset.toJson());
    }
}
