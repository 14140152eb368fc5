package dev.labbook.api;

import static dev.labbook.api.ApiClient.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.api.ApiClient.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Calls of the evaluation dataset API (/api/3.0/mlflow/datasets), as the client makes them. */
final class EvalDatasets {
    static final String V3 = "/api/3.0/mlflow/datasets";

    private final ApiClient api;

    EvalDatasets(ApiClient api) {
        this.api = api;
    }

    /** A new dataset; tags as a JSON object text (or null for none). The create answer's dataset. */
    JsonNode create(String name, List<String> experimentIds, String tagsJson) {
        ObjectNode body = obj("name", name, "experiment_ids", experimentIds);
        if (tagsJson != null) {
            body.put("tags", tagsJson);
        }
        return api.post(V3 + "/create", body).ok().path("dataset");
    }

    JsonNode get(String datasetId) {
        return api.get(V3 + "/" + datasetId).ok().path("dataset");
    }

    Response upsertRaw(String datasetId, String recordsJson) {
        return api.post(V3 + "/" + datasetId + "/records", obj("records", recordsJson));
    }

    /** Upserts and returns {inserted, updated}. */
    int[] upsert(String datasetId, String recordsJson) {
        JsonNode answer = upsertRaw(datasetId, recordsJson).ok();
        return new int[] {answer.path("inserted_count").asInt(-1), answer.path("updated_count").asInt(-1)};
    }

    /** One page: the parsed records array and the next token (null on the last page). */
    record RecordsPage(List<JsonNode> records, String next) {}

    RecordsPage page(String datasetId, int maxResults, String token) {
        List<String> query = new ArrayList<>(List.of("max_results", Integer.toString(maxResults)));
        if (token != null) {
            query.addAll(List.of("page_token", token));
        }
        JsonNode answer = api.get(V3 + "/" + datasetId + "/records", query.toArray(String[]::new)).ok();
        JsonNode next = answer.path("next_page_token");
        return new RecordsPage(Tracking.list(parse(answer.path("records").asText())),
                next.isMissingNode() ? null : next.asText());
    }

    /** Every record, page by page as the client reads them. */
    List<JsonNode> all(String datasetId) {
        List<JsonNode> records = new ArrayList<>();
        String token = null;
        do {
            RecordsPage page = page(datasetId, 1000, token);
            records.addAll(page.records());
            token = page.next();
        } while (token != null);
        return records;
    }

    int deleteRecords(String datasetId, List<String> ids) {
        return api.send("DELETE", V3 + "/" + datasetId + "/records",
                ApiClient.write(obj("dataset_record_ids", ids)), "application/json").ok().path("deleted_count").asInt(-1);
    }

    Response setTags(String datasetId, String tagsJson) {
        return api.send("PATCH", V3 + "/" + datasetId + "/tags", ApiClient.write(obj("tags", tagsJson)),
                "application/json");
    }

    Response search(Object... fields) {
        return api.post(V3 + "/search", obj(fields));
    }

    /** The names of one search page, in order. */
    List<String> names(JsonNode searchAnswer) {
        List<String> names = new ArrayList<>();
        searchAnswer.path("datasets").forEach(d -> names.add(d.path("name").asText()));
        return names;
    }

    static JsonNode parse(String json) {
        try {
            return ApiClient.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
