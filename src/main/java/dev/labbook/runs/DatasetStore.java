package dev.labbook.runs;

import static dev.labbook.db.schema.Tables.DATASETS;
import static dev.labbook.db.schema.Tables.RUN_INPUTS;
import static dev.labbook.db.schema.Tables.RUN_INPUT_TAGS;

import dev.labbook.model.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/** SQL for datasets (one row per distinct name and digest in an experiment) and runs' inputs. */
public final class DatasetStore {

    public void logInput(DSLContext ctx, String runId, long experimentId, DatasetInput input) {
        DatasetInput.Dataset d = input.dataset();
        ctx.insertInto(DATASETS)
                .set(DATASETS.DATASET_UUID, UUID.randomUUID().toString().replace("-", ""))
                .set(DATASETS.EXPERIMENT_ID, experimentId)
                .set(DATASETS.NAME, d.name())
                .set(DATASETS.DIGEST, d.digest())
                .set(DATASETS.SOURCE_TYPE, d.sourceType())
                .set(DATASETS.SOURCE, d.source())
                .set(DATASETS.DATASET_SCHEMA, d.schema())
                .set(DATASETS.DATASET_PROFILE, d.profile())
                .onDuplicateKeyIgnore()
                .execute();
        String datasetId = ctx.select(DATASETS.DATASET_UUID).from(DATASETS)
                .where(DATASETS.EXPERIMENT_ID.eq(experimentId).and(DATASETS.NAME.eq(d.name()))
                        .and(DATASETS.DIGEST.eq(d.digest())))
                .fetchOne(DATASETS.DATASET_UUID);
        ctx.insertInto(RUN_INPUTS).set(RUN_INPUTS.RUN_UUID, runId).set(RUN_INPUTS.DATASET_UUID, datasetId)
                .onDuplicateKeyIgnore().execute();
        for (KeyValue tag : input.tags()) {
            ctx.insertInto(RUN_INPUT_TAGS)
                    .set(RUN_INPUT_TAGS.RUN_UUID, runId)
                    .set(RUN_INPUT_TAGS.DATASET_UUID, datasetId)
                    .set(RUN_INPUT_TAGS.NAME, tag.key())
                    .set(RUN_INPUT_TAGS.VALUE, tag.value())
                    .onDuplicateKeyIgnore()
                    .execute();
        }
    }

    public Map<String, List<DatasetInput>> inputsOf(DSLContext ctx, Collection<String> runIds) {
        Map<String, List<DatasetInput>> byRun = new HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        Map<String, Map<String, List<KeyValue>>> tags = new HashMap<>();
        ctx.selectFrom(RUN_INPUT_TAGS).where(RUN_INPUT_TAGS.RUN_UUID.in(runIds)).orderBy(RUN_INPUT_TAGS.NAME)
                .forEach(r -> tags.computeIfAbsent(r.getRunUuid(), k -> new HashMap<>())
                        .computeIfAbsent(r.getDatasetUuid(), k -> new ArrayList<>())
                        .add(new KeyValue(r.getName(), r.getValue())));
        ctx.select(RUN_INPUTS.RUN_UUID, DATASETS.asterisk()).from(RUN_INPUTS)
                .join(DATASETS).on(DATASETS.DATASET_UUID.eq(RUN_INPUTS.DATASET_UUID))
                .where(RUN_INPUTS.RUN_UUID.in(runIds))
                .orderBy(DATASETS.NAME, DATASETS.DIGEST)
                .forEach(r -> {
                    String runId = r.get(RUN_INPUTS.RUN_UUID);
                    var dataset = new DatasetInput.Dataset(r.get(DATASETS.NAME), r.get(DATASETS.DIGEST),
                            r.get(DATASETS.SOURCE_TYPE), r.get(DATASETS.SOURCE), r.get(DATASETS.DATASET_SCHEMA),
                            r.get(DATASETS.DATASET_PROFILE));
                    List<KeyValue> inputTags = tags.getOrDefault(runId, Map.of())
                            .getOrDefault(r.get(DATASETS.DATASET_UUID), List.of());
                    byRun.computeIfAbsent(runId, k -> new ArrayList<>()).add(new DatasetInput(dataset, inputTags));
                });
        return byRun;
    }

    /** Distinct (experiment, name, digest, context) across runs, for the UI's dataset filter. */
    public List<Map<String, Object>> summaries(DSLContext ctx, Collection<Long> experimentIds) {
        var context = RUN_INPUT_TAGS.as("context");
        List<Map<String, Object>> out = new ArrayList<>();
        ctx.selectDistinct(DATASETS.EXPERIMENT_ID, DATASETS.NAME, DATASETS.DIGEST, context.VALUE)
                .from(DATASETS)
                .join(RUN_INPUTS).on(RUN_INPUTS.DATASET_UUID.eq(DATASETS.DATASET_UUID))
                .leftJoin(context).on(context.RUN_UUID.eq(RUN_INPUTS.RUN_UUID)
                        .and(context.DATASET_UUID.eq(RUN_INPUTS.DATASET_UUID))
                        .and(context.NAME.eq("mlflow.data.context")))
                .where(DATASETS.EXPERIMENT_ID.in(experimentIds))
                .orderBy(DATASETS.EXPERIMENT_ID, DATASETS.NAME, DATASETS.DIGEST)
                .forEach(r -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("experiment_id", Long.toString(r.value1()));
                    summary.put("name", r.value2());
                    summary.put("digest", r.value3());
                    if (r.value4() != null) {
                        summary.put("context", r.value4());
                    }
                    out.add(summary);
                });
        return out;
    }
}
