package dev.labbook.assessments;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * google.protobuf.Value, MLflow's carrier for feedback and expectation values: every number is a
 * double, so 3 is stored and answered as 3.0, as MLflow's server does.
 */
final class ValueJson {
    private ValueJson() {}

    /** The value as protobuf's Value would hold it: integers become doubles, all the way down. */
    static JsonNode normalize(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value.isNumber()) {
            return JsonNodeFactory.instance.numberNode(value.doubleValue());
        }
        if (value.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> array.add(normalize(item)));
            return array;
        }
        if (value.isObject()) {
            var object = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                object.set(entry.getKey(), normalize(entry.getValue()));
            }
            return object;
        }
        return value;
    }

    static void write(JsonNode value, JsonGenerator json) throws IOException {
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                json.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            } else {
                json.writeNumber(d);
            }
            return;
        }
        if (value.isArray()) {
            json.writeStartArray();
            for (JsonNode item : value) {
                write(item, json);
            }
            json.writeEndArray();
            return;
        }
        if (value.isObject()) {
            json.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                json.writeFieldName(entry.getKey());
                write(entry.getValue(), json);
            }
            json.writeEndObject();
            return;
        }
        json.writeTree(value);
    }
}
