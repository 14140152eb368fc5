package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.model.Validation;
import java.util.Map;
import java.util.UUID;

/**
 * How MLflow's store turns an upserted record into a stored one: a new record as sent (absent
 * outputs become {}), or a merge into the record that has the same inputs, where outputs are
 * replaced when sent, expectations and tags are updated key by key, and the creation is kept.
 */
final class RecordMerge {
    static final int MAX_USER_LENGTH = 255;
    static final int MAX_SOURCE_ID_LENGTH = 1000;

    private RecordMerge() {}

    static EvalRecord create(String datasetId, RecordInput in, long now) {
        String user = user(in);
        RecordSource source = in.source();
        String sourceId = source == null ? null : source.sourceId();
        Validation.lengthLimit("source_id", MAX_SOURCE_ID_LENGTH, sourceId);
        return new EvalRecord("dr-" + UUID.randomUUID().toString().replace("-", ""), datasetId,
                PyJson.dumps(in.inputs()), EvalRecord.wrapOutputs(in.insertedOutputs()),
                in.expectations() == null ? null : PyJson.dumps(in.expectations()),
                in.tags() == null ? "{}" : PyJson.dumps(in.tags()), source == null ? null : source.json(), sourceId,
                source == null ? null : source.type(), now, now, user, user, in.inputHash());
    }

    static EvalRecord merge(EvalRecord existing, RecordInput in, long now) {
        String outputs = existing.outputs();
        if (in.hasOutputs()) {
            JsonNode value = in.outputs();
            outputs = EvalRecord.wrapOutputs(value == null || value.isNull() ? null : value);
        }
        String expectations = existing.expectations();
        if (in.expectations() != null && !in.expectations().isEmpty()) {
            expectations = updated(expectations, in.expectations());
        }
        String tags = existing.tags();
        String lastUpdatedBy = existing.lastUpdatedBy();
        if (in.tags() != null && !in.tags().isEmpty()) {
            tags = updated(tags, in.tags());
            if (in.tags().has(RecordInput.MLFLOW_USER)) {
                lastUpdatedBy = user(in);
            }
        }
        return new EvalRecord(existing.recordId(), existing.datasetId(), existing.inputs(), outputs, expectations,
                tags, existing.source(), existing.sourceId(), existing.sourceType(), existing.createdTime(), now,
                existing.createdBy(), lastUpdatedBy, existing.inputHash());
    }

    /** dict.update: changed keys keep their place, new keys go last. */
    private static String updated(String storedJson, ObjectNode changes) {
        JsonNode stored = PyJson.stored(storedJson);
        ObjectNode merged = stored instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : changes.properties()) {
            merged.set(e.getKey(), e.getValue());
        }
        return PyJson.dumps(merged);
    }

    private static String user(RecordInput in) {
        return Validation.lengthLimit("tags.mlflow.user", MAX_USER_LENGTH, in.user());
    }
}
