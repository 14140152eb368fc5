package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.MlflowException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Where a record came from, as MLflow's DatasetRecordSource: a type (case-insensitive on the way in)
 * and source data, an object. {@link #json()} is the text MLflow stores and sends,
 * {@code {"source_type": "TRACE", "source_data": {...}}}; {@link #sourceId()} is the record's
 * source_id MLflow derives from it (the trace id of a trace, else source_data's source_id).
 */
record RecordSource(String type, ObjectNode data) {
    static final List<String> TYPES = List.of("UNSPECIFIED", "TRACE", "HUMAN", "DOCUMENT", "CODE");

    /** A record's "source" value; null or {} (falsy in Python) is no source. */
    static RecordSource parse(JsonNode node, String path) {
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            return null;
        }
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path + "': a record's source must be an "
                    + "object with source_type and source_data");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("source_type") && !name.equals("source_data")) {
                throw MlflowException.invalidParameter("Invalid value for '" + path + "': unexpected field '" + name
                        + "'; a record's source has source_type and source_data");
            }
        }
        JsonNode type = node.get("source_type");
        if (type == null || !type.isTextual()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path + ".source_type': expected one of "
                    + TYPES);
        }
        String upper = type.textValue().toUpperCase(Locale.ROOT);
        if (!TYPES.contains(upper)) {
            throw MlflowException.invalidParameter("Invalid dataset record source type: " + upper
                    + ". Valid source types: " + PyText.listRepr(TYPES));
        }
        JsonNode data = node.get("source_data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path
                    + ".source_data': expected an object");
        }
        return new RecordSource(upper, data == null || data.isNull() ? JsonNodeFactory.instance.objectNode()
                : (ObjectNode) data);
    }

    String json() {
        return "{\"source_type\": " + PyJson.quote(type) + ", \"source_data\": " + PyJson.dumps(data) + "}";
    }

    String sourceId() {
        JsonNode id = data.get(type.equals("TRACE") ? "trace_id" : "source_id");
        if (id == null || id.isNull()) {
            return null;
        }
        return id.isTextual() ? id.textValue() : PyJson.dumps(id);
    }
}
