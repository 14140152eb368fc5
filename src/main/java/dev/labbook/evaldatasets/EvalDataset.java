package dev.labbook.evaldatasets;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonWritable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An evaluation dataset (MLflow's mlflow.datasets.Dataset message) with its tags. Tag values may be
 * null (a create that named a tag without a value). {@code experimentIds} is null when not loaded:
 * MLflow sends them only in the create answer. Writes itself as MLflow's proto JSON, where tags
 * travel as one JSON string.
 */
record EvalDataset(String datasetId, String name, Map<String, String> tags, String schema, String profile,
                   long numRecords, String digest, long createdTime, long lastUpdateTime, String createdBy,
                   String lastUpdatedBy, List<String> experimentIds) implements JsonWritable {

    EvalDataset withTags(Map<String, String> newTags) {
        return new EvalDataset(datasetId, name, newTags, schema, profile, numRecords, digest, createdTime,
                lastUpdateTime, createdBy, lastUpdatedBy, experimentIds);
    }

    EvalDataset withExperimentIds(List<String> ids) {
        return new EvalDataset(datasetId, name, tags, schema, profile, numRecords, digest, createdTime,
                lastUpdateTime, createdBy, lastUpdatedBy, ids);
    }

    /** The first 8 hex digits of sha256("name:last_update_time"), so any change of state changes it. */
    static String digest(String name, long lastUpdateTime) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((name + ":" + lastUpdateTime).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** json.dumps of the tag dict. */
    String tagsJson() {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            out.append(first ? "" : ", ").append(PyJson.quote(tag.getKey())).append(": ")
                    .append(tag.getValue() == null ? "null" : PyJson.quote(tag.getValue()));
            first = false;
        }
        return out.append('}').toString();
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        // Proto field-number order: dataset_id, name, tags, schema, profile, digest, created_time,
        // last_update_time, created_by, last_updated_by, experiment_ids.
        json.writeStartObject();
        json.writeStringField("dataset_id", datasetId);
        json.writeStringField("name", name);
        json.writeStringField("tags", tagsJson());
        optional(json, "schema", schema);
        optional(json, "profile", profile);
        optional(json, "digest", digest);
        json.writeNumberField("created_time", createdTime);
        json.writeNumberField("last_update_time", lastUpdateTime);
        optional(json, "created_by", createdBy);
        optional(json, "last_updated_by", lastUpdatedBy);
        if (experimentIds != null && !experimentIds.isEmpty()) {
            json.writeArrayFieldStart("experiment_ids");
            for (String id : experimentIds) {
                json.writeString(id);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
