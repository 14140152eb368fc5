package dev.labbook.evaldatasets;

import static dev.labbook.db.schema.Tables.EVALUATION_DATASETS;
import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_TAGS;
import static dev.labbook.db.schema.Tables.EXPERIMENTS;

import dev.labbook.db.UpsertSyntax;
import dev.labbook.db.schema.tables.records.EvaluationDatasetsRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.impl.DSL;

/** SQL for datasets, their tags and their experiments; records are in {@link EvalRecordStore}. */
public final class EvalDatasetStore {
    private static final int IN_CHUNK = 1000;

    void insert(DSLContext ctx, EvalDataset d) {
        EvaluationDatasetsRecord r = ctx.newRecord(EVALUATION_DATASETS);
        r.setDatasetId(d.datasetId());
        r.setName(d.name());
        r.setDatasetSchema(d.schema());
        r.setDatasetProfile(d.profile());
        r.setNumRecords(d.numRecords());
        r.setDigest(d.digest());
        r.setCreatedTime(d.createdTime());
        r.setLastUpdateTime(d.lastUpdateTime());
        r.setCreatedBy(d.createdBy());
        r.setLastUpdatedBy(d.lastUpdatedBy());
        r.insert();
    }

    /** The dataset without its tags, its row locked until the transaction ends (upserts and deletes of records). */
    Optional<EvalDataset> lock(DSLContext ctx, String datasetId) {
        return ctx.selectFrom(EVALUATION_DATASETS).where(EVALUATION_DATASETS.DATASET_ID.eq(datasetId)).forUpdate()
                .fetchOptional(EvalDatasetStore::from);
    }

    boolean exists(DSLContext ctx, String datasetId) {
        return ctx.fetchExists(EVALUATION_DATASETS, EVALUATION_DATASETS.DATASET_ID.eq(datasetId));
    }

    Optional<EvalDataset> find(DSLContext ctx, String datasetId) {
        return ctx.selectFrom(EVALUATION_DATASETS).where(EVALUATION_DATASETS.DATASET_ID.eq(datasetId))
                .fetchOptional(EvalDatasetStore::from)
                .map(d -> d.withTags(tagsOf(ctx, List.of(datasetId)).getOrDefault(datasetId, Map.of())));
    }

    /** Up to {@code limit} datasets matching {@code where}, in {@code order}, with their tags. */
    List<EvalDataset> search(DSLContext ctx, Condition where, List<OrderField<?>> order, int limit) {
        return withTags(ctx, ctx.selectFrom(EVALUATION_DATASETS).where(where).orderBy(order).limit(limit)
                .fetch(EvalDatasetStore::from));
    }

    /**
     * As {@link #search}, for one experiment's datasets read through its links: {@code where} and
     * {@code order} may name the link table's columns (the newest-first page reads its index).
     */
    List<EvalDataset> searchInExperiment(DSLContext ctx, long experimentId, Condition where,
                                         List<OrderField<?>> order, int limit) {
        return withTags(ctx, ctx.select(EVALUATION_DATASETS.fields()).from(EVALUATION_DATASET_EXPERIMENTS)
                .join(EVALUATION_DATASETS).on(EVALUATION_DATASETS.DATASET_ID.eq(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID))
                .where(EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID.eq(experimentId)).and(where)
                .orderBy(order).limit(limit)
                .fetch(r -> from(r.into(EVALUATION_DATASETS))));
    }

    private List<EvalDataset> withTags(DSLContext ctx, List<EvalDataset> page) {
        Map<String, Map<String, String>> tags = tagsOf(ctx, page.stream().map(EvalDataset::datasetId).toList());
        return page.stream().map(d -> d.withTags(tags.getOrDefault(d.datasetId(), Map.of()))).toList();
    }

    /** Each dataset's tags in key order; a dataset without tags is absent. */
    Map<String, Map<String, String>> tagsOf(DSLContext ctx, Collection<String> datasetIds) {
        Map<String, Map<String, String>> byDataset = new LinkedHashMap<>();
        if (datasetIds.isEmpty()) {
            return byDataset;
        }
        ctx.selectFrom(EVALUATION_DATASET_TAGS).where(EVALUATION_DATASET_TAGS.DATASET_ID.in(datasetIds))
                .orderBy(EVALUATION_DATASET_TAGS.DATASET_ID, EVALUATION_DATASET_TAGS.KEY)
                .forEach(t -> byDataset.computeIfAbsent(t.getDatasetId(), k -> new TreeMap<>(PyJson::compareCodePoints))
                        .put(t.getKey(), t.getValue()));
        return byDataset;
    }

    /** Deletes the dataset; its tags, records and experiment links go with it (foreign keys cascade). */
    int delete(DSLContext ctx, String datasetId) {
        return ctx.deleteFrom(EVALUATION_DATASETS).where(EVALUATION_DATASETS.DATASET_ID.eq(datasetId)).execute();
    }

    void insertTags(DSLContext ctx, String datasetId, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var insert = ctx.insertInto(EVALUATION_DATASET_TAGS, EVALUATION_DATASET_TAGS.DATASET_ID,
                EVALUATION_DATASET_TAGS.KEY, EVALUATION_DATASET_TAGS.VALUE);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            insert = insert.values(datasetId, tag.getKey(), tag.getValue());
        }
        insert.execute();
    }

    /** Sets these tags (new values replace old ones), in one statement. */
    void upsertTags(DSLContext ctx, String datasetId, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(EVALUATION_DATASET_TAGS, EVALUATION_DATASET_TAGS.DATASET_ID,
                EVALUATION_DATASET_TAGS.KEY, EVALUATION_DATASET_TAGS.VALUE);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            insert = insert.values(datasetId, tag.getKey(), tag.getValue());
        }
        insert.onDuplicateKeyUpdate().set(EVALUATION_DATASET_TAGS.VALUE, DSL.excluded(EVALUATION_DATASET_TAGS.VALUE))
                .execute();
    }

    void deleteTag(DSLContext ctx, String datasetId, String key) {
        ctx.deleteFrom(EVALUATION_DATASET_TAGS)
                .where(EVALUATION_DATASET_TAGS.DATASET_ID.eq(datasetId).and(EVALUATION_DATASET_TAGS.KEY.eq(key)))
                .execute();
    }

    /** The dataset's experiments in the order they were linked. */
    List<String> experimentIds(DSLContext ctx, String datasetId) {
        return ctx.select(EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID).from(EVALUATION_DATASET_EXPERIMENTS)
                .where(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID.eq(datasetId))
                .orderBy(EVALUATION_DATASET_EXPERIMENTS.CREATED_TIME, EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID)
                .fetch(r -> Long.toString(r.value1()));
    }

    /** Of these experiment ids, the ones that exist (in any lifecycle stage). */
    Set<Long> existingExperiments(DSLContext ctx, Collection<Long> ids) {
        Set<Long> found = new HashSet<>();
        for (List<Long> chunk : chunks(ids)) {
            found.addAll(ctx.select(EXPERIMENTS.EXPERIMENT_ID).from(EXPERIMENTS)
                    .where(EXPERIMENTS.EXPERIMENT_ID.in(chunk)).fetch(r -> r.value1()));
        }
        return found;
    }

    /** Links the dataset to these experiments; links it already has are left as they are. */
    void link(DSLContext ctx, EvalDataset dataset, Collection<Long> experimentIds, long now) {
        if (experimentIds.isEmpty()) {
            return;
        }
        var insert = UpsertSyntax.of(ctx).insertInto(EVALUATION_DATASET_EXPERIMENTS,
                EVALUATION_DATASET_EXPERIMENTS.DATASET_ID, EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID,
                EVALUATION_DATASET_EXPERIMENTS.CREATED_TIME, EVALUATION_DATASET_EXPERIMENTS.DATASET_CREATED_TIME);
        for (Long id : experimentIds) {
            insert = insert.values(dataset.datasetId(), id, now, dataset.createdTime());
        }
        insert.onDuplicateKeyIgnore().execute();
    }

    int unlink(DSLContext ctx, String datasetId, Collection<Long> experimentIds) {
        if (experimentIds.isEmpty()) {
            return 0;
        }
        return ctx.deleteFrom(EVALUATION_DATASET_EXPERIMENTS)
                .where(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID.eq(datasetId))
                .and(EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID.in(experimentIds)).execute();
    }

    void touch(DSLContext ctx, String datasetId, long now) {
        ctx.update(EVALUATION_DATASETS).set(EVALUATION_DATASETS.LAST_UPDATE_TIME, now)
                .where(EVALUATION_DATASETS.DATASET_ID.eq(datasetId)).execute();
    }

    /** What an upsert of records changes on its dataset. */
    void afterUpsert(DSLContext ctx, EvalDataset d) {
        ctx.update(EVALUATION_DATASETS)
                .set(EVALUATION_DATASETS.DATASET_SCHEMA, d.schema())
                .set(EVALUATION_DATASETS.DATASET_PROFILE, d.profile())
                .set(EVALUATION_DATASETS.NUM_RECORDS, d.numRecords())
                .set(EVALUATION_DATASETS.DIGEST, d.digest())
                .set(EVALUATION_DATASETS.LAST_UPDATE_TIME, d.lastUpdateTime())
                .set(EVALUATION_DATASETS.LAST_UPDATED_BY, d.lastUpdatedBy())
                .where(EVALUATION_DATASETS.DATASET_ID.eq(d.datasetId())).execute();
    }

    /** What a delete of records changes on its dataset: the count and the profile made of it. */
    void afterDelete(DSLContext ctx, String datasetId, long numRecords, String profile) {
        ctx.update(EVALUATION_DATASETS)
                .set(EVALUATION_DATASETS.NUM_RECORDS, numRecords)
                .set(EVALUATION_DATASETS.DATASET_PROFILE, profile)
                .where(EVALUATION_DATASETS.DATASET_ID.eq(datasetId)).execute();
    }

    static <T> List<List<T>> chunks(Collection<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> all = List.copyOf(items);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return chunks;
    }

    private static EvalDataset from(EvaluationDatasetsRecord r) {
        return new EvalDataset(r.getDatasetId(), r.getName(), Map.of(), r.getDatasetSchema(), r.getDatasetProfile(),
                r.getNumRecords(), r.getDigest(), r.getCreatedTime(), r.getLastUpdateTime(), r.getCreatedBy(),
                r.getLastUpdatedBy(), null);
    }
}
