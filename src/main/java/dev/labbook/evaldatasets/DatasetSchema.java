package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The dataset schema MLflow's store keeps up to date on every upsert: for inputs, outputs and
 * expectations, the type of each field the first time it is seen (outputs that are not an object
 * get one type for the whole value). Fields are never removed, not even when records are.
 */
final class DatasetSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DatasetSchema() {}

    /** The schema text after these records, or null when there are none and there was no schema. */
    static String updated(String existingJson, List<RecordInput> records) {
        if (records.isEmpty() && existingJson == null) {
            return null;
        }
        JsonNode existing = PyJson.stored(existingJson);
        ObjectNode schema;
        if (existing instanceof ObjectNode stored) {
            schema = stored;
        } else {
            schema = NODES.objectNode();
            schema.set("inputs", NODES.objectNode());
            schema.set("outputs", NODES.objectNode());
            schema.set("expectations", NODES.objectNode());
            schema.put("version", "1.0");
        }
        for (RecordInput record : records) {
            addFields(schema, "inputs", record.inputs());
            JsonNode outputs = record.outputs();
            if (outputs != null && !outputs.isNull()) {
                if (outputs.isObject()) {
                    addFields(schema, "outputs", outputs);
                } else if (isEmpty(schema.get("outputs"))) {
                    schema.put("outputs", type(outputs));
                }
            }
            addFields(schema, "expectations", record.expectations());
        }
        return PyJson.dumps(schema);
    }

    private static void addFields(ObjectNode schema, String section, JsonNode values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        // Outputs first seen as a plain value have a type string there instead of fields; MLflow's
        // store would fail adding fields to it, this leaves it as it is.
        if (!(schema.get(section) instanceof ObjectNode fields)) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : values.properties()) {
            if (!fields.has(e.getKey())) {
                fields.put(e.getKey(), type(e.getValue()));
            }
        }
    }

    /** Python falsiness of what the schema holds for outputs: an empty object, list or string, or none. */
    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty())
                || (node.isTextual() && node.textValue().isEmpty());
    }

    /** MLflow's _infer_field_type. */
    static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL, MISSING -> "null";
            case BOOLEAN -> "boolean";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "float";
            case STRING -> "string";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "unknown";
        };
    }
}
