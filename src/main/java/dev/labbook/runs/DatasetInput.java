package dev.labbook.runs;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import dev.labbook.model.KeyValue;
import java.io.IOException;
import java.util.List;

/** A dataset a run used, with the input's tags (mlflow.data.context says training, eval, ...). */
public record DatasetInput(Dataset dataset, List<KeyValue> tags) implements JsonWritable {

    public record Dataset(String name, String digest, String sourceType, String source, String schema,
                          String profile) implements JsonWritable {
        @Override
        public void writeJson(JsonGenerator json) throws IOException {
            json.writeStartObject();
            JsonFields.string(json, "name", name);
            JsonFields.string(json, "digest", digest);
            JsonFields.string(json, "source_type", sourceType);
            JsonFields.string(json, "source", source);
            JsonFields.string(json, "schema", schema);
            JsonFields.string(json, "profile", profile);
            json.writeEndObject();
        }
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonFields.messages(json, "tags", tags);
        JsonFields.message(json, "dataset", dataset);
        json.writeEndObject();
    }
}
