package dev.labbook.runs;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.http.StreamedResponse;
import dev.labbook.loggedmodels.ModelMetric;
import dev.labbook.metrics.Metric;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import dev.labbook.model.Validation;
import dev.labbook.model.ViewType;
import java.util.ArrayList;
import java.util.List;

/** HTTP for runs and logging: request message in, response message out. */
public final class RunHandlers {
    private final RunService runs;

    public RunHandlers(RunService runs) {
        this.runs = runs;
    }

    public Object create(ApiRequest req) {
        Run run = runs.create(req.optionalString("experiment_id"), req.optionalString("user_id"),
                req.optionalString("run_name"), req.optionalLong("start_time"), keyValues(req, "tags"));
        return JsonObject.empty().with("run", run);
    }

    public Object get(ApiRequest req) {
        return JsonObject.empty().with("run", runs.get(req.runId()));
    }

    public Object update(ApiRequest req) {
        RunInfo info = runs.update(req.runId(), req.optionalEnum("status"), req.optionalLong("end_time"),
                req.optionalString("run_name"));
        return JsonObject.empty().with("run_info", info);
    }

    public Object delete(ApiRequest req) {
        runs.delete(req.requiredString("run_id"));
        return JsonObject.empty();
    }

    public Object restore(ApiRequest req) {
        runs.restore(req.requiredString("run_id"));
        return JsonObject.empty();
    }

    public Object setTag(ApiRequest req) {
        runs.setTag(req.runId(), new KeyValue(req.requiredString("key"), orEmpty(req.optionalString("value"))));
        return JsonObject.empty();
    }

    public Object deleteTag(ApiRequest req) {
        runs.deleteTag(req.requiredString("run_id"), req.requiredString("key"));
        return JsonObject.empty();
    }

    public Object logParam(ApiRequest req) {
        runs.logBatch(req.runId(), List.of(), List.of(new KeyValue(req.requiredString("key"),
                orEmpty(req.optionalString("value")))), List.of());
        return JsonObject.empty();
    }

    public Object logMetric(ApiRequest req) {
        String runId = req.runId();
        Metric metric = metric(req, "");
        runs.logBatch(runId, List.of(metric), modelMetrics(runId, List.of(req), List.of(metric)), List.of(), List.of());
        return JsonObject.empty();
    }

    public Object logBatch(ApiRequest req) {
        String runId = req.requiredString("run_id");
        List<ApiRequest> metricItems = req.objectList("metrics");
        List<KeyValue> params = keyValues(req, "params");
        List<KeyValue> tags = keyValues(req, "tags");
        checkBatchLimit("metrics", Validation.MAX_METRICS_PER_BATCH, metricItems.size());
        checkBatchLimit("params", Validation.MAX_PARAMS_TAGS_PER_BATCH, params.size());
        checkBatchLimit("tags", Validation.MAX_PARAMS_TAGS_PER_BATCH, tags.size());
        checkBatchLimit("metrics, params, and tags", Validation.MAX_ENTITIES_PER_BATCH,
                metricItems.size() + params.size() + tags.size());
        List<Metric> metrics = new ArrayList<>(metricItems.size());
        for (int i = 0; i < metricItems.size(); i++) {
            metrics.add(metric(metricItems.get(i), "metrics[" + i + "]."));
        }
        runs.logBatch(runId, metrics, modelMetrics(runId, metricItems, metrics), params, tags);
        return JsonObject.empty();
    }

    public Object logInputs(ApiRequest req) {
        List<DatasetInput> inputs = new ArrayList<>();
        for (ApiRequest item : req.objectList("datasets")) {
            ApiRequest d = item.optionalObject("dataset");
            if (d == null) {
                throw item.missing("dataset");
            }
            var dataset = new DatasetInput.Dataset(
                    Validation.lengthLimit("dataset.name", 500, d.requiredString("name")),
                    Validation.lengthLimit("dataset.digest", 36, d.requiredString("digest")),
                    d.requiredString("source_type"),
                    Validation.lengthLimit("dataset.source", 65535, d.requiredString("source")),
                    Validation.lengthLimit("dataset.schema", 1048575, d.optionalString("schema")),
                    Validation.lengthLimit("dataset.profile", 16777215, d.optionalString("profile")));
            List<KeyValue> tags = item.objectList("tags").stream()
                    .map(t -> new KeyValue(Validation.lengthLimit("input_tag.key", 255, t.requiredString("key")),
                            Validation.lengthLimit("input_tag.value", 500, t.requiredString("value"))))
                    .toList();
            inputs.add(new DatasetInput(dataset, tags));
        }
        List<String> models = req.objectList("models").stream().map(m -> m.requiredString("model_id")).toList();
        runs.logInputs(req.requiredString("run_id"), inputs, models);
        return JsonObject.empty();
    }

    public Object search(ApiRequest req) {
        Long maxResults = req.optionalLong("max_results");
        Page<Run> page = runs.search(req.stringList("experiment_ids"), req.optionalString("filter"),
                ViewType.parse(req.optionalEnum("run_view_type")), maxResults == null ? 1000 : maxResults,
                req.stringList("order_by"), req.optionalString("page_token"));
        return searchResponse(page);
    }

    /** A page of runs is megabytes of JSON: written to the client as it is produced, not built first. */
    static StreamedResponse searchResponse(Page<Run> page) {
        return json -> {
            json.writeStartObject();
            JsonFields.messages(json, "runs", page.items());
            JsonFields.string(json, "next_page_token", page.nextPageToken());
            json.writeEndObject();
        };
    }

    public Object searchDatasets(ApiRequest req) {
        List<String> ids = req.stringList("experiment_ids");
        if (ids.isEmpty() || ids.size() > 20) {
            throw MlflowException.invalidParameter("SearchDatasets request must specify between 1 and 20 experiment_ids.");
        }
        return JsonObject.empty().with("dataset_summaries",
                runs.datasetSummaries(ids.stream().map(Validation::experimentId).toList()));
    }

    private static Metric metric(ApiRequest m, String path) {
        String key = m.requiredString("key");
        Validation.keyName(path + "key", key);
        double value = m.requiredDouble("value");
        long timestamp = m.requiredLong("timestamp");
        if (timestamp < 0) {
            throw MlflowException.invalidParameter(Validation.invalidValue(path + "timestamp", timestamp,
                    "metric '" + key + "' (value=" + value + "). Timestamp must be a nonnegative long (64-bit integer) "));
        }
        return new Metric(key, value, timestamp, m.longOr("step", 0));
    }

    /** The points that name a logged model (model_id, optionally dataset_name and dataset_digest). */
    private static List<ModelMetric> modelMetrics(String runId, List<ApiRequest> items, List<Metric> metrics) {
        List<ModelMetric> linked = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ApiRequest m = items.get(i);
            String modelId = m.optionalString("model_id");
            if (modelId != null && !modelId.isEmpty()) {
                linked.add(new ModelMetric(modelId, runId, metrics.get(i), emptyToNull(m.optionalString("dataset_name")),
                        emptyToNull(m.optionalString("dataset_digest"))));
            }
        }
        return linked;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<KeyValue> keyValues(ApiRequest req, String field) {
        return req.objectList(field).stream()
                .map(t -> new KeyValue(t.requiredString("key"), orEmpty(t.optionalString("value"))))
                .toList();
    }

    private static void checkBatchLimit(String entity, int limit, int count) {
        if (count > limit) {
            throw MlflowException.invalidParameter("A batch logging request can contain at most " + limit + " "
                    + entity + ". Got " + count + " " + entity + ". Please split up " + entity
                    + " across multiple requests and try again.");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
