package dev.labbook.loggedmodels;

import static dev.labbook.db.schema.Tables.LOGGED_MODELS;
import static dev.labbook.db.schema.Tables.LOGGED_MODEL_METRICS;
import static dev.labbook.db.schema.Tables.RUN_MODEL_INPUTS;
import static dev.labbook.db.schema.Tables.RUN_OUTPUTS;

import dev.labbook.db.UpsertSyntax;
import dev.labbook.metrics.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * SQL for what ties runs to logged models: the models a run produced and used, and the metric
 * points a run logs against a model. Runs call it inside their own transactions.
 */
public final class ModelLinkStore {

    /** Fails with RESOURCE_DOES_NOT_EXIST unless every id names a logged model (of any lifecycle stage). */
    public void requireModels(DSLContext ctx, Collection<String> modelIds) {
        Set<String> wanted = new TreeSet<>(modelIds);
        if (wanted.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>(ctx.select(LOGGED_MODELS.MODEL_ID).from(LOGGED_MODELS)
                .where(LOGGED_MODELS.MODEL_ID.in(wanted)).fetch(LOGGED_MODELS.MODEL_ID));
        for (String id : wanted) {
            if (!found.contains(id)) {
                throw LoggedModelService.notFound(id);
            }
        }
    }

    /**
     * Stores the points with one multi-row insert. A repeated point (same model, key, step,
     * timestamp and run) is ignored, as MLflow does. Rows are sorted so that concurrent batches lock
     * in one order. INSERT IGNORE would also swallow a foreign-key failure, hence the check first.
     */
    public void insertMetrics(DSLContext ctx, List<ModelMetric> points) {
        if (points.isEmpty()) {
            return;
        }
        requireModels(ctx, points.stream().map(ModelMetric::modelId).toList());
        var insert = UpsertSyntax.of(ctx).insertInto(LOGGED_MODEL_METRICS, LOGGED_MODEL_METRICS.MODEL_ID,
                LOGGED_MODEL_METRICS.KEY, LOGGED_MODEL_METRICS.STEP, LOGGED_MODEL_METRICS.TIMESTAMP,
                LOGGED_MODEL_METRICS.RUN_ID, LOGGED_MODEL_METRICS.VALUE, LOGGED_MODEL_METRICS.IS_NAN,
                LOGGED_MODEL_METRICS.DATASET_NAME, LOGGED_MODEL_METRICS.DATASET_DIGEST);
        for (ModelMetric p : sorted(points)) {
            Metric m = p.metric();
            insert = insert.values(p.modelId(), m.key(), m.step(), m.timestamp(), p.runId(), m.storedValue(),
                    m.isNan(), p.datasetName(), p.datasetDigest());
        }
        insert.onDuplicateKeyIgnore().execute();
    }

    private static List<ModelMetric> sorted(List<ModelMetric> points) {
        return points.stream().sorted(Comparator.comparing(ModelMetric::modelId)
                .thenComparing(p -> p.metric().key())
                .thenComparingLong(p -> p.metric().step())
                .thenComparingLong(p -> p.metric().timestamp())).toList();
    }

    public void insertOutputs(DSLContext ctx, String runId, List<ModelOutput> outputs) {
        if (outputs.isEmpty()) {
            return;
        }
        requireModels(ctx, outputs.stream().map(ModelOutput::modelId).toList());
        var insert = UpsertSyntax.of(ctx).insertInto(RUN_OUTPUTS, RUN_OUTPUTS.RUN_UUID, RUN_OUTPUTS.MODEL_ID,
                RUN_OUTPUTS.STEP);
        for (ModelOutput o : outputs.stream().sorted(Comparator.comparing(ModelOutput::modelId)).toList()) {
            insert = insert.values(runId, o.modelId(), o.step());
        }
        insert.onDuplicateKeyIgnore().execute();
    }

    public void insertInputs(DSLContext ctx, String runId, List<String> modelIds) {
        if (modelIds.isEmpty()) {
            return;
        }
        requireModels(ctx, modelIds);
        var insert = UpsertSyntax.of(ctx).insertInto(RUN_MODEL_INPUTS, RUN_MODEL_INPUTS.RUN_UUID,
                RUN_MODEL_INPUTS.MODEL_ID);
        for (String id : new TreeSet<>(modelIds)) {
            insert = insert.values(runId, id);
        }
        insert.onDuplicateKeyIgnore().execute();
    }

    /** The model outputs of a page of runs, in one query. */
    public Map<String, List<ModelOutput>> outputsOf(DSLContext ctx, Collection<String> runIds) {
        Map<String, List<ModelOutput>> byRun = new HashMap<>();
        if (!runIds.isEmpty()) {
            ctx.selectFrom(RUN_OUTPUTS).where(RUN_OUTPUTS.RUN_UUID.in(runIds))
                    .orderBy(RUN_OUTPUTS.STEP, RUN_OUTPUTS.MODEL_ID)
                    .forEach(r -> byRun.computeIfAbsent(r.getRunUuid(), k -> new ArrayList<>())
                            .add(new ModelOutput(r.getModelId(), r.getStep())));
        }
        return byRun;
    }

    /** The model inputs of a page of runs, in one query. */
    public Map<String, List<String>> inputsOf(DSLContext ctx, Collection<String> runIds) {
        Map<String, List<String>> byRun = new HashMap<>();
        if (!runIds.isEmpty()) {
            ctx.selectFrom(RUN_MODEL_INPUTS).where(RUN_MODEL_INPUTS.RUN_UUID.in(runIds))
                    .orderBy(RUN_MODEL_INPUTS.MODEL_ID)
                    .forEach(r -> byRun.computeIfAbsent(r.getRunUuid(), k -> new ArrayList<>()).add(r.getModelId()));
        }
        return byRun;
    }
}
