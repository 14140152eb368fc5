package dev.labbook.registry;

import static dev.labbook.db.schema.Tables.REGISTERED_MODELS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_ALIASES;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_TAGS;

import dev.labbook.db.schema.tables.records.RegisteredModelsRecord;
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

/**
 * SQL for registered models, their tags and aliases; versions are {@link ModelVersionStore}'s.
 * Every method runs on the caller's transaction context.
 */
public final class RegistryStore {
    private final ModelVersionStore versions;

    public RegistryStore(ModelVersionStore versions) {
        this.versions = versions;
    }

    ModelVersionStore versions() {
        return versions;
    }

    void insert(DSLContext ctx, String name, String description, List<KeyValue> tags, long now) {
        ctx.insertInto(REGISTERED_MODELS)
                .set(REGISTERED_MODELS.NAME, name)
                .set(REGISTERED_MODELS.CREATION_TIME, now)
                .set(REGISTERED_MODELS.LAST_UPDATED_TIME, now)
                .set(REGISTERED_MODELS.DESCRIPTION, description)
                .execute();
        for (KeyValue tag : tags) {
            setTag(ctx, name, tag);
        }
    }

    boolean exists(DSLContext ctx, String name) {
        return ctx.fetchExists(REGISTERED_MODELS, REGISTERED_MODELS.NAME.eq(name));
    }

    /**
     * Locks the model's row until the transaction ends. Version registration takes this lock first,
     * so concurrent registrations to one model number their versions one after the other.
     */
    boolean lock(DSLContext ctx, String name) {
        return ctx.select(REGISTERED_MODELS.NAME).from(REGISTERED_MODELS).where(REGISTERED_MODELS.NAME.eq(name))
                .forUpdate().fetchOptional().isPresent();
    }

    /** The model with its tags, aliases and newest version per stage. */
    Optional<RegisteredModel> find(DSLContext ctx, String name) {
        return fetch(ctx, REGISTERED_MODELS.NAME.eq(name), List.of(), 1).stream().findFirst();
    }

    List<RegisteredModel> fetch(DSLContext ctx, Condition where, List<? extends OrderField<?>> order, int limit) {
        List<RegisteredModelsRecord> rows = ctx.selectFrom(REGISTERED_MODELS).where(where).orderBy(order).limit(limit)
                .fetch();
        List<String> names = rows.stream().map(RegisteredModelsRecord::getName).toList();
        Map<String, List<KeyValue>> tags = tagsOf(ctx, names);
        Map<String, List<RegisteredModel.Alias>> aliases = aliasesOf(ctx, names);
        Map<String, List<ModelVersion>> latest = versions.latestPerStage(ctx, names);
        return rows.stream().map(r -> new RegisteredModel(r.getName(), r.getCreationTime(), r.getLastUpdatedTime(),
                r.getDescription(), tags.getOrDefault(r.getName(), List.of()),
                aliases.getOrDefault(r.getName(), List.of()), latest.getOrDefault(r.getName(), List.of()))).toList();
    }

    void updateDescription(DSLContext ctx, String name, String description, long now) {
        ctx.update(REGISTERED_MODELS).set(REGISTERED_MODELS.DESCRIPTION, description)
                .set(REGISTERED_MODELS.LAST_UPDATED_TIME, now).where(REGISTERED_MODELS.NAME.eq(name)).execute();
    }

    void touch(DSLContext ctx, String name, long now) {
        ctx.update(REGISTERED_MODELS).set(REGISTERED_MODELS.LAST_UPDATED_TIME, now)
                .where(REGISTERED_MODELS.NAME.eq(name)).execute();
    }

    /** Versions, tags and aliases follow through ON UPDATE CASCADE. */
    void rename(DSLContext ctx, String name, String newName, long now) {
        ctx.update(REGISTERED_MODELS).set(REGISTERED_MODELS.NAME, newName)
                .set(REGISTERED_MODELS.LAST_UPDATED_TIME, now).where(REGISTERED_MODELS.NAME.eq(name)).execute();
    }

    /** A hard delete, as in MLflow: versions, tags and aliases go with the model (ON DELETE CASCADE). */
    void delete(DSLContext ctx, String name) {
        ctx.deleteFrom(REGISTERED_MODELS).where(REGISTERED_MODELS.NAME.eq(name)).execute();
    }

    void setTag(DSLContext ctx, String name, KeyValue tag) {
        ctx.insertInto(REGISTERED_MODEL_TAGS)
                .set(REGISTERED_MODEL_TAGS.NAME, name)
                .set(REGISTERED_MODEL_TAGS.KEY, tag.key())
                .set(REGISTERED_MODEL_TAGS.VALUE, tag.value())
                .onDuplicateKeyUpdate()
                .set(REGISTERED_MODEL_TAGS.VALUE, tag.value())
                .execute();
    }

    void deleteTag(DSLContext ctx, String name, String key) {
        ctx.deleteFrom(REGISTERED_MODEL_TAGS)
                .where(REGISTERED_MODEL_TAGS.NAME.eq(name).and(REGISTERED_MODEL_TAGS.KEY.eq(key))).execute();
    }

    /** Creates the alias or moves it to another version. */
    void setAlias(DSLContext ctx, String name, String alias, int version) {
        ctx.insertInto(REGISTERED_MODEL_ALIASES)
                .set(REGISTERED_MODEL_ALIASES.NAME, name)
                .set(REGISTERED_MODEL_ALIASES.ALIAS, alias)
                .set(REGISTERED_MODEL_ALIASES.VERSION, version)
                .onDuplicateKeyUpdate()
                .set(REGISTERED_MODEL_ALIASES.VERSION, version)
                .execute();
    }

    void deleteAlias(DSLContext ctx, String name, String alias) {
        ctx.deleteFrom(REGISTERED_MODEL_ALIASES)
                .where(REGISTERED_MODEL_ALIASES.NAME.eq(name).and(REGISTERED_MODEL_ALIASES.ALIAS.eq(alias))).execute();
    }

    Optional<Integer> aliasVersion(DSLContext ctx, String name, String alias) {
        return ctx.select(REGISTERED_MODEL_ALIASES.VERSION).from(REGISTERED_MODEL_ALIASES)
                .where(REGISTERED_MODEL_ALIASES.NAME.eq(name).and(REGISTERED_MODEL_ALIASES.ALIAS.eq(alias)))
                .fetchOptional(REGISTERED_MODEL_ALIASES.VERSION);
    }

    private Map<String, List<KeyValue>> tagsOf(DSLContext ctx, Collection<String> names) {
        Map<String, List<KeyValue>> byModel = new HashMap<>();
        if (!names.isEmpty()) {
            ctx.selectFrom(REGISTERED_MODEL_TAGS).where(REGISTERED_MODEL_TAGS.NAME.in(names))
                    .orderBy(REGISTERED_MODEL_TAGS.KEY)
                    .forEach(r -> byModel.computeIfAbsent(r.getName(), k -> new ArrayList<>())
                            .add(new KeyValue(r.getKey(), r.getValue())));
        }
        return byModel;
    }

    private Map<String, List<RegisteredModel.Alias>> aliasesOf(DSLContext ctx, Collection<String> names) {
        Map<String, List<RegisteredModel.Alias>> byModel = new HashMap<>();
        if (!names.isEmpty()) {
            ctx.selectFrom(REGISTERED_MODEL_ALIASES).where(REGISTERED_MODEL_ALIASES.NAME.in(names))
                    .orderBy(REGISTERED_MODEL_ALIASES.ALIAS)
                    .forEach(r -> byModel.computeIfAbsent(r.getName(), k -> new ArrayList<>())
                            .add(new RegisteredModel.Alias(r.getAlias(), r.getVersion())));
        }
        return byModel;
    }
}
