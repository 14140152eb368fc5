package dev.labbook.loggedmodels;

import static dev.labbook.db.schema.Tables.LOGGED_MODELS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_METRICS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_PARAMS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_TAGS;

import dev.labbook.db.UpsertSyntax;
import dev.labbook.db.schema.tables.records.LoggedModelsRecord;
import dev.labbook.metrics.Metric;
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
import org.jooq.Table;
import org.jooq.impl.DSL;

/** SQL for logged models, their params and tags, and reading their metrics. */
public final class LoggedModelStore {

    public void insert(DSLContext ctx, LoggedModelInfo info) {
        ctx.insertInto(LOGGED_MODELS)
                .set(LOGGED_MODELS.MODEL_ID, info.modelId())
                .set(LOGGED_MODELS.EXPERIMENT_ID, info.experimentId())
                .set(LOGGED_MODELS.NAME, info.name())
                .set(LOGGED_MODELS.ARTIFACT_LOCATION, info.artifactLocation())
                .set(LOGGED_MODELS.CREATION_TIMESTAMP_MS, info.creationTimestamp())
                .set(LOGGED_MODELS.LAST_UPDATED_TIMESTAMP_MS, info.lastUpdatedTimestamp())
                .set(LOGGED_MODELS.STATUS, info.status().name())
                .set(LOGGED_MODELS.LIFECYCLE_STAGE, info.lifecycleStage())
                .set(LOGGED_MODELS.MODEL_TYPE, info.modelType())
                .set(LOGGED_MODELS.SOURCE_RUN_ID, info.sourceRunId())
                .set(LOGGED_MODELS.STATUS_MESSAGE, info.statusMessage())
                .execute();
    }

    /** The row, locked for the rest of the transaction so concurrent writers to one model queue up. */
    public Optional<LoggedModelInfo> findForUpdate(DSLContext ctx, String modelId) {
        return ctx.selectFrom(LOGGED_MODELS).where(LOGGED_MODELS.MODEL_ID.eq(modelId)).forUpdate()
                .fetchOptional(LoggedModelStore::infoFrom);
    }

    public Optional<LoggedModelInfo> find(DSLContext ctx, String modelId) {
        return ctx.selectFrom(LOGGED_MODELS).where(LOGGED_MODELS.MODEL_ID.eq(modelId))
                .fetchOptional(LoggedModelStore::infoFrom);
    }

    public void updateStatus(DSLContext ctx, String modelId, LoggedModelStatus status, long now) {
        ctx.update(LOGGED_MODELS).set(LOGGED_MODELS.STATUS, status.name())
                .set(LOGGED_MODELS.LAST_UPDATED_TIMESTAMP_MS, now)
                .where(LOGGED_MODELS.MODEL_ID.eq(modelId)).execute();
    }

    public void setLifecycle(DSLContext ctx, String modelId, String stage, long now) {
        ctx.update(LOGGED_MODELS).set(LOGGED_MODELS.LIFECYCLE_STAGE, stage)
                .set(LOGGED_MODELS.LAST_UPDATED_TIMESTAMP_MS, now)
                .where(LOGGED_MODELS.MODEL_ID.eq(modelId)).execute();
    }

    /** The stored values of these param keys, to enforce that params never change. */
    public Map<String, String> existingParams(DSLContext ctx, String modelId, Collection<String> keys) {
        Map<String, String> existing = new HashMap<>();
        ctx.select(LOGGED_MODEL_PARAMS.KEY, LOGGED_MODEL_PARAMS.VALUE).from(LOGGED_MODEL_PARAMS)
                .where(LOGGED_MODEL_PARAMS.MODEL_ID.eq(modelId).and(LOGGED_MODEL_PARAMS.KEY.in(keys)))
                .forEach(r -> existing.put(r.value1(), r.value2()));
        return existing;
    }

    public void insertParams(DSLContext ctx, String modelId, List<KeyValue> params) {
        if (params.isEmpty()) {
            return;
        }
        var insert = ctx.insertInto(LOGGED_MODEL_PARAMS, LOGGED_MODEL_PARAMS.MODEL_ID, LOGGED_MODEL_PARAMS.KEY,
                LOGGED_MODEL_PARAMS.VALUE);
        for (KeyValue p : params) {
            insert = insert.values(modelId, p.key(), p.value());
        }
        insert.execute();
    }

    /** Upserts tags; sorted by key so concurrent writers lock rows in one order. */
    public void upsertTags(DSLContext ctx, String modelId, List<KeyValue> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(LOGGED_MODEL_TAGS, LOGGED_MODEL_TAGS.MODEL_ID,
                LOGGED_MODEL_TAGS.KEY, LOGGED_MODEL_TAGS.VALUE);
        for (KeyValue t : tags.stream().sorted(Comparator.comparing(KeyValue::key)).toList()) {
            insert = insert.values(modelId, t.key(), t.value());
        }
        insert.onDuplicateKeyUpdate().set(LOGGED_MODEL_TAGS.VALUE, DSL.excluded(LOGGED_MODEL_TAGS.VALUE))
                .execute();
    }

    public boolean deleteTag(DSLContext ctx, String modelId, String key) {
        return ctx.deleteFrom(LOGGED_MODEL_TAGS)
                .where(LOGGED_MODEL_TAGS.MODEL_ID.eq(modelId).and(LOGGED_MODEL_TAGS.KEY.eq(key))).execute() > 0;
    }

    /** Fills in the children of a page of models: one query per kind of child, never one per model. */
    public List<LoggedModel> load(DSLContext ctx, List<LoggedModelInfo> infos) {
        List<String> ids = infos.stream().map(LoggedModelInfo::modelId).toList();
        var tags = keyValuesOf(ctx, LOGGED_MODEL_TAGS, LOGGED_MODEL_TAGS.MODEL_ID, LOGGED_MODEL_TAGS.KEY,
                LOGGED_MODEL_TAGS.VALUE, ids);
        var params = keyValuesOf(ctx, LOGGED_MODEL_PARAMS, LOGGED_MODEL_PARAMS.MODEL_ID, LOGGED_MODEL_PARAMS.KEY,
                LOGGED_MODEL_PARAMS.VALUE, ids);
        var metrics = metricsOf(ctx, ids);
        return infos.stream().map(i -> new LoggedModel(i, tags.getOrDefault(i.modelId(), List.of()),
                params.getOrDefault(i.modelId(), List.of()), metrics.getOrDefault(i.modelId(), List.of()))).toList();
    }

    private static Map<String, List<ModelMetric>> metricsOf(DSLContext ctx, Collection<String> modelIds) {
        Map<String, List<ModelMetric>> byModel = new HashMap<>();
        if (!modelIds.isEmpty()) {
            var m = LOGGED_MODEL_METRICS;
            ctx.selectFrom(m).where(m.MODEL_ID.in(modelIds)).orderBy(m.KEY, m.STEP, m.TIMESTAMP, m.RUN_ID)
                    .forEach(r -> byModel.computeIfAbsent(r.getModelId(), k -> new ArrayList<>())
                            .add(new ModelMetric(r.getModelId(), r.getRunId(),
                                    Metric.fromStored(r.getKey(), r.getValue(), r.getIsNan(), r.getTimestamp(), r.getStep()),
                                    r.getDatasetName(), r.getDatasetDigest())));
        }
        return byModel;
    }

    private static Map<String, List<KeyValue>> keyValuesOf(DSLContext ctx, Table<?> table, Field<String> owner,
                                                           Field<String> key, Field<String> value,
                                                           Collection<String> modelIds) {
        Map<String, List<KeyValue>> byModel = new HashMap<>();
        if (!modelIds.isEmpty()) {
            ctx.select(owner, key, value).from(table).where(owner.in(modelIds)).orderBy(key)
                    .forEach(r -> byModel.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(new KeyValue(r.value2(), r.value3())));
        }
        return byModel;
    }

    static LoggedModelInfo infoFrom(Record record) {
        LoggedModelsRecord r = record.into(LOGGED_MODELS);
        return new LoggedModelInfo(r.getModelId(), r.getExperimentId(), r.getName(), r.getArtifactLocation(),
                r.getCreationTimestampMs(), r.getLastUpdatedTimestampMs(), LoggedModelStatus.valueOf(r.getStatus()),
                r.getLifecycleStage(), r.getModelType(), r.getSourceRunId(), r.getStatusMessage());
    }
}
