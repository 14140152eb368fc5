package dev.labbook.model;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import java.io.IOException;

/** A tag or param: MLflow sends both as {"key", "value"}. */
public record KeyValue(String key, String value) implements JsonWritable {
    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonFields.string(json, "key", key);
        JsonFields.string(json, "value", value);
        json.writeEndObject();
    }
}
