package dev.labbook.evaldatasets;

import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * MLflow's rules for evaluation datasets (its SQL store's create_dataset ... remove_dataset_from_experiments);
 * each public method is one transaction. Record upserts and deletes lock their dataset's row, so they
 * apply one at a time per dataset and the record count they keep stays exact.
 */
public final class EvalDatasetService {
    /** SEARCH_MAX_RESULTS_THRESHOLD of MLflow's SQL store. */
    static final int MAX_RESULTS = 50000;
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_TAG_KEY_LENGTH = 255;
    static final int MAX_TAG_VALUE_LENGTH = 5000;

    private final Database db;
    private final EvalDatasetStore datasets;
    private final EvalRecordStore records;
    private final Clock clock;

    public EvalDatasetService(Database db, EvalDatasetStore datasets, EvalRecordStore records, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.records = records;
        this.clock = clock;
    }

    /**
     * A new dataset linked to these experiments (which, as in MLflow, need not exist). The tag
     * mlflow.user names its creator. The answer lists the experiment ids, as MLflow's does.
     */
    public EvalDataset create(String name, List<String> experimentIds, Map<String, String> tags) {
        Validation.lengthLimit("name", MAX_NAME_LENGTH, name);
        checkTags(tags);
        Set<Long> links = new LinkedHashSet<>();
        experimentIds.forEach(id -> links.add(Validation.experimentId(id)));
        String user = Validation.lengthLimit("tags.mlflow.user", RecordMerge.MAX_USER_LENGTH,
                tags.get(RecordInput.MLFLOW_USER));
        long now = clock.millis();
        Map<String, String> sortedTags = new TreeMap<>(PyJson::compareCodePoints);
        sortedTags.putAll(tags);
        EvalDataset dataset = new EvalDataset("d-" + UUID.randomUUID().toString().replace("-", ""), name,
                sortedTags, null, null, 0, EvalDataset.digest(name, now), now, now, user, user,
                links.stream().map(String::valueOf).toList());
        db.txRun(ctx -> {
            datasets.insert(ctx, dataset);
            datasets.insertTags(ctx, dataset.datasetId(), tags);
            datasets.link(ctx, dataset, links, now);
        });
        return dataset;
    }

    public EvalDataset get(String datasetId) {
        return db.tx(ctx -> datasets.find(ctx, datasetId)).orElseThrow(() ->
                MlflowException.notFound("Evaluation dataset with id '" + datasetId + "' not found"));
    }

    /** Deletes a dataset with its records, tags and experiment links; an unknown id is no error. */
    public void delete(String datasetId) {
        db.txRun(ctx -> datasets.delete(ctx, datasetId));
    }

    public Page<EvalDataset> search(List<String> experimentIds, String filter, long maxResults, List<String> orderBy,
                                    String pageToken) {
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter 'max_results' "
                    + "supplied. It must be " + (maxResults < 1 ? "a positive integer" : "at most " + MAX_RESULTS));
        }
        Condition where;
        List<SortKey> keys;
        try {
            where = EvalDatasetSearch.filter(FilterParser.parse(filter, SearchKind.EVALUATION_DATASETS));
            keys = EvalDatasetSearch.sortKeys(orderBy.stream()
                    .map(o -> FilterParser.parseOrderBy(o, SearchKind.EVALUATION_DATASETS)).toList());
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        // One experiment's datasets, newest first (the UI's list), are read in order from its links;
        // the page token holds the same values either way.
        Long newestIn = EvalDatasetSearch.newestFirstIn(experimentIds, keys);
        List<SortKey> sqlKeys = newestIn != null ? EvalDatasetSearch.LINKS_NEWEST_FIRST : keys;
        if (newestIn == null && !experimentIds.isEmpty()) {
            where = where.and(EvalDatasetSearch.inExperiments(experimentIds));
        }
        if (pageToken != null && !pageToken.isEmpty()) {
            where = where.and(Keyset.after(sqlKeys, Keyset.parseToken(pageToken, keys)));
        }
        Condition finalWhere = where;
        List<org.jooq.OrderField<?>> order = sqlKeys.stream().<org.jooq.OrderField<?>>map(SortKey::orderField).toList();
        int limit = (int) maxResults;
        List<EvalDataset> rows = db.tx(ctx -> newestIn != null
                ? datasets.searchInExperiment(ctx, newestIn, finalWhere, order, limit + 1)
                : datasets.search(ctx, finalWhere, order, limit + 1));
        String next = rows.size() > limit ? Keyset.token(sortValues(keys, rows.get(limit - 1))) : null;
        return new Page<>(rows.subList(0, Math.min(limit, rows.size())), next);
    }

    private static List<Object> sortValues(List<SortKey> keys, EvalDataset d) {
        List<Object> values = new ArrayList<>(keys.size());
        for (SortKey key : keys) {
            values.add(switch (key.field().getName()) {
                case "name" -> d.name();
                case "created_time" -> d.createdTime();
                case "last_update_time" -> d.lastUpdateTime();
                default -> d.datasetId();
            });
        }
        return values;
    }

    /** Sets tags, replacing the values of keys the dataset has; the dataset's update time stays. */
    public void setTags(String datasetId, Map<String, String> tags) {
        checkTags(tags);
        db.txRun(ctx -> {
            if (!datasets.exists(ctx, datasetId)) {
                throw MlflowException.notFound("Could not find evaluation dataset with ID " + datasetId);
            }
            datasets.upsertTags(ctx, datasetId, tags);
        });
    }

    /** Removes a tag; a tag or dataset that does not exist is no error (MLflow's call is idempotent). */
    public void deleteTag(String datasetId, String key) {
        db.txRun(ctx -> datasets.deleteTag(ctx, datasetId, key));
    }

    /** The experiments of a dataset, in the order they were linked; none for an unknown dataset. */
    public List<String> experimentIds(String datasetId) {
        return db.tx(ctx -> datasets.experimentIds(ctx, datasetId));
    }

    /** Links more experiments, which must exist; the update time moves even when none is new. */
    public EvalDataset addToExperiments(String datasetId, List<String> experimentIds) {
        return db.tx(ctx -> {
            EvalDataset dataset = requireDataset(ctx, datasetId);
            Set<Long> ids = new LinkedHashSet<>(numeric(experimentIds));
            Set<Long> found = datasets.existingExperiments(ctx, ids);
            for (String id : experimentIds) {
                if (!isNumeric(id) || !found.contains(Long.parseLong(id))) {
                    throw MlflowException.notFound("No Experiment with id=" + id);
                }
            }
            long now = clock.millis();
            datasets.link(ctx, dataset, ids, now);
            datasets.touch(ctx, datasetId, now);
            return requireDataset(ctx, datasetId);
        });
    }

    /** Unlinks experiments; the update time moves only when a link was removed. */
    public EvalDataset removeFromExperiments(String datasetId, List<String> experimentIds) {
        return db.tx(ctx -> {
            requireDataset(ctx, datasetId);
            if (datasets.unlink(ctx, datasetId, numeric(experimentIds)) > 0) {
                datasets.touch(ctx, datasetId, clock.millis());
            }
            return requireDataset(ctx, datasetId);
        });
    }

    /** What an upsert did: records added, and records merged into ones with the same inputs. */
    public record UpsertCounts(int inserted, int updated) {}

    /**
     * Upserts records by their inputs, then refreshes the dataset as MLflow does: schema, profile
     * (the record count, kept here rather than counted), digest, update time and last updater (the
     * mlflow.user of the batch's last record that has one, else none).
     */
    public UpsertCounts upsertRecords(String datasetId, List<RecordInput> batch) {
        return db.tx(ctx -> {
            EvalDataset dataset = datasets.lock(ctx, datasetId).orElseThrow(() ->
                    MlflowException.notFound("Evaluation dataset with id '" + datasetId + "' not found"));
            long now = clock.millis();
            Set<String> hashes = new LinkedHashSet<>();
            batch.forEach(r -> hashes.add(r.inputHash()));
            RecordUpsert upsert = RecordUpsert.of(datasetId, batch, records.byInputHash(ctx, datasetId, hashes), now);
            records.insert(ctx, upsert.added());
            records.update(ctx, upsert.merged());
            long count = dataset.numRecords() + upsert.inserted();
            String schema = DatasetSchema.updated(dataset.schema(), batch);
            datasets.afterUpsert(ctx, new EvalDataset(datasetId, dataset.name(), Map.of(),
                    schema != null ? schema : dataset.schema(), count > 0 ? profile(count) : dataset.profile(), count,
                    EvalDataset.digest(dataset.name(), now), dataset.createdTime(), now, dataset.createdBy(),
                    Validation.lengthLimit("tags.mlflow.user", RecordMerge.MAX_USER_LENGTH, upsert.updatedBy()), null));
            return new UpsertCounts(upsert.inserted(), upsert.updated());
        });
    }

    /** One page of records and the token of the next; an unknown dataset has none (as in MLflow). */
    public record RecordsPage(List<EvalRecord> records, String nextPageToken) {}

    public RecordsPage records(String datasetId, long maxResults, String pageToken) {
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter 'max_results' "
                    + "supplied. It must be " + (maxResults < 1 ? "a positive integer" : "at most " + MAX_RESULTS));
        }
        RecordCursor after = RecordCursor.parse(pageToken);
        int limit = (int) maxResults;
        List<EvalRecord> rows = db.tx(ctx -> records.page(ctx, datasetId, after, limit + 1));
        if (rows.size() <= limit) {
            return new RecordsPage(rows, null);
        }
        List<EvalRecord> page = rows.subList(0, limit);
        return new RecordsPage(page, RecordCursor.after(page.get(limit - 1)).token());
    }

    /**
     * Deletes records of the dataset by id and lowers its count; ids of other datasets' records or
     * of none are skipped. With no record left the profile becomes the text "null", as in MLflow.
     */
    public int deleteRecords(String datasetId, List<String> recordIds) {
        return db.tx(ctx -> {
            var dataset = datasets.lock(ctx, datasetId);
            if (dataset.isEmpty() || recordIds.isEmpty()) {
                return 0;
            }
            int deleted = records.delete(ctx, datasetId, new LinkedHashSet<>(recordIds));
            if (deleted > 0) {
                long count = Math.max(0, dataset.get().numRecords() - deleted);
                datasets.afterDelete(ctx, datasetId, count, count > 0 ? profile(count) : "null");
            }
            return deleted;
        });
    }

    private static String profile(long numRecords) {
        return "{\"num_records\": " + numRecords + "}";
    }

    private static void checkTags(Map<String, String> tags) {
        tags.forEach((key, value) -> {
            Validation.lengthLimit("tags key", MAX_TAG_KEY_LENGTH, key);
            Validation.lengthLimit("tags." + key, MAX_TAG_VALUE_LENGTH, value);
        });
    }

    private EvalDataset requireDataset(DSLContext ctx, String datasetId) {
        return datasets.find(ctx, datasetId).orElseThrow(() ->
                MlflowException.notFound("Dataset '" + datasetId + "' not found"));
    }

    /** Experiment ids as the SQL store keeps them; anything else names no experiment. */
    static boolean isNumeric(String id) {
        return id.matches("[0-9]{1,18}");
    }

    static List<Long> numeric(List<String> experimentIds) {
        return experimentIds.stream().filter(EvalDatasetService::isNumeric).map(Long::parseLong).toList();
    }
}
