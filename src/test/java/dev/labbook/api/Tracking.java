package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test fixtures over the REST API: create things through the protocol, read them back the same way. */
public final class Tracking {
    /** What MLflow's SQL store hands back for +infinity. */
    public static final double MAX_DOUBLE = 1.7976931348623157E308;

    private final ApiClient api;

    public Tracking(ApiClient api) {
        this.api = api;
    }

    public ApiClient api() {
        return api;
    }

    /** A name no earlier test run can have used: the database may be shared and reused. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public String createExperiment(String name) {
        JsonNode body = api.post(API + "/experiments/create", obj("name", name)).ok();
        String id = body.path("experiment_id").asText();
        assertTrue(body.path("experiment_id").isTextual() && id.matches("\\d+"), () -> "experiment_id: " + body);
        return id;
    }

    public String newExperiment() {
        return createExperiment(unique("exp"));
    }

    public JsonNode experiment(String id) {
        return api.get(API + "/experiments/get", "experiment_id", id).ok().path("experiment");
    }

    public JsonNode createRun(String experimentId, Object... extraFields) {
        ObjectNode body = obj(extraFields);
        body.put("experiment_id", experimentId);
        return api.post(API + "/runs/create", body).ok().path("run");
    }

    public String newRun(String experimentId) {
        return createRun(experimentId).path("info").path("run_id").asText();
    }

    public JsonNode run(String runId) {
        return api.get(API + "/runs/get", "run_id", runId).ok().path("run");
    }

    public void logBatch(String runId, List<?> metrics, List<?> params, List<?> tags) {
        api.post(API + "/runs/log-batch", obj("run_id", runId, "metrics", metrics, "params", params, "tags", tags)).ok();
    }

    public void logMetric(String runId, String key, Object value, long timestamp, long step) {
        api.post(API + "/runs/log-metric",
                obj("run_id", runId, "key", key, "value", value, "timestamp", timestamp, "step", step)).ok();
    }

    public static ObjectNode metric(String key, Object value, long timestamp, long step) {
        return obj("key", key, "value", value, "timestamp", timestamp, "step", step);
    }

    public static ObjectNode kv(String key, String value) {
        return obj("key", key, "value", value);
    }

    /** The whole history of one metric, as one unpaged answer. */
    public List<JsonNode> history(String runId, String key) {
        JsonNode body = api.get(API + "/metrics/get-history", "run_id", runId, "metric_key", key).ok();
        assertTrue(body.path("next_page_token").isMissingNode(), () -> "unpaged history has a token: " + body);
        return list(body.path("metrics"));
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    public static Map<String, String> params(JsonNode run) {
        return keyValues(run.path("data").path("params"));
    }

    public static Map<String, String> tags(JsonNode run) {
        return keyValues(run.path("data").path("tags"));
    }

    public static Map<String, JsonNode> latestMetrics(JsonNode run) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        run.path("data").path("metrics").forEach(m -> out.put(m.path("key").asText(), m));
        return out;
    }

    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> out = new LinkedHashMap<>();
        array.forEach(kv -> out.put(kv.path("key").asText(), kv.path("value").asText()));
        return out;
    }

    /** One page of search-runs in these experiments. */
    public JsonNode searchRuns(List<String> experimentIds, Object... fields) {
        ObjectNode body = obj(fields);
        body.set("experiment_ids", ApiClient.MAPPER.valueToTree(experimentIds));
        return api.post(API + "/runs/search", body).ok();
    }

    public static List<String> runIds(JsonNode searchAnswer) {
        List<String> ids = new ArrayList<>();
        searchAnswer.path("runs").forEach(r -> ids.add(r.path("info").path("run_id").asText()));
        return ids;
    }

    /** The numeric value of a metric as sent: a JSON number, or one of "NaN", "Infinity", "-Infinity". */
    public static double value(JsonNode metric) {
        JsonNode v = metric.path("value");
        if (v.isNumber()) {
            return v.asDouble();
        }
        return switch (v.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new AssertionError("metric value is neither a number nor NaN/Infinity: " + metric);
        };
    }
}
