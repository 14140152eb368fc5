package dev.labbook.runs;

import static dev.labbook.db.schema.Tables.PARAMS;
import static dev.labbook.db.schema.Tables.RUNS;
import static dev.labbook.db.schema.Tables.TAGS;

import dev.labbook.db.BinaryCollation;
import dev.labbook.db.UpsertSyntax;
import dev.labbook.db.schema.tables.records.RunsRecord;
import dev.labbook.model.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row3;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** SQL for runs, their params and their tags. */
public final class RunStore {
    private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::key, BinaryCollation.ORDER);

    public void insert(DSLContext ctx, RunInfo info) {
        ctx.insertInto(RUNS)
                .set(RUNS.RUN_UUID, info.runId())
                .set(RUNS.EXPERIMENT_ID, info.experimentId())
                .set(RUNS.RUN_NAME, info.runName())
                .set(RUNS.USER_ID, info.userId())
                .set(RUNS.STATUS, info.status())
                .set(RUNS.START_TIME, info.startTime())
                .set(RUNS.END_TIME, info.endTime())
                .set(RUNS.LIFECYCLE_STAGE, info.lifecycleStage())
                .set(RUNS.ARTIFACT_URI, info.artifactUri())
                .execute();
    }

    public Optional<RunInfo> findInfo(DSLContext ctx, String runId) {
        return ctx.selectFrom(RUNS).where(RUNS.RUN_UUID.eq(runId)).fetchOptional(RunStore::infoFrom);
    }

    public void update(DSLContext ctx, String runId, String status, Long endTime, String runName) {
        var update = ctx.update(RUNS).set(RUNS.RUN_UUID, runId);
        if (status != null) {
            update = update.set(RUNS.STATUS, status);
        }
        if (endTime != null) {
            update = update.set(RUNS.END_TIME, endTime);
        }
        if (runName != null) {
            update = update.set(RUNS.RUN_NAME, runName);
        }
        update.where(RUNS.RUN_UUID.eq(runId)).execute();
    }

    public void setLifecycle(DSLContext ctx, String runId, String stage, Long deletedTime) {
        ctx.update(RUNS).set(RUNS.LIFECYCLE_STAGE, stage).set(RUNS.DELETED_TIME, deletedTime)
                .where(RUNS.RUN_UUID.eq(runId)).execute();
    }

    /** Soft-deletes or restores every run of an experiment, with the experiment. */
    public void setLifecycleOfExperiment(DSLContext ctx, long experimentId, String stage, Long deletedTime) {
        ctx.update(RUNS).set(RUNS.LIFECYCLE_STAGE, stage).set(RUNS.DELETED_TIME, deletedTime)
                .where(RUNS.EXPERIMENT_ID.eq(experimentId)).execute();
    }

    /** The stored values of these param keys, to enforce that params never change. */
    public Map<String, String> existingParams(DSLContext ctx, String runId, Collection<String> keys) {
        Map<String, String> existing = new HashMap<>();
        ctx.select(PARAMS.KEY, PARAMS.VALUE).from(PARAMS)
                .where(PARAMS.RUN_UUID.eq(runId).and(PARAMS.KEY.in(keys)))
                .forEach(r -> existing.put(r.value1(), r.value2()));
        return existing;
    }

    public void insertParams(DSLContext ctx, String runId, List<KeyValue> params) {
        if (params.isEmpty()) {
            return;
        }
        List<Row3<String, String, String>> rows = new ArrayList<>();
        params.forEach(p -> rows.add(DSL.row(runId, p.key(), p.value())));
        ctx.insertInto(PARAMS, PARAMS.RUN_UUID, PARAMS.KEY, PARAMS.VALUE).valuesOfRows(rows).execute();
    }

    /** Upserts tags; sorted by key so concurrent writers lock rows in one order. */
    public void upsertTags(DSLContext ctx, String runId, List<KeyValue> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<Row3<String, String, String>> rows = new ArrayList<>();
        tags.stream().sorted(Comparator.comparing(KeyValue::key))
                .forEach(t -> rows.add(DSL.row(runId, t.key(), t.value())));
        UpsertSyntax.of(ctx).insertInto(TAGS, TAGS.RUN_UUID, TAGS.KEY, TAGS.VALUE).valuesOfRows(rows)
                .onDuplicateKeyUpdate().set(TAGS.VALUE, DSL.excluded(TAGS.VALUE))
                .execute();
    }

    public boolean deleteTag(DSLContext ctx, String runId, String key) {
        return ctx.deleteFrom(TAGS).where(TAGS.RUN_UUID.eq(runId).and(TAGS.KEY.eq(key))).execute() > 0;
    }

    public Map<String, List<KeyValue>> paramsOf(DSLContext ctx, Collection<String> runIds) {
        return keyValuesOf(ctx, PARAMS, PARAMS.RUN_UUID, PARAMS.KEY, PARAMS.VALUE, runIds);
    }

    public Map<String, List<KeyValue>> tagsOf(DSLContext ctx, Collection<String> runIds) {
        return keyValuesOf(ctx, TAGS, TAGS.RUN_UUID, TAGS.KEY, TAGS.VALUE, runIds);
    }

    private static Map<String, List<KeyValue>> keyValuesOf(DSLContext ctx, Table<?> table, Field<String> runId,
                                                           Field<String> key, Field<String> value,
                                                           Collection<String> runIds) {
        Map<String, List<KeyValue>> byRun = new HashMap<>();
        if (!runIds.isEmpty()) {
            // Sorted per run here: an ORDER BY made MariaDB filesort a whole page's rows before sending any.
            ctx.select(runId, key, value).from(table).where(runId.in(runIds))
                    .forEach(r -> byRun.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(new KeyValue(r.value2(), r.value3())));
            byRun.values().forEach(list -> list.sort(BY_KEY));
        }
        return byRun;
    }

    static RunInfo infoFrom(Record record) {
        RunsRecord r = record.into(RUNS);
        return new RunInfo(r.getRunUuid(), r.getExperimentId(), r.getRunName(), r.getUserId(), r.getStatus(),
                r.getStartTime(), r.getEndTime(), r.getArtifactUri(), r.getLifecycleStage());
    }
}
