package dev.labbook.model;

import dev.labbook.http.JsonObject;

/** A tag or param: MLflow sends both as {"key", "value"}. */
public record KeyValue(String key, String value) {
    public JsonObject toJson() {
        return JsonObject.empty().with("key", key).with("value", value);
    }
}
