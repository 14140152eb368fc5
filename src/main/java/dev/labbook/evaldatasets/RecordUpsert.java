package dev.labbook.evaldatasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One upsert batch worked out against the records already stored with the same inputs, in the
 * batch's order as MLflow's store goes through it: a record whose inputs are new is added, any
 * later one with the same inputs (in the batch or stored) is merged into it and counts as updated.
 * {@code updatedBy} is the mlflow.user of the last record that names one, which MLflow makes the
 * dataset's last updater (none when no record names one).
 */
record RecordUpsert(List<EvalRecord> added, List<EvalRecord> merged, int inserted, int updated, String updatedBy) {

    static RecordUpsert of(String datasetId, List<RecordInput> batch, Map<String, EvalRecord> stored, long now) {
        Map<String, EvalRecord> added = new LinkedHashMap<>();
        Map<String, EvalRecord> merged = new LinkedHashMap<>();
        String updatedBy = null;
        int updated = 0;
        for (RecordInput in : batch) {
            if (in.tags() != null && in.tags().has(RecordInput.MLFLOW_USER)) {
                updatedBy = in.user();
            }
            String hash = in.inputHash();
            if (added.containsKey(hash)) {
                added.put(hash, RecordMerge.merge(added.get(hash), in, now));
                updated++;
            } else if (merged.containsKey(hash) || stored.containsKey(hash)) {
                merged.put(hash, RecordMerge.merge(merged.getOrDefault(hash, stored.get(hash)), in, now));
                updated++;
            } else {
                added.put(hash, RecordMerge.create(datasetId, in, now));
            }
        }
        return new RecordUpsert(List.copyOf(added.values()), List.copyOf(merged.values()), added.size(), updated,
                updatedBy);
    }
}
