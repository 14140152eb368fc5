package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.JsonFields.get;
import static dev.labbook.traces.otlp.JsonFields.object;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP JSON KeyValue and AnyValue, decoded into the same plain-Java values as the binary form. */
final class JsonAttributes {
    private JsonAttributes() {}

    /** Adds the {@code attributes} array of a span, event, link or resource to {@code into}. */
    static void putAll(JsonNode owner, Map<String, Object> into) {
        putKeyValues(JsonFields.array(owner, "attributes", null), into, 0);
    }

    private static void putKeyValues(List<JsonNode> keyValues, Map<String, Object> into, int depth) {
        for (JsonNode kv : keyValues) {
            object(kv, "attribute");
            JsonNode value = get(kv, "value", null);
            into.put(JsonFields.string(kv, "key", null), value == null ? null : anyValue(value, depth + 1));
        }
    }

    /**
     * The set member of an AnyValue, or null for none. Should a sender set two, the one written
     * last wins, as it would in the binary form. Nesting is capped like the binary decoder's, so
     * hostile input cannot exhaust the stack.
     */
    private static Object anyValue(JsonNode any, int depth) {
        object(any, "AnyValue");
        if (depth > ProtoReader.MAX_DEPTH) {
            throw new OtlpFormatException("AnyValue nested too deeply");
        }
        Object value = null;
        for (Map.Entry<String, JsonNode> member : any.properties()) {
            JsonNode v = member.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (member.getKey()) {
                case "stringValue", "string_value" -> value = JsonFields.text(v, "stringValue");
                case "boolValue", "bool_value" -> value = JsonFields.bool(v, "boolValue");
                case "intValue", "int_value" -> value = JsonFields.int64(v, "intValue");
                case "doubleValue", "double_value" -> value = JsonFields.doubleValue(v, "doubleValue");
                case "bytesValue", "bytes_value" -> value = JsonFields.base64(v, "bytesValue");
                case "arrayValue", "array_value" -> value = values(object(v, "arrayValue"), depth);
                case "kvlistValue", "kvlist_value" -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    putKeyValues(JsonFields.array(object(v, "kvlistValue"), "values", null), map, depth + 1);
                    value = map;
                }
                default -> {
                    // unknown member: ignored
                }
            }
        }
        return value;
    }

    private static List<Object> values(JsonNode arrayValue, int depth) {
        List<Object> out = new ArrayList<>();
        for (JsonNode v : JsonFields.array(arrayValue, "values", null)) {
            // An element that is JSON null is an AnyValue with nothing set, as {} would be.
            out.add(v.isNull() ? null : anyValue(v, depth + 2));
        }
        return out;
    }
}
