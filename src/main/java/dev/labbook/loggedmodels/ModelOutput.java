package dev.labbook.loggedmodels;

import dev.labbook.http.JsonObject;

/** A logged model a run produced, and the step at which it was logged. */
public record ModelOutput(String modelId, long step) {

    public JsonObject toJson() {
        return JsonObject.empty().with("model_id", modelId).with("step", step);
    }
}
