package dev.labbook.loggedmodels;

import static dev.labbook.db.schema.Tables.LOGGED_MODELS;

import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.ReadScope;
import dev.labbook.db.SortKey;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Lifecycle;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.runs.RunNames;
import dev.labbook.runs.RunService;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/** MLflow's rules for logged models; each public method is one transaction. */
public final class LoggedModelService {
    /** The proto default page size, used when max_results is absent. */
    static final int DEFAULT_MAX_RESULTS = 50;
    /** What MLflow's store uses when max_results is sent as 0. */
    static final int STORE_DEFAULT_MAX_RESULTS = 100;
    /** MLflow has no upper bound; larger pages are cut to this size and continue with a page token. */
    static final int MAX_PAGE_SIZE = 50_000;

    private final Database db;
    private final LoggedModelStore store;
    private final ModelLinkStore links;
    private final ExperimentService experiments;
    private final RunService runs;
    private final Clock clock;

    public LoggedModelService(Database db, LoggedModelStore store, ModelLinkStore links,
                              ExperimentService experiments, RunService runs, Clock clock) {
        this.db = db;
        this.store = store;
        this.links = links;
        this.experiments = experiments;
        this.runs = runs;
        this.clock = clock;
    }

    public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId,
                              List<KeyValue> params, List<KeyValue> tags) {
        long expId = Validation.experimentId(experimentId);
        String modelName = name == null || name.isEmpty() ? RunNames.generate() : LoggedModelRules.name(name);
        Validation.lengthLimit("model_type", 500, modelType);
        Validation.lengthLimit("source_run_id", 32, sourceRunId);
        List<KeyValue> validParams = LoggedModelRules.params(params);
        List<KeyValue> validTags = LoggedModelRules.tags(tags);
        String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
        return db.tx(ctx -> {
            Experiment experiment = experiments.requireActive(ctx, expId);
            long now = clock.millis();
            LoggedModelInfo info = new LoggedModelInfo(modelId, expId, modelName,
                    artifactLocation(experiment.artifactLocation(), modelId), now, now,
                    LoggedModelStatus.LOGGED_MODEL_PENDING, Lifecycle.ACTIVE, emptyToNull(modelType),
                    emptyToNull(sourceRunId), null);
            store.insert(ctx, info);
            store.insertParams(ctx, modelId, validParams);
            store.upsertTags(ctx, modelId, validTags);
            return store.load(ctx, List.of(info)).get(0);
        });
    }

    public LoggedModel get(String modelId, boolean allowDeleted) {
        return db.tx(ctx -> {
            LoggedModelInfo info = require(ctx, modelId);
            if (!allowDeleted && !info.isActive()) {
                throw notFound(modelId);
            }
            return store.load(ctx, List.of(info)).get(0);
        });
    }

    /** Where an active model's artifacts live. */
    public String artifactLocation(String modelId) {
        return db.tx(ctx -> {
            LoggedModelInfo info = require(ctx, modelId);
            if (!info.isActive()) {
                throw notFound(modelId);
            }
            return info.artifactLocation();
        });
    }

    /** MLflow finalizes, tags and deletes models whatever their lifecycle stage; only reads hide deleted ones. */
    public LoggedModel finalizeModel(String modelId, LoggedModelStatus status) {
        return db.tx(ctx -> {
            requireForUpdate(ctx, modelId);
            store.updateStatus(ctx, modelId, status, clock.millis());
            return store.load(ctx, List.of(require(ctx, modelId))).get(0);
        });
    }

    public void delete(String modelId) {
        db.txRun(ctx -> {
            requireForUpdate(ctx, modelId);
            store.setLifecycle(ctx, modelId, Lifecycle.DELETED, clock.millis());
        });
    }

    public void setTags(String modelId, List<KeyValue> tags) {
        List<KeyValue> valid = LoggedModelRules.tags(tags);
        db.txRun(ctx -> {
            requireForUpdate(ctx, modelId);
            store.upsertTags(ctx, modelId, valid);
        });
    }

    public void deleteTag(String modelId, String key) {
        db.txRun(ctx -> {
            requireForUpdate(ctx, modelId);
            if (!store.deleteTag(ctx, modelId, key)) {
                throw MlflowException.notFound("No tag with key '" + key + "' found for model with ID '" + modelId + "'.");
            }
        });
    }

    /** Params are write-once, as for runs: the same value again is a no-op, another value an error. */
    public void logParams(String modelId, List<KeyValue> params) {
        List<KeyValue> valid = LoggedModelRules.params(params);
        db.txRun(ctx -> {
            requireForUpdate(ctx, modelId);
            Map<String, String> existing = store.existingParams(ctx, modelId, valid.stream().map(KeyValue::key).toList());
            List<KeyValue> fresh = new ArrayList<>();
            for (KeyValue p : valid) {
                String old = existing.get(p.key());
                if (old == null) {
                    fresh.add(p);
                } else if (!old.equals(p.value())) {
                    throw LoggedModelRules.changedParam(modelId, p, old);
                }
            }
            store.insertParams(ctx, modelId, fresh);
        });
    }

    /** LogOutputs: the run (active) produced these models. */
    public void logOutputs(String runId, List<ModelOutput> outputs) {
        db.txRun(ctx -> {
            runs.requireActive(ctx, runId);
            links.insertOutputs(ctx, runId, outputs);
        });
    }

    public Page<LoggedModel> search(List<String> experimentIds, String filter,
                                    List<LoggedModelSearch.DatasetFilter> datasets, Long maxResults,
                                    List<LoggedModelSearch.Order> orderBy, String pageToken) {
        List<Long> ids = experimentIds.stream().map(Validation::experimentId).toList();
        int limit = pageSize(maxResults);
        for (LoggedModelSearch.DatasetFilter d : datasets) {
            if (d.name() == null || d.name().isEmpty()) {
                throw MlflowException.invalidParameter("`dataset_name` in the `datasets` clause must be specified.");
            }
        }
        Condition where;
        List<SortKey> keys;
        try {
            where = LoggedModelSearch.filter(FilterParser.parse(filter, SearchKind.LOGGED_MODELS), datasets);
            keys = LoggedModelSearch.sortKeys(orderBy);
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        where = where.and(LOGGED_MODELS.EXPERIMENT_ID.in(ids)).and(LOGGED_MODELS.LIFECYCLE_STAGE.eq(Lifecycle.ACTIVE))
                .and(ReadScope.experiments(LOGGED_MODELS.EXPERIMENT_ID));
        if (pageToken != null && !pageToken.isEmpty()) {
            where = where.and(Keyset.after(keys, Keyset.parseToken(pageToken, keys)));
        }
        List<Field<?>> select = Keyset.selectWithSortKeys(LOGGED_MODELS.fields(), keys);
        Condition finalWhere = where;
        return db.tx(ctx -> {
            var rows = ctx.select(select).from(LOGGED_MODELS).where(finalWhere)
                    .orderBy(keys.stream().map(SortKey::orderField).toList())
                    .limit(limit + 1).fetch();
            String next = Keyset.nextToken(rows, limit, keys);
            List<LoggedModelInfo> infos = rows.stream().limit(limit).map(LoggedModelStore::infoFrom).toList();
            return new Page<>(store.load(ctx, infos), next);
        });
    }

    private static int pageSize(Long maxResults) {
        if (maxResults == null) {
            return DEFAULT_MAX_RESULTS;
        }
        if (maxResults < 0) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults
                    + " for parameter 'max_results' supplied. It must be a positive integer.");
        }
        return maxResults == 0 ? STORE_DEFAULT_MAX_RESULTS : (int) Math.min(maxResults, MAX_PAGE_SIZE);
    }

    private LoggedModelInfo require(DSLContext ctx, String modelId) {
        return store.find(ctx, modelId).orElseThrow(() -> notFound(modelId));
    }

    private LoggedModelInfo requireForUpdate(DSLContext ctx, String modelId) {
        return store.findForUpdate(ctx, modelId).orElseThrow(() -> notFound(modelId));
    }

    static MlflowException notFound(String modelId) {
        return MlflowException.notFound("Logged model with ID '" + modelId + "' not found.");
    }

    /** MLflow's layout: {@code <experiment artifact location>/models/<model_id>/artifacts}. */
    static String artifactLocation(String experimentLocation, String modelId) {
        String base = experimentLocation.endsWith("/") ? experimentLocation : experimentLocation + "/";
        return base + "models/" + modelId + "/artifacts";
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
