package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stored dataset record. The JSON columns hold text as MLflow's store writes it; outputs keep
 * MLflow's {@code {"mlflow_wrapped": <value>}} envelope (null: no outputs). {@link #appendDict}
 * writes the record as MLflow's DatasetRecord.to_dict() does, which is what GetDatasetRecords sends.
 */
record EvalRecord(String recordId, String datasetId, String inputs, String outputs, String expectations,
                  String tags, String source, String sourceId, String sourceType, long createdTime,
                  long lastUpdateTime, String createdBy, String lastUpdatedBy, String inputHash) {
    static final String WRAPPED = "mlflow_wrapped";
    private static final String WRAP_PREFIX = "{\"" + WRAPPED + "\": ";

    /** The stored text of outputs for this value, or null for none. */
    static String wrapOutputs(JsonNode value) {
        return value == null ? null : WRAP_PREFIX + PyJson.dumps(value) + "}";
    }

    /** The outputs value's JSON text, out of the envelope; null when there are none. */
    String outputsJson() {
        if (outputs == null) {
            return null;
        }
        if (outputs.startsWith(WRAP_PREFIX) && outputs.endsWith("}")) {
            String value = outputs.substring(WRAP_PREFIX.length(), outputs.length() - 1);
            return value.equals("null") ? null : value;
        }
        JsonNode stored = PyJson.stored(outputs); // a row MLflow wrote with other spacing
        JsonNode value = stored == null || stored.isEmpty() ? null : stored.get(WRAPPED);
        return value == null || value.isNull() ? null : PyJson.dumps(value);
    }

    /** The record as DatasetRecord.to_dict(): proto field order, absent values left out, tags at least {}. */
    void appendDict(StringBuilder out) {
        out.append("{\"dataset_record_id\": ").append(PyJson.quote(recordId))
                .append(", \"dataset_id\": ").append(PyJson.quote(datasetId))
                .append(", \"inputs\": ").append(inputs);
        String expectationsJson = present(expectations);
        if (expectationsJson != null) {
            out.append(", \"expectations\": ").append(expectationsJson);
        }
        String tagsJson = present(tags);
        out.append(", \"tags\": ").append(tagsJson == null ? "{}" : tagsJson);
        RecordSource parsedSource = parsedSource();
        if (parsedSource != null) {
            out.append(", \"source\": ").append(parsedSource.json());
        }
        String id = sourceId != null ? sourceId : parsedSource == null ? null : parsedSource.sourceId();
        if (id != null) {
            out.append(", \"source_id\": ").append(PyJson.quote(id));
        }
        if (parsedSource != null) {
            out.append(", \"source_type\": ").append(PyJson.quote(parsedSource.type()));
        }
        out.append(", \"created_time\": ").append(createdTime)
                .append(", \"last_update_time\": ").append(lastUpdateTime);
        if (createdBy != null) {
            out.append(", \"created_by\": ").append(PyJson.quote(createdBy));
        }
        if (lastUpdatedBy != null) {
            out.append(", \"last_updated_by\": ").append(PyJson.quote(lastUpdatedBy));
        }
        String outputsJson = outputsJson();
        if (outputsJson != null) {
            out.append(", \"outputs\": ").append(outputsJson);
        }
        out.append('}');
    }

    RecordSource parsedSource() {
        return RecordSource.parse(PyJson.stored(source), "source");
    }

    /** MLflow's JSON columns hold the text null for None. */
    private static String present(String json) {
        return json == null || json.equals("null") ? null : json;
    }
}
