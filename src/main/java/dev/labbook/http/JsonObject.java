package dev.labbook.http;

import java.util.Collection;
import java.util.LinkedHashMap;

/** A response object in MLflow's style: unset fields and empty repeated fields are omitted. */
public final class JsonObject extends LinkedHashMap<String, Object> {

    public static JsonObject empty() {
        return new JsonObject();
    }

    public JsonObject with(String key, Object value) {
        if (value == null) {
            return this;
        }
        if (value instanceof Collection<?> collection && collection.isEmpty()) {
            return this;
        }
        put(key, value);
        return this;
    }

    /** A sub-message that was set, even when empty (MLflow sends "inputs": {}). */
    public JsonObject withMessage(String key, JsonObject message) {
        put(key, message);
        return this;
    }
}
