package dev.labbook.experiments;

import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENT_TAGS;

import dev.labbook.db.schema.tables.records.ExperimentsRecord;
import dev.labbook.model.KeyValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** SQL for experiments and their tags. Every method runs on the caller's transaction context. */
public final class ExperimentStore {

    /** The next free id; callers retry on a duplicate key when two creations race. */
    public long nextId(DSLContext ctx) {
        Long max = ctx.select(DSL.max(EXPERIMENTS.EXPERIMENT_ID)).from(EXPERIMENTS).fetchOne(0, Long.class);
        return max == null ? 0 : max + 1;
    }

    public void insert(DSLContext ctx, Experiment experiment) {
        ctx.insertInto(EXPERIMENTS)
                .set(EXPERIMENTS.EXPERIMENT_ID, experiment.id())
                .set(EXPERIMENTS.NAME, experiment.name())
                .set(EXPERIMENTS.NAME_HASH, nameHash(experiment.name()))
                .set(EXPERIMENTS.ARTIFACT_LOCATION, experiment.artifactLocation())
                .set(EXPERIMENTS.LIFECYCLE_STAGE, experiment.lifecycleStage())
                .set(EXPERIMENTS.CREATION_TIME, experiment.creationTime())
                .set(EXPERIMENTS.LAST_UPDATE_TIME, experiment.lastUpdateTime())
                .execute();
        for (KeyValue tag : experiment.tags()) {
            setTag(ctx, experiment.id(), tag);
        }
    }

    public Optional<Experiment> findById(DSLContext ctx, long id) {
        return fetchWithTags(ctx, EXPERIMENTS.EXPERIMENT_ID.eq(id), List.of(), 1).stream().findFirst();
    }

    /** The experiment without its tags, one query: for writers that need only its location and state. */
    public Optional<Experiment> findByIdUntagged(DSLContext ctx, long id) {
        return ctx.selectFrom(EXPERIMENTS).where(EXPERIMENTS.EXPERIMENT_ID.eq(id)).fetchOptional(ExperimentStore::fromRecord);
    }

    /** Finds deleted experiments too: names stay reserved after a soft delete. */
    public Optional<Experiment> findByName(DSLContext ctx, String name) {
        return fetchWithTags(ctx, EXPERIMENTS.NAME_HASH.eq(nameHash(name)).and(EXPERIMENTS.NAME.eq(name)), List.of(), 1)
                .stream().findFirst();
    }

    public List<Experiment> fetchWithTags(DSLContext ctx, Condition where, List<OrderField<?>> order, int limit) {
        List<Experiment> rows = ctx.selectFrom(EXPERIMENTS).where(where).orderBy(order).limit(limit)
                .fetch(ExperimentStore::fromRecord);
        Map<Long, List<KeyValue>> tags = tagsOf(ctx, rows.stream().map(Experiment::id).toList());
        return rows.stream().map(e -> e.withTags(tags.getOrDefault(e.id(), List.of()))).toList();
    }

    public Map<Long, List<KeyValue>> tagsOf(DSLContext ctx, Collection<Long> ids) {
        Map<Long, List<KeyValue>> byExperiment = new HashMap<>();
        if (ids.isEmpty()) {
            return byExperiment;
        }
        ctx.selectFrom(EXPERIMENT_TAGS).where(EXPERIMENT_TAGS.EXPERIMENT_ID.in(ids))
                .orderBy(EXPERIMENT_TAGS.KEY)
                .forEach(r -> byExperiment.computeIfAbsent(r.getExperimentId(), k -> new ArrayList<>())
                        .add(new KeyValue(r.getKey(), r.getValue())));
        return byExperiment;
    }

    public void updateLifecycle(DSLContext ctx, long id, String stage, long now) {
        ctx.update(EXPERIMENTS).set(EXPERIMENTS.LIFECYCLE_STAGE, stage).set(EXPERIMENTS.LAST_UPDATE_TIME, now)
                .where(EXPERIMENTS.EXPERIMENT_ID.eq(id)).execute();
    }

    public void rename(DSLContext ctx, long id, String name, long now) {
        ctx.update(EXPERIMENTS).set(EXPERIMENTS.NAME, name).set(EXPERIMENTS.NAME_HASH, nameHash(name))
                .set(EXPERIMENTS.LAST_UPDATE_TIME, now)
                .where(EXPERIMENTS.EXPERIMENT_ID.eq(id)).execute();
    }

    /** Completes the Default experiment on first start: its location depends on the configuration. */
    public void initDefaultExperiment(DSLContext ctx, String location, long now) {
        ctx.update(EXPERIMENTS).set(EXPERIMENTS.ARTIFACT_LOCATION, location)
                .set(EXPERIMENTS.CREATION_TIME, now).set(EXPERIMENTS.LAST_UPDATE_TIME, now)
                .where(EXPERIMENTS.EXPERIMENT_ID.eq(0L).and(EXPERIMENTS.ARTIFACT_LOCATION.eq(""))).execute();
    }

    public void setTag(DSLContext ctx, long id, KeyValue tag) {
        ctx.insertInto(EXPERIMENT_TAGS)
                .set(EXPERIMENT_TAGS.EXPERIMENT_ID, id)
                .set(EXPERIMENT_TAGS.KEY, tag.key())
                .set(EXPERIMENT_TAGS.VALUE, tag.value())
                .onDuplicateKeyUpdate()
                .set(EXPERIMENT_TAGS.VALUE, tag.value())
                .execute();
    }

    public boolean deleteTag(DSLContext ctx, long id, String key) {
        return ctx.deleteFrom(EXPERIMENT_TAGS)
                .where(EXPERIMENT_TAGS.EXPERIMENT_ID.eq(id).and(EXPERIMENT_TAGS.KEY.eq(key)))
                .execute() > 0;
    }

    /** The unique key for a name: the hex SHA-256 of its UTF-8 bytes, exact and case-sensitive. */
    static String nameHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    static Experiment fromRecord(Record record) {
        ExperimentsRecord r = record.into(EXPERIMENTS);
        return new Experiment(r.getExperimentId(), r.getName(), r.getArtifactLocation(), r.getLifecycleStage(),
                r.getCreationTime(), r.getLastUpdateTime(), List.of());
    }
}
