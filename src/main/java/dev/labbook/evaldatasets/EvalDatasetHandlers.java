package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP for MLflow 3's evaluation datasets, /api/3.0/mlflow/datasets/... (and /ajax-api/3.0/...).
 * Tags and records travel as JSON text inside the JSON message, as MLflow's protocol has them.
 */
public final class EvalDatasetHandlers {
    /** The proto default of max_results, for searches and record pages alike. */
    private static final long DEFAULT_MAX_RESULTS = 1000;

    private final EvalDatasetService datasets;

    public EvalDatasetHandlers(EvalDatasetService datasets) {
        this.datasets = datasets;
    }

    /** POST /datasets/create (CreateDataset). */
    public Object create(ApiRequest req) {
        String name = req.requiredString("name");
        EvalDataset created = datasets.create(name, req.stringList("experiment_ids"), createTags(req));
        return JsonObject.empty().with("dataset", created);
    }

    /** GET /datasets/{dataset_id} (GetDataset). */
    public Object get(ApiRequest req) {
        return JsonObject.empty().with("dataset", datasets.get(req.requiredString("dataset_id")));
    }

    /** DELETE /datasets/{dataset_id} (DeleteDataset). */
    public Object delete(ApiRequest req) {
        datasets.delete(req.requiredString("dataset_id"));
        return JsonObject.empty();
    }

    /** GET or POST /datasets/search (SearchEvaluationDatasets). */
    public Object search(ApiRequest req) {
        Long maxResults = req.optionalLong("max_results");
        Page<EvalDataset> page = datasets.search(req.stringList("experiment_ids"), req.optionalString("filter_string"),
                maxResults == null ? DEFAULT_MAX_RESULTS : maxResults, req.stringList("order_by"),
                req.optionalString("page_token"));
        return JsonObject.empty().with("datasets", page.items()).with("next_page_token", page.nextPageToken());
    }

    /** PATCH /datasets/{dataset_id}/tags (SetDatasetTags): null values are skipped, others stored as str(value). */
    public Object setTags(ApiRequest req) {
        JsonNode tags = jsonObject(req.requiredString("tags"), "tags");
        Map<String, String> values = new LinkedHashMap<>();
        tags.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                values.put(e.getKey(), PyText.str(e.getValue()));
            }
        });
        datasets.setTags(req.requiredString("dataset_id"), values);
        return JsonObject.empty();
    }

    /** DELETE /datasets/{dataset_id}/tags/{key} (DeleteDatasetTag). */
    public Object deleteTag(ApiRequest req) {
        datasets.deleteTag(req.requiredString("dataset_id"), req.requiredString("key"));
        return JsonObject.empty();
    }

    /** POST /datasets/{dataset_id}/records (UpsertDatasetRecords). */
    public Object upsertRecords(ApiRequest req) {
        List<RecordInput> records = RecordInput.parseAll(req.requiredString("records"));
        EvalDatasetService.UpsertCounts counts = datasets.upsertRecords(req.requiredString("dataset_id"), records);
        return JsonObject.empty().with("inserted_count", counts.inserted()).with("updated_count", counts.updated());
    }

    /** GET /datasets/{dataset_id}/records (GetDatasetRecords): the records as one JSON text, as MLflow sends them. */
    public Object records(ApiRequest req) {
        Long maxResults = req.optionalLong("max_results");
        EvalDatasetService.RecordsPage page = datasets.records(req.requiredString("dataset_id"),
                maxResults == null || maxResults == 0 ? DEFAULT_MAX_RESULTS : maxResults,
                req.optionalString("page_token"));
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < page.records().size(); i++) {
            json.append(i > 0 ? ", " : "");
            page.records().get(i).appendDict(json);
        }
        return JsonObject.empty().with("records", json.append(']').toString())
                .with("next_page_token", page.nextPageToken());
    }

    /** DELETE /datasets/{dataset_id}/records (DeleteDatasetRecords). */
    public Object deleteRecords(ApiRequest req) {
        int deleted = datasets.deleteRecords(req.requiredString("dataset_id"), req.stringList("dataset_record_ids"));
        return JsonObject.empty().with("deleted_count", deleted);
    }

    /** GET /datasets/{dataset_id}/experiment-ids (GetDatasetExperimentIds). */
    public Object experimentIds(ApiRequest req) {
        return JsonObject.empty().with("experiment_ids", datasets.experimentIds(req.requiredString("dataset_id")));
    }

    /** POST /datasets/{dataset_id}/add-experiments (AddDatasetToExperiments). */
    public Object addToExperiments(ApiRequest req) {
        return JsonObject.empty().with("dataset", datasets.addToExperiments(req.requiredString("dataset_id"),
                req.stringList("experiment_ids")));
    }

    /** POST /datasets/{dataset_id}/remove-experiments (RemoveDatasetFromExperiments). */
    public Object removeFromExperiments(ApiRequest req) {
        return JsonObject.empty().with("dataset", datasets.removeFromExperiments(req.requiredString("dataset_id"),
                req.stringList("experiment_ids")));
    }

    /**
     * CreateDataset's tags: a JSON object whose values MLflow's store writes to a text column as they
     * are, so numbers read back as their digits and booleans as 1 or 0; null stays null. Objects and
     * lists have no such form (MLflow's database refuses them).
     */
    private static Map<String, String> createTags(ApiRequest req) {
        String text = req.optionalString("tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return tags;
        }
        jsonObject(text, "tags").properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw MlflowException.invalidParameter("Invalid value for tag '" + e.getKey()
                        + "': tag values are strings, numbers, booleans or null");
            }
            tags.put(e.getKey(), v.isNull() ? null : v.isBoolean() ? (v.booleanValue() ? "1" : "0") : PyText.str(v));
        });
        return tags;
    }

    private static JsonNode jsonObject(String text, String field) {
        JsonNode node = PyJson.parse(text, field);
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for parameter '" + field
                    + "': expected a JSON object of tags, got " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }
}
