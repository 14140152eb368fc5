package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.MAX_DOUBLE;
import static dev.labbook.api.Tracking.metric;
import static dev.labbook.api.Tracking.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metric values and the latest-value rule (protocol §1.3, §4.3). NaN is stored as a flag and sent
 * back as "NaN"; MLflow's SQL store keeps ±infinity as ±Double.MAX_VALUE, so either that number or
 * the proto3 strings "Infinity"/"-Infinity" are acceptable answers.
 */
public interface MetricValuesContract extends ServerContract {

    private String freshRun() {
        return tracking().newRun(tracking().newExperiment());
    }

    private static void assertPositiveInfinity(JsonNode metric) {
        double v = value(metric);
        assertTrue(v == MAX_DOUBLE || v == Double.POSITIVE_INFINITY, () -> "+inf expected: " + metric);
    }

    private static void assertNegativeInfinity(JsonNode metric) {
        double v = value(metric);
        assertTrue(v == -MAX_DOUBLE || v == Double.NEGATIVE_INFINITY, () -> "-inf expected: " + metric);
    }

    private static void assertNan(JsonNode metric) {
        assertEquals("NaN", metric.path("value").asText(), () -> "NaN must be sent as the string \"NaN\": " + metric);
        assertTrue(metric.path("value").isTextual(), metric::toString);
    }

    @Test
    default void nanAndInfinitiesSentAsStrings() {
        String runId = freshRun();
        tracking().logMetric(runId, "nan", "NaN", 1, 0);
        tracking().logMetric(runId, "pinf", "Infinity", 1, 0);
        tracking().logMetric(runId, "ninf", "-Infinity", 1, 0);
        assertNan(tracking().history(runId, "nan").get(0));
        assertPositiveInfinity(tracking().history(runId, "pinf").get(0));
        assertNegativeInfinity(tracking().history(runId, "ninf").get(0));
        Map<String, JsonNode> latest = Tracking.latestMetrics(tracking().run(runId));
        assertNan(latest.get("nan"));
        assertPositiveInfinity(latest.get("pinf"));
        assertNegativeInfinity(latest.get("ninf"));
    }

    /** Python's json module writes NaN and Infinity as bare tokens; the server must read them. */
    @Test
    default void nanAndInfinitiesSentAsBareJsonNumbers() {
        String runId = freshRun();
        String body = "{\"run_id\": \"" + runId + "\", \"metrics\": ["
                + "{\"key\": \"nan\", \"value\": NaN, \"timestamp\": 1, \"step\": 0},"
                + "{\"key\": \"pinf\", \"value\": Infinity, \"timestamp\": 1, \"step\": 0},"
                + "{\"key\": \"ninf\", \"value\": -Infinity, \"timestamp\": 1, \"step\": 0},"
                + "{\"key\": \"overflow\", \"value\": 1e400, \"timestamp\": 1, \"step\": 0}]}";
        api().postRaw(API + "/runs/log-batch", body, "application/json").ok();
        api().postRaw(API + "/runs/log-metric", "{\"run_id\": \"" + runId
                + "\", \"key\": \"single\", \"value\": NaN, \"timestamp\": 5}", "application/json").ok();
        assertNan(tracking().history(runId, "nan").get(0));
        assertNan(tracking().history(runId, "single").get(0));
        assertPositiveInfinity(tracking().history(runId, "pinf").get(0));
        assertNegativeInfinity(tracking().history(runId, "ninf").get(0));
        assertPositiveInfinity(tracking().history(runId, "overflow").get(0));
    }

    @Test
    default void extremeFiniteDoublesRoundTripExactly() {
        String runId = freshRun();
        List<Double> values = List.of(Double.MIN_VALUE, -Double.MIN_VALUE, 0.1 + 0.2, 1e-300, -1.2345678901234567e300,
                123456789.123456789, -0.5);
        for (int i = 0; i < values.size(); i++) {
            tracking().logMetric(runId, "x", values.get(i), 10 + i, i);
        }
        List<JsonNode> history = tracking().history(runId, "x");
        assertEquals(values, history.stream().map(Tracking::value).toList());
    }

    @Test
    default void latestMetricIsHighestStepThenTimestampThenValue() {
        String runId = freshRun();
        tracking().logMetric(runId, "m", 5.0, 100, 2);
        tracking().logMetric(runId, "m", 99.0, 999, 1);
        assertLatest(runId, "m", 5.0, 100, 2);
        tracking().logMetric(runId, "m", 1.0, 101, 2);
        assertLatest(runId, "m", 1.0, 101, 2);
        tracking().logMetric(runId, "m", 0.5, 101, 2);
        assertLatest(runId, "m", 1.0, 101, 2);
        tracking().logMetric(runId, "m", 3.0, 101, 2);
        assertLatest(runId, "m", 3.0, 101, 2);
        tracking().logMetric(runId, "m", -7.0, 1, 3);
        assertLatest(runId, "m", -7.0, 1, 3);
        assertEquals(6, tracking().history(runId, "m").size());
    }

    @Test
    default void latestMetricWithinOneBatchFollowsTheSameRule() {
        String runId = freshRun();
        tracking().logBatch(runId, List.of(metric("m", 10, 5, 1), metric("m", 2, 50, 3), metric("m", 1, 60, 3),
                metric("m", 8, 60, 3), metric("m", 100, 999, 2)), List.of(), List.of());
        assertLatest(runId, "m", 8.0, 60, 3);
        tracking().logBatch(runId, List.of(metric("m", 7, 60, 3), metric("m", 1, 1, 0)), List.of(), List.of());
        assertLatest(runId, "m", 8.0, 60, 3);
    }

    /** NaN compares as its stored 0: a real value above 0 at the same step and time beats it. */
    @Test
    default void nanTakesPartInTheLatestRuleAsZero() {
        String runId = freshRun();
        tracking().logMetric(runId, "m", "NaN", 10, 4);
        assertNan(Tracking.latestMetrics(tracking().run(runId)).get("m"));
        tracking().logMetric(runId, "m", -1.0, 10, 4);
        assertNan(Tracking.latestMetrics(tracking().run(runId)).get("m"));
        tracking().logMetric(runId, "m", 0.5, 10, 4);
        assertLatest(runId, "m", 0.5, 10, 4);
        tracking().logMetric(runId, "m", "NaN", 11, 4);
        assertNan(Tracking.latestMetrics(tracking().run(runId)).get("m"));
    }

    @Test
    default void exactDuplicatePointsAreStoredOnce() {
        String runId = freshRun();
        tracking().logMetric(runId, "m", 1.5, 10, 1);
        tracking().logMetric(runId, "m", 1.5, 10, 1);
        tracking().logBatch(runId, List.of(metric("m", 1.5, 10, 1), metric("m", 1.5, 10, 1), metric("m", 2.5, 10, 1)),
                List.of(), List.of());
        tracking().logMetric(runId, "m", "NaN", 10, 1);
        tracking().logMetric(runId, "m", "NaN", 10, 1);
        List<JsonNode> history = tracking().history(runId, "m");
        assertEquals(3, history.size(), history::toString);
    }

    private void assertLatest(String runId, String key, double value, long timestamp, long step) {
        JsonNode latest = Tracking.latestMetrics(tracking().run(runId)).get(key);
        assertEquals(obj("key", key, "value", value, "timestamp", timestamp, "step", step), latest);
        JsonNode searched = tracking().searchRuns(List.of(tracking().run(runId).path("info").path("experiment_id")
                .asText()), "filter", "attributes.run_id = '" + runId + "'").path("runs").get(0);
        assertEquals(latest, Tracking.latestMetrics(searched).get(key), "search-runs shows the same latest value");
    }
}
