package dev.labbook.runs;

import static dev.labbook.db.schema.Tables.RUNS;

import dev.labbook.artifacts.ArtifactLocations;
import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.ReadScope;
import dev.labbook.db.SortKey;
import dev.labbook.experiments.Experiment;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.http.MlflowException;
import dev.labbook.loggedmodels.ModelLinkStore;
import dev.labbook.loggedmodels.ModelMetric;
import dev.labbook.metrics.Metric;
import dev.labbook.metrics.MetricStore;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Lifecycle;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.model.ViewType;
import dev.labbook.search.FilterParser;
import dev.labbook.search.SearchKind;
import dev.labbook.search.SearchSyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** MLflow's rules for runs and what is logged to them; each public method is one transaction. */
public final class RunService {
    public static final String RUN_NAME_TAG = "mlflow.runName";
    public static final int MAX_SEARCH_RESULTS = 50_000;

    private final Database db;
    private final RunStore runs;
    private final MetricStore metrics;
    private final DatasetStore datasets;
    private final ModelLinkStore modelLinks;
    private final ExperimentService experiments;
    private final Clock clock;

    public RunService(Database db, RunStore runs, MetricStore metrics, DatasetStore datasets,
                      ModelLinkStore modelLinks, ExperimentService experiments, Clock clock) {
        this.db = db;
        this.runs = runs;
        this.metrics = metrics;
        this.datasets = datasets;
        this.modelLinks = modelLinks;
        this.experiments = experiments;
        this.clock = clock;
    }

    public Run create(String experimentId, String userId, String runName, Long startTime, List<KeyValue> tags) {
        long expId = Validation.experimentId(experimentId == null || experimentId.isEmpty() ? "0" : experimentId);
        List<KeyValue> validTags = validTags(tags);
        String tagName = validTags.stream().filter(t -> t.key().equals(RUN_NAME_TAG)).map(KeyValue::value)
                .findFirst().orElse(null);
        if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
            throw MlflowException.invalidParameter("Both 'run_name' argument and 'mlflow.runName' tag are specified, "
                    + "but with different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
        }
        String name = runName != null && !runName.isEmpty() ? runName : tagName != null ? tagName : RunNames.generate();
        List<KeyValue> allTags = new ArrayList<>(validTags.stream().filter(t -> !t.key().equals(RUN_NAME_TAG)).toList());
        allTags.add(new KeyValue(RUN_NAME_TAG, name));
        String runId = UUID.randomUUID().toString().replace("-", "");
        return db.tx(ctx -> {
            Experiment experiment = experiments.requireActive(ctx, expId);
            RunInfo info = new RunInfo(runId, expId, name, userId == null ? "" : userId, "RUNNING",
                    startTime == null ? clock.millis() : startTime, null,
                    ArtifactLocations.forRun(experiment.artifactLocation(), runId), Lifecycle.ACTIVE);
            runs.insert(ctx, info);
            runs.upsertTags(ctx, runId, allTags);
            return load(ctx, List.of(info)).get(0);
        });
    }

    public Run get(String runId) {
        return db.tx(ctx -> load(ctx, List.of(require(ctx, runId))).get(0));
    }

    public RunInfo update(String runId, String statusText, Long endTime, String runName) {
        String status = RunStatus.parse(statusText);
        return db.tx(ctx -> {
            requireActive(ctx, runId);
            String name = runName == null || runName.isEmpty() ? null : runName;
            runs.update(ctx, runId, status, endTime, name);
            if (name != null) {
                runs.upsertTags(ctx, runId, List.of(new KeyValue(RUN_NAME_TAG, name)));
            }
            return require(ctx, runId);
        });
    }

    public void delete(String runId) {
        db.txRun(ctx -> {
            require(ctx, runId);
            runs.setLifecycle(ctx, runId, Lifecycle.DELETED, clock.millis());
        });
    }

    public void restore(String runId) {
        db.txRun(ctx -> {
            require(ctx, runId);
            runs.setLifecycle(ctx, runId, Lifecycle.ACTIVE, null);
        });
    }

    public void setTag(String runId, KeyValue tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    public void deleteTag(String runId, String key) {
        db.txRun(ctx -> {
            requireActive(ctx, runId);
            if (!runs.deleteTag(ctx, runId, key)) {
                throw MlflowException.notFound("No tag with name: " + key + " in run with id " + runId);
            }
        });
    }

    /**
     * Params, metrics and tags in one transaction: all stored or none. A param may be logged again
     * with the same value, never with another.
     */
    public void logBatch(String runId, List<Metric> newMetrics, List<KeyValue> params, List<KeyValue> tags) {
        logBatch(runId, newMetrics, List.of(), params, tags);
    }

    /** As above; the points in modelMetrics (metrics carrying a model_id) also go to their logged models. */
    public void logBatch(String runId, List<Metric> newMetrics, List<ModelMetric> modelMetrics, List<KeyValue> params,
                         List<KeyValue> tags) {
        List<KeyValue> validParams = validParams(params);
        List<KeyValue> validTags = validTags(tags);
        for (int attempt = 0; ; attempt++) {
            try {
                db.txRun(ctx -> {
                    requireActive(ctx, runId);
                    insertNewParams(ctx, runId, validParams);
                    metrics.insert(ctx, runId, newMetrics);
                    modelLinks.insertMetrics(ctx, modelMetrics);
                    runs.upsertTags(ctx, runId, validTags);
                    validTags.stream().filter(t -> t.key().equals(RUN_NAME_TAG)).reduce((a, b) -> b)
                            .ifPresent(t -> runs.update(ctx, runId, null, null, t.value()));
                });
                return;
            } catch (IntegrityConstraintViolationException e) {
                // Another request logged one of these params at the same moment: compare again.
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void insertNewParams(DSLContext ctx, String runId, List<KeyValue> params) {
        if (params.isEmpty()) {
            return;
        }
        Map<String, String> existing = runs.existingParams(ctx, runId, params.stream().map(KeyValue::key).toList());
        List<KeyValue> fresh = new ArrayList<>();
        for (KeyValue p : params) {
            String old = existing.get(p.key());
            if (old == null) {
                fresh.add(p);
            } else if (!old.equals(p.value())) {
                throw MlflowException.invalidParameter("Changing param values is not allowed. Param with key='"
                        + p.key() + "' was already logged with value='" + old + "' for run ID='" + runId
                        + "'. Attempted logging new value '" + p.value() + "'.");
            }
        }
        runs.insertParams(ctx, runId, fresh);
    }

    public void logInputs(String runId, List<DatasetInput> inputs, List<String> modelIds) {
        db.txRun(ctx -> {
            RunInfo info = requireActive(ctx, runId);
            for (DatasetInput input : inputs) {
                datasets.logInput(ctx, runId, info.experimentId(), input);
            }
            modelLinks.insertInputs(ctx, runId, modelIds);
        });
    }

    public List<Map<String, Object>> datasetSummaries(List<Long> experimentIds) {
        return db.tx(ctx -> datasets.summaries(ctx, experimentIds));
    }

    public Page<Run> search(List<String> experimentIds, String filter, ViewType viewType, long maxResults,
                            List<String> orderBy, String pageToken) {
        if (maxResults < 1 || maxResults > MAX_SEARCH_RESULTS) {
            throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter 'max_results' "
                    + "supplied. It must be at most " + MAX_SEARCH_RESULTS + ", and greater than 0.");
        }
        List<Long> ids = experimentIds.stream().map(Validation::experimentId).toList();
        RunSearch search;
        Condition filterCondition;
        try {
            filterCondition = RunSearch.filter(FilterParser.parse(filter, SearchKind.RUNS));
            search = new RunSearch(orderBy.stream().map(o -> FilterParser.parseOrderBy(o, SearchKind.RUNS)).toList());
        } catch (SearchSyntaxException e) {
            throw MlflowException.invalidParameter(e.getMessage());
        }
        if (ids.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<SortKey> keys = search.sortKeys();
        Condition where = RUNS.EXPERIMENT_ID.in(ids).and(RUNS.LIFECYCLE_STAGE.in(viewType.stages())).and(filterCondition)
                .and(ReadScope.experiments(RUNS.EXPERIMENT_ID));
        if (pageToken != null && !pageToken.isEmpty()) {
            where = where.and(Keyset.after(keys, Keyset.parseToken(pageToken, keys)));
        }
        List<Field<?>> select = Keyset.selectWithSortKeys(RUNS.fields(), keys);
        Condition finalWhere = where;
        int limit = (int) maxResults;
        return db.tx(ctx -> {
            var rows = ctx.select(select).from(search.from()).where(finalWhere)
                    .orderBy(keys.stream().map(SortKey::orderField).toList())
                    .limit(limit + 1).fetch();
            String next = Keyset.nextToken(rows, limit, keys);
            List<RunInfo> infos = rows.stream().limit(limit).map(RunStore::infoFrom).toList();
            return new Page<>(load(ctx, infos), next);
        });
    }

    /** Fills in the children of a page of runs: one query per kind of child, never one per run. */
    private List<Run> load(DSLContext ctx, List<RunInfo> infos) {
        List<String> ids = infos.stream().map(RunInfo::runId).toList();
        var latest = metrics.latestOf(ctx, ids);
        var params = runs.paramsOf(ctx, ids);
        var tags = runs.tagsOf(ctx, ids);
        var inputs = datasets.inputsOf(ctx, ids);
        var modelInputs = modelLinks.inputsOf(ctx, ids);
        var modelOutputs = modelLinks.outputsOf(ctx, ids);
        return infos.stream().map(i -> new Run(i, latest.getOrDefault(i.runId(), List.of()),
                params.getOrDefault(i.runId(), List.of()), tags.getOrDefault(i.runId(), List.of()),
                inputs.getOrDefault(i.runId(), List.of()), modelInputs.getOrDefault(i.runId(), List.of()),
                modelOutputs.getOrDefault(i.runId(), List.of()))).toList();
    }

    public RunInfo require(DSLContext ctx, String runId) {
        return runs.findInfo(ctx, runId).orElseThrow(() ->
                MlflowException.notFound("Run with id=" + runId + " not found"));
    }

    public RunInfo requireActive(DSLContext ctx, String runId) {
        RunInfo info = require(ctx, runId);
        if (!info.isActive()) {
            throw MlflowException.invalidParameter("The run " + runId + " must be in the 'active' state. "
                    + "Current state is " + info.lifecycleStage() + ".");
        }
        return info;
    }

    private static List<KeyValue> validParams(List<KeyValue> params) {
        Set<String> keys = new HashSet<>();
        List<KeyValue> valid = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            KeyValue p = params.get(i);
            Validation.keyName("params[" + i + "].key", p.key());
            if (!keys.add(p.key())) {
                throw MlflowException.invalidParameter("Duplicate parameter keys have been submitted: ['"
                        + p.key() + "']. Please ensure the request contains only one param value per param key.");
            }
            valid.add(new KeyValue(p.key(), Validation.truncate(p.value() == null ? "" : p.value(),
                    Validation.MAX_PARAM_VALUE_LENGTH)));
        }
        return valid;
    }

    private static List<KeyValue> validTags(List<KeyValue> tags) {
        List<KeyValue> valid = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            KeyValue t = tags.get(i);
            Validation.keyName("tags[" + i + "].key", t.key());
            valid.add(new KeyValue(t.key(), Validation.truncate(t.value() == null ? "" : t.value(),
                    Validation.MAX_TAG_VALUE_LENGTH)));
        }
        return valid;
    }
}
