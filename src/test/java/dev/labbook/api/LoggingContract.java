package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.kv;
import static dev.labbook.api.Tracking.metric;
import static dev.labbook.api.Tracking.params;
import static dev.labbook.api.Tracking.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** log-parameter, log-metric and log-batch (protocol §2.2, §4.1, §4.3). */
public interface LoggingContract extends ServerContract {
    String UNKNOWN_RUN = "fedcba9876543210fedcba9876543210";

    private String freshRun() {
        return tracking().newRun(tracking().newExperiment());
    }

    /** Nothing at all was logged to the run: no params, no metrics, only the run-name tag. */
    private void assertRunIsEmpty(String runId) {
        JsonNode run = tracking().run(runId);
        assertEquals(Map.of(), params(run), run::toString);
        assertEquals(Map.of(), Tracking.latestMetrics(run), run::toString);
        assertEquals(List.of("mlflow.runName"), List.copyOf(tags(run).keySet()), run::toString);
    }

    @Test
    default void logParamStoresAndAllowsTheSameValueAgain() {
        String runId = freshRun();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "lr", "value", "0.1")).ok();
        api().post(API + "/runs/log-parameter", obj("run_uuid", runId, "key", "lr", "value", "0.1")).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "LR", "value", "other case")).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "empty")).ok();
        assertEquals(Map.of("lr", "0.1", "LR", "other case", "empty", ""), params(tracking().run(runId)));
    }

    @Test
    default void changingAParamValueIsRejectedAndKeepsTheOldValue() {
        String runId = freshRun();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "lr", "value", "0.1")).ok();
        var r = api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "lr", "value", "0.2"))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains("Changing param values is not allowed"), r::message);
        api().post(API + "/runs/log-batch", obj("run_id", runId, "params", List.of(kv("lr", "0.3"), kv("new", "1")),
                "metrics", List.of(metric("m", 1, 1, 0)))).error(400, "INVALID_PARAMETER_VALUE");
        JsonNode run = tracking().run(runId);
        assertEquals(Map.of("lr", "0.1"), params(run));
        assertEquals(Map.of(), Tracking.latestMetrics(run));
    }

    @Test
    default void paramValuesOver6000CharactersAreTruncated() {
        String runId = freshRun();
        String emoji = "\uD83D\uDE00";
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "long", "value", "p".repeat(7000))).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "exact", "value", "e".repeat(6000))).ok();
        tracking().logBatch(runId, List.of(), List.of(kv("batched", "b".repeat(6001))), List.of());
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "emoji", "value", emoji.repeat(6001))).ok();
        Map<String, String> params = params(tracking().run(runId));
        assertEquals("p".repeat(6000), params.get("long"));
        assertEquals("e".repeat(6000), params.get("exact"));
        assertEquals("b".repeat(6000), params.get("batched"));
        String cut = params.get("emoji");
        assertEquals(6000, cut.codePointCount(0, cut.length()), "6000 characters, not 6000 UTF-16 units");
        assertTrue(cut.equals(emoji.repeat(6000)), "the value is cut between characters, not inside one");
        // the same long value again is the same (truncated) value, not a change
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "long", "value", "p".repeat(7000))).ok();
    }

    @Test
    default void logParamBadInputIsRejectedAndWritesNothing() {
        String runId = freshRun();
        String logParam = API + "/runs/log-parameter";
        for (String bad : List.of("../x", "a//b", "/abs", "bad*char", "k".repeat(251), "")) {
            api().post(logParam, obj("run_id", runId, "key", bad, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(logParam, obj("run_id", runId, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(logParam, obj("key", "k", "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(logParam, obj("run_id", runId, "key", List.of("k"), "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(logParam, obj("run_id", UNKNOWN_RUN, "key", "k", "value", "v")).error(404, "RESOURCE_DOES_NOT_EXIST");
        assertRunIsEmpty(runId);
        api().post(logParam, obj("run_id", runId, "key", "k".repeat(250), "value", "v")).ok();
    }

    @Test
    default void logMetricStoresOnePoint() {
        String runId = freshRun();
        api().post(API + "/runs/log-metric", obj("run_id", runId, "key", "loss", "value", 0.25, "timestamp", 1000,
                "step", 7)).ok();
        api().post(API + "/runs/log-metric", obj("run_uuid", runId, "key", "acc", "value", 1, "timestamp", 5)).ok();
        JsonNode loss = tracking().history(runId, "loss").get(0);
        assertEquals(obj("key", "loss", "value", 0.25, "timestamp", 1000, "step", 7), loss);
        JsonNode acc = tracking().history(runId, "acc").get(0);
        assertEquals(0, acc.path("step").asLong(), "step defaults to 0");
        assertEquals(1.0, acc.path("value").asDouble());
    }

    @Test
    default void logMetricBadInputIsRejectedAndWritesNothing() {
        String runId = freshRun();
        String logMetric = API + "/runs/log-metric";
        List<ObjectNode> bad = List.of(
                obj("run_id", runId, "key", "m", "value", 1),
                obj("run_id", runId, "key", "m", "timestamp", 1),
                obj("run_id", runId, "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "", "value", 1, "timestamp", 1),
                obj("key", "m", "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "m", "value", 1, "timestamp", "x"),
                obj("run_id", runId, "key", "m", "value", 1, "timestamp", -1),
                obj("run_id", runId, "key", "m", "value", "abc", "timestamp", 1),
                obj("run_id", runId, "key", "m", "value", List.of(1), "timestamp", 1),
                obj("run_id", runId, "key", "m", "value", 1, "timestamp", 1, "step", "first"),
                obj("run_id", runId, "key", "../m", "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "a//b", "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "/m", "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "m*", "value", 1, "timestamp", 1),
                obj("run_id", runId, "key", "m".repeat(251), "value", 1, "timestamp", 1));
        for (ObjectNode body : bad) {
            api().post(logMetric, body).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(logMetric, obj("run_id", UNKNOWN_RUN, "key", "m", "value", 1, "timestamp", 1))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertRunIsEmpty(runId);
        assertEquals(List.of(), tracking().history(runId, "m"));
    }

    @Test
    default void logBatchStoresMetricsParamsAndTags() {
        String runId = freshRun();
        List<ObjectNode> metrics = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            metrics.add(metric("m" + (i % 3), i * 0.5, 1000 + i, i));
        }
        List<ObjectNode> params = IntStream.range(0, 50).mapToObj(i -> kv("p" + i, "v" + i)).toList();
        List<ObjectNode> tags = IntStream.range(0, 50).mapToObj(i -> kv("t" + i, "w" + i)).toList();
        tracking().logBatch(runId, metrics, params, tags);
        JsonNode run = tracking().run(runId);
        assertEquals(50, params(run).size());
        assertEquals("v49", params(run).get("p49"));
        assertEquals(51, tags(run).size());
        assertEquals(300, tracking().history(runId, "m0").size());
        assertEquals(899, Tracking.latestMetrics(run).get("m2").path("step").asLong());
    }

    @Test
    default void logBatchAtTheLimitsIsAccepted() {
        String runId = freshRun();
        List<ObjectNode> metrics = IntStream.range(0, 1000).mapToObj(i -> metric("m", i, i, i)).toList();
        tracking().logBatch(runId, metrics, List.of(), List.of());
        String other = freshRun();
        List<ObjectNode> params = IntStream.range(0, 100).mapToObj(i -> kv("p" + i, "v")).toList();
        List<ObjectNode> tags = IntStream.range(0, 100).mapToObj(i -> kv("t" + i, "v")).toList();
        List<ObjectNode> some = IntStream.range(0, 800).mapToObj(i -> metric("n", i, i, i)).toList();
        tracking().logBatch(other, some, params, tags);
        assertEquals(1000, tracking().history(runId, "m").size());
        assertEquals(100, params(tracking().run(other)).size());
    }

    @Test
    default void logBatchOverTheLimitsIsRejectedAndWritesNothing() {
        String runId = freshRun();
        List<ObjectNode> m1001 = IntStream.range(0, 1001).mapToObj(i -> metric("m", i, i, i)).toList();
        List<ObjectNode> p101 = IntStream.range(0, 101).mapToObj(i -> kv("p" + i, "v")).toList();
        List<ObjectNode> t101 = IntStream.range(0, 101).mapToObj(i -> kv("t" + i, "v")).toList();
        List<ObjectNode> m900 = IntStream.range(0, 900).mapToObj(i -> metric("m", i, i, i)).toList();
        List<ObjectNode> p100 = p101.subList(0, 100);
        String logBatch = API + "/runs/log-batch";
        api().post(logBatch, obj("run_id", runId, "metrics", m1001)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(logBatch, obj("run_id", runId, "params", p101)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(logBatch, obj("run_id", runId, "tags", t101)).error(400, "INVALID_PARAMETER_VALUE");
        var r = api().post(logBatch, obj("run_id", runId, "metrics", m900, "params", p100, "tags", List.of(kv("t", "v"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains("1000") && r.message().contains("1001"), r::message);
        assertRunIsEmpty(runId);
    }

    @Test
    default void logBatchWithOneBadMetricStoresNothing() {
        String runId = freshRun();
        List<ObjectNode> metrics = new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> metric("good", i, i, i)).toList());
        metrics.add(10, obj("key", "bad", "value", 1.0, "timestamp", "x"));
        var r = api().post(API + "/runs/log-batch", obj("run_id", runId, "metrics", metrics,
                "params", List.of(kv("p", "v")), "tags", List.of(kv("t", "v")))).error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains("metrics[10]"), () -> "error names the JSON path: " + r.message());
        assertRunIsEmpty(runId);
        assertEquals(List.of(), tracking().history(runId, "good"));
    }

    @Test
    default void logBatchBadShapesAreRejectedAndWriteNothing() {
        String runId = freshRun();
        String logBatch = API + "/runs/log-batch";
        List<ObjectNode> bad = List.of(
                obj("metrics", List.of(metric("m", 1, 1, 0))),
                obj("run_id", "", "metrics", List.of(metric("m", 1, 1, 0))),
                obj("run_id", runId, "metrics", obj("key", "m")),
                obj("run_id", runId, "metrics", List.of("m")),
                obj("run_id", runId, "metrics", List.of(obj("key", "m", "value", 1))),
                obj("run_id", runId, "metrics", List.of(obj("value", 1, "timestamp", 1))),
                obj("run_id", runId, "params", List.of(obj("value", "v"))),
                obj("run_id", runId, "params", List.of(kv("p", "1"), kv("p", "1"))),
                obj("run_id", runId, "params", List.of(kv("a//b", "1"))),
                obj("run_id", runId, "tags", List.of(obj("value", "v"))),
                obj("run_id", runId, "tags", List.of(kv("/abs", "v"))),
                obj("run_id", runId, "metrics", List.of(metric("m", 1, 1, 0)), "tags", List.of(kv("t".repeat(251), "v"))));
        for (ObjectNode body : bad) {
            api().post(logBatch, body).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(logBatch, obj("run_id", UNKNOWN_RUN, "metrics", List.of(metric("m", 1, 1, 0))))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertRunIsEmpty(runId);
        api().post(logBatch, obj("run_id", runId)).ok();
        assertRunIsEmpty(runId);
    }

    @Test
    default void loggingToADeletedRunIsRejected() {
        String runId = freshRun();
        api().post(API + "/runs/delete", obj("run_id", runId)).ok();
        api().post(API + "/runs/log-batch", obj("run_id", runId, "metrics", List.of(metric("m", 1, 1, 0))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/log-metric", obj("run_id", runId, "key", "m", "value", 1, "timestamp", 1))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "p", "value", "v"))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/log-inputs", obj("run_id", runId, "datasets", List.of(DatasetsContract.dataset("d", "training"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/restore", obj("run_id", runId)).ok();
        assertRunIsEmpty(runId);
        assertEquals(0, tracking().run(runId).path("inputs").path("dataset_inputs").size());
    }
}
