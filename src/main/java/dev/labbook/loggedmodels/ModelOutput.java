package dev.labbook.loggedmodels;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import java.io.IOException;

/** A logged model a run produced, and the step at which it was logged. */
public record ModelOutput(String modelId, long step) implements JsonWritable {

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        JsonFields.string(json, "model_id", modelId);
        JsonFields.int64(json, "step", step);
        json.writeEndObject();
    }
}
