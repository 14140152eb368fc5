package dev.labbook.registry;

import static dev.labbook.db.schema.Tables.MODEL_VERSIONS;
import static dev.labbook.db.schema.Tables.MODEL_VERSION_TAGS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_ALIASES;

import dev.labbook.db.schema.tables.records.ModelVersionsRecord;
import dev.labbook.model.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/** SQL for model versions and their tags. Every method runs on the caller's transaction context. */
public final class ModelVersionStore {
    /** Versions every read may return: all but the deleted. */
    static final Condition LIVE = MODEL_VERSIONS.CURRENT_STAGE.ne(Stages.DELETED_INTERNAL);
    /** Search pages may hold up to 200,000 versions; their tags are read in slices of this many. */
    private static final int KEYS_PER_QUERY = 500;

    /** Deleted versions keep their number, so a number is never handed out twice. */
    int nextVersion(DSLContext ctx, String name) {
        Integer max = ctx.select(DSL.max(MODEL_VERSIONS.VERSION)).from(MODEL_VERSIONS)
                .where(MODEL_VERSIONS.NAME.eq(name)).fetchOne(0, Integer.class);
        return max == null ? 1 : max + 1;
    }

    void insert(DSLContext ctx, ModelVersion v) {
        ctx.insertInto(MODEL_VERSIONS)
                .set(MODEL_VERSIONS.NAME, v.name())
                .set(MODEL_VERSIONS.VERSION, v.version())
                .set(MODEL_VERSIONS.CREATION_TIME, v.creationTimestamp())
                .set(MODEL_VERSIONS.LAST_UPDATED_TIME, v.lastUpdatedTimestamp())
                .set(MODEL_VERSIONS.USER_ID, v.userId())
                .set(MODEL_VERSIONS.CURRENT_STAGE, v.currentStage())
                .set(MODEL_VERSIONS.DESCRIPTION, v.description())
                .set(MODEL_VERSIONS.SOURCE, v.source())
                .set(MODEL_VERSIONS.RUN_ID, v.runId())
                .set(MODEL_VERSIONS.RUN_LINK, v.runLink())
                .set(MODEL_VERSIONS.STATUS, v.status())
                .set(MODEL_VERSIONS.STATUS_MESSAGE, v.statusMessage())
                .set(MODEL_VERSIONS.STORAGE_LOCATION, v.storageLocation())
                .set(MODEL_VERSIONS.MODEL_ID, v.modelId())
                .execute();
        for (KeyValue tag : v.tags()) {
            setTag(ctx, v.name(), v.version(), tag);
        }
    }

    /** A live version with its tags and aliases. */
    Optional<ModelVersion> find(DSLContext ctx, String name, int version) {
        return fetch(ctx, MODEL_VERSIONS.NAME.eq(name).and(MODEL_VERSIONS.VERSION.eq(version)).and(LIVE), List.of(), 1)
                .stream().findFirst();
    }

    /** Versions (live or not, as the condition says) with their tags and aliases. */
    List<ModelVersion> fetch(DSLContext ctx, Condition where, List<? extends OrderField<?>> order, int limit) {
        return withDetails(ctx, ctx.selectFrom(MODEL_VERSIONS).where(where).orderBy(order).limit(limit)
                .fetch(ModelVersionStore::fromRecord));
    }

    /** The newest live version in each stage, per model. */
    Map<String, List<ModelVersion>> latestPerStage(DSLContext ctx, Collection<String> names) {
        Map<String, List<ModelVersion>> byModel = new HashMap<>();
        if (names.isEmpty()) {
            return byModel;
        }
        var newest = ctx.select(MODEL_VERSIONS.NAME, DSL.max(MODEL_VERSIONS.VERSION).as("version"))
                .from(MODEL_VERSIONS).where(MODEL_VERSIONS.NAME.in(names).and(LIVE))
                .groupBy(MODEL_VERSIONS.NAME, MODEL_VERSIONS.CURRENT_STAGE).asTable("newest");
        Condition isNewest = DSL.row(MODEL_VERSIONS.NAME, MODEL_VERSIONS.VERSION).in(
                DSL.select(newest.field(MODEL_VERSIONS.NAME), newest.field("version", Integer.class)).from(newest));
        for (ModelVersion v : fetch(ctx, isNewest, List.of(MODEL_VERSIONS.VERSION), Integer.MAX_VALUE)) {
            byModel.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
        }
        return byModel;
    }

    void updateDescription(DSLContext ctx, String name, int version, String description, long now) {
        ctx.update(MODEL_VERSIONS).set(MODEL_VERSIONS.DESCRIPTION, description)
                .set(MODEL_VERSIONS.LAST_UPDATED_TIME, now).where(key(name, version)).execute();
    }

    void setStage(DSLContext ctx, String name, int version, String stage, long now) {
        ctx.update(MODEL_VERSIONS).set(MODEL_VERSIONS.CURRENT_STAGE, stage)
                .set(MODEL_VERSIONS.LAST_UPDATED_TIME, now).where(key(name, version)).execute();
    }

    /** archive_existing_versions: every other version in {@code stage} moves to Archived. */
    void archiveOthersIn(DSLContext ctx, String name, int keep, String stage, long now) {
        ctx.update(MODEL_VERSIONS).set(MODEL_VERSIONS.CURRENT_STAGE, Stages.ARCHIVED)
                .set(MODEL_VERSIONS.LAST_UPDATED_TIME, now)
                .where(MODEL_VERSIONS.NAME.eq(name).and(MODEL_VERSIONS.VERSION.ne(keep))
                        .and(MODEL_VERSIONS.CURRENT_STAGE.eq(stage)))
                .execute();
    }

    /** MLflow's soft delete: the row keeps its number but loses what pointed at the model's files. */
    void softDelete(DSLContext ctx, String name, int version, long now) {
        ctx.deleteFrom(REGISTERED_MODEL_ALIASES).where(REGISTERED_MODEL_ALIASES.NAME.eq(name)
                .and(REGISTERED_MODEL_ALIASES.VERSION.eq(version))).execute();
        ctx.update(MODEL_VERSIONS)
                .set(MODEL_VERSIONS.CURRENT_STAGE, Stages.DELETED_INTERNAL)
                .set(MODEL_VERSIONS.LAST_UPDATED_TIME, now)
                .set(MODEL_VERSIONS.DESCRIPTION, (String) null)
                .set(MODEL_VERSIONS.USER_ID, (String) null)
                .set(MODEL_VERSIONS.SOURCE, "REDACTED-SOURCE-PATH")
                .set(MODEL_VERSIONS.RUN_ID, "REDACTED-RUN-ID")
                .set(MODEL_VERSIONS.RUN_LINK, "REDACTED-RUN-LINK")
                .set(MODEL_VERSIONS.STATUS_MESSAGE, (String) null)
                .where(key(name, version)).execute();
    }

    void touchVersionsOf(DSLContext ctx, String name, long now) {
        ctx.update(MODEL_VERSIONS).set(MODEL_VERSIONS.LAST_UPDATED_TIME, now)
                .where(MODEL_VERSIONS.NAME.eq(name)).execute();
    }

    void setTag(DSLContext ctx, String name, int version, KeyValue tag) {
        ctx.insertInto(MODEL_VERSION_TAGS)
                .set(MODEL_VERSION_TAGS.NAME, name)
                .set(MODEL_VERSION_TAGS.VERSION, version)
                .set(MODEL_VERSION_TAGS.KEY, tag.key())
                .set(MODEL_VERSION_TAGS.VALUE, tag.value())
                .onDuplicateKeyUpdate()
                .set(MODEL_VERSION_TAGS.VALUE, tag.value())
                .execute();
    }

    void deleteTag(DSLContext ctx, String name, int version, String key) {
        ctx.deleteFrom(MODEL_VERSION_TAGS).where(MODEL_VERSION_TAGS.NAME.eq(name)
                .and(MODEL_VERSION_TAGS.VERSION.eq(version)).and(MODEL_VERSION_TAGS.KEY.eq(key))).execute();
    }

    /** Adds tags and aliases to versions read from the table, a bounded number of keys per query. */
    List<ModelVersion> withDetails(DSLContext ctx, List<ModelVersion> versions) {
        Map<String, List<KeyValue>> tags = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        for (int from = 0; from < versions.size(); from += KEYS_PER_QUERY) {
            List<Row2<String, Integer>> keys = versions.subList(from, Math.min(versions.size(), from + KEYS_PER_QUERY))
                    .stream().map(v -> DSL.row(v.name(), v.version())).toList();
            ctx.selectFrom(MODEL_VERSION_TAGS)
                    .where(DSL.row(MODEL_VERSION_TAGS.NAME, MODEL_VERSION_TAGS.VERSION).in(keys))
                    .orderBy(MODEL_VERSION_TAGS.KEY)
                    .forEach(r -> tags.computeIfAbsent(id(r.getName(), r.getVersion()), k -> new ArrayList<>())
                            .add(new KeyValue(r.getKey(), r.getValue())));
            ctx.selectFrom(REGISTERED_MODEL_ALIASES)
                    .where(DSL.row(REGISTERED_MODEL_ALIASES.NAME, REGISTERED_MODEL_ALIASES.VERSION).in(keys))
                    .orderBy(REGISTERED_MODEL_ALIASES.ALIAS)
                    .forEach(r -> aliases.computeIfAbsent(id(r.getName(), r.getVersion()), k -> new ArrayList<>())
                            .add(r.getAlias()));
        }
        return versions.stream().map(v -> v.with(tags.getOrDefault(id(v.name(), v.version()), List.of()),
                aliases.getOrDefault(id(v.name(), v.version()), List.of()))).toList();
    }

    private static String id(String name, int version) {
        return version + "/" + name;
    }

    private static Condition key(String name, int version) {
        return MODEL_VERSIONS.NAME.eq(name).and(MODEL_VERSIONS.VERSION.eq(version));
    }

    static ModelVersion fromRecord(Record record) {
        ModelVersionsRecord r = record.into(MODEL_VERSIONS);
        return new ModelVersion(r.getName(), r.getVersion(), r.getCreationTime(), r.getLastUpdatedTime(),
                r.getUserId(), r.getCurrentStage(), r.getDescription(), r.getSource(), r.getRunId(), r.getRunLink(),
                r.getStatus(), r.getStatusMessage(), r.getStorageLocation(), r.getModelId(), List.of(), List.of());
    }
}
