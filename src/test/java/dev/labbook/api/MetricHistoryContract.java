package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.Tracking.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** get-history (paged), get-history-bulk-interval (sampled) and the UI's get-history-bulk, protocol §2.3, §2.16. */
public interface MetricHistoryContract extends ServerContract {
    String HISTORY = API + "/metrics/get-history";
    String BULK = API + "/metrics/get-history-bulk-interval";
    String LEGACY_BULK = ApiClient.AJAX + "/metrics/get-history-bulk";

    private String runWithPoints(String key, int count) {
        String runId = tracking().newRun(tracking().newExperiment());
        List<ObjectNode> points = IntStream.range(0, count).mapToObj(i -> metric(key, i * 1.5, 1000 + i, i)).toList();
        tracking().logBatch(runId, points, List.of(), List.of());
        return runId;
    }

    private static List<Long> steps(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.path("step").asLong()).toList();
    }

    @Test
    default void historyIsOrderedByTimestampThenStepThenValue() {
        String runId = tracking().newRun(tracking().newExperiment());
        tracking().logBatch(runId, List.of(metric("m", 3, 20, 1), metric("m", 1, 10, 5), metric("m", 2, 20, 0),
                metric("m", "NaN", 20, 1), metric("m", 0.5, 20, 1), metric("m", 9, 5, 9)), List.of(), List.of());
        List<JsonNode> h = tracking().history(runId, "m");
        assertEquals(List.of(9L, 5L, 0L, 1L, 1L, 1L), steps(h));
        assertEquals(List.of(5L, 10L, 20L, 20L, 20L, 20L), h.stream().map(m -> m.path("timestamp").asLong()).toList());
        assertEquals("NaN", h.get(3).path("value").asText(), "NaN sorts as its stored 0");
        assertEquals(0.5, h.get(4).path("value").asDouble());
        assertEquals(3.0, h.get(5).path("value").asDouble());
        assertTrue(h.stream().allMatch(m -> m.path("key").asText().equals("m")));
    }

    @Test
    default void historyPagesFollowTokensWithoutGapsOrDuplicates() {
        String runId = runWithPoints("m", 25);
        List<JsonNode> all = tracking().history(runId, "m");
        assertEquals(25, all.size());
        List<JsonNode> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            List<String> q = new ArrayList<>(List.of("run_id", runId, "metric_key", "m", "max_results", "7"));
            if (token != null) {
                q.addAll(List.of("page_token", token));
            }
            JsonNode page = api().get(HISTORY, q.toArray(String[]::new)).ok();
            assertTrue(page.path("metrics").size() <= 7, page::toString);
            page.path("metrics").forEach(paged::add);
            token = page.path("next_page_token").isMissingNode() ? null : page.path("next_page_token").asText();
            pages++;
        } while (token != null && pages < 20);
        assertEquals(4, pages);
        assertEquals(all, paged);
    }

    @Test
    default void historyLastFullPageHasNoToken() {
        String runId = runWithPoints("m", 6);
        JsonNode page = api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", "3").ok();
        JsonNode last = api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", "3",
                "page_token", page.path("next_page_token").asText()).ok();
        assertEquals(3, last.path("metrics").size());
        assertTrue(last.path("next_page_token").isMissingNode(), last::toString);
        JsonNode exact = api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", "6").ok();
        assertTrue(exact.path("next_page_token").isMissingNode(), exact::toString);
    }

    @Test
    default void historyAcceptsRunUuidAndAnswersEmptyForAnUnknownKey() {
        String runId = runWithPoints("m", 3);
        assertEquals(3, api().get(HISTORY, "run_uuid", runId, "metric_key", "m").ok().path("metrics").size());
        JsonNode none = api().get(HISTORY, "run_id", runId, "metric_key", "other").ok();
        assertTrue(none.path("metrics").isMissingNode() || none.path("metrics").isEmpty(), none::toString);
        assertTrue(none.path("next_page_token").isMissingNode(), none::toString);
    }

    @Test
    default void historyBadInput() {
        String runId = runWithPoints("m", 3);
        api().get(HISTORY, "run_id", runId).error(400, "INVALID_PARAMETER_VALUE");
        api().get(HISTORY, "metric_key", "m").error(400, "INVALID_PARAMETER_VALUE");
        api().get(HISTORY, "run_id", runId, "metric_key", "").error(400, "INVALID_PARAMETER_VALUE");
        api().get(HISTORY, "run_id", "0123456789abcdef0123456789abcdef", "metric_key", "m")
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", "abc").error(400, "INVALID_PARAMETER_VALUE");
        for (String garbage : List.of("garbage", "%%%", "W10", "WyJhIiwiYiIsImMiLCJkIl0")) {
            api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", "2", "page_token", garbage)
                    .error(400, "INVALID_PARAMETER_VALUE");
        }
    }

    /** MLflow 3.17 rejects an explicit max_results of 0 or less (an absent one means "everything"). */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    default void historyRejectsANonPositiveMaxResults(String maxResults) {
        String runId = runWithPoints("m", 3);
        api().get(HISTORY, "run_id", runId, "metric_key", "m", "max_results", maxResults)
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void bulkIntervalReturnsEveryRunWithItsId() {
        String a = runWithPoints("m", 5);
        String b = runWithPoints("m", 3);
        JsonNode body = api().get(BULK, "run_ids", a, "run_ids", b, "metric_key", "m").ok();
        List<JsonNode> metrics = Tracking.list(body.path("metrics"));
        assertEquals(8, metrics.size(), body::toString);
        assertEquals(5, metrics.stream().filter(m -> m.path("run_id").asText().equals(a)).count());
        assertEquals(3, metrics.stream().filter(m -> m.path("run_id").asText().equals(b)).count());
        JsonNode first = metrics.stream().filter(m -> m.path("run_id").asText().equals(a)).findFirst().orElseThrow();
        assertEquals("m", first.path("key").asText());
        assertEquals(0, first.path("step").asLong());
        assertEquals(1000, first.path("timestamp").asLong());
        List<JsonNode> ofA = metrics.stream().filter(m -> m.path("run_id").asText().equals(a)).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), steps(ofA));
    }

    @Test
    default void bulkIntervalSamplesWithinMaxResultsAndKeepsTheEnds() {
        String runId = runWithPoints("m", 100);
        for (int maxResults : List.of(10, 7, 2)) {
            JsonNode body = api().get(BULK, "run_ids", runId, "metric_key", "m",
                    "max_results", Integer.toString(maxResults)).ok();
            List<Long> steps = steps(Tracking.list(body.path("metrics")));
            assertTrue(steps.size() <= maxResults && steps.size() >= Math.min(maxResults, 2), steps::toString);
            assertEquals(0L, steps.get(0), () -> "first point kept: " + steps);
            assertEquals(99L, steps.get(steps.size() - 1), () -> "last point kept: " + steps);
            assertEquals(steps.stream().sorted(Comparator.naturalOrder()).distinct().toList(), steps,
                    "ascending steps, no repeats");
        }
        JsonNode one = api().get(BULK, "run_ids", runId, "metric_key", "m", "max_results", "1").ok();
        assertEquals(List.of(99L), steps(Tracking.list(one.path("metrics"))), "max_results=1 keeps the last point");
    }

    @Test
    default void bulkIntervalStepRange() {
        String runId = runWithPoints("m", 50);
        JsonNode body = api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "10", "end_step", "20").ok();
        assertEquals(LongStreamRange.of(10, 20), steps(Tracking.list(body.path("metrics"))));
        JsonNode single = api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "7", "end_step", "7").ok();
        assertEquals(List.of(7L), steps(Tracking.list(single.path("metrics"))));
        JsonNode sampled = api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "10", "end_step", "40",
                "max_results", "5").ok();
        List<Long> steps = steps(Tracking.list(sampled.path("metrics")));
        assertTrue(steps.size() <= 5 && steps.get(0) == 10L && steps.get(steps.size() - 1) == 40L, steps::toString);
    }

    /**
     * A dense series (one point per step, no gaps) is sampled from its stored step range; any other
     * is ranked in SQL. Three runs hold the same points: logged at once, logged end first (still
     * dense), and with a retried duplicate batch (no longer provably dense). All answer alike.
     */
    @Test
    default void bulkIntervalAnswersAlikeWhetherOrNotTheSeriesIsKnownDense() {
        String experiment = tracking().newExperiment();
        List<ObjectNode> points = IntStream.range(0, 97).mapToObj(i -> metric("m", (i * 31) % 17, 1000 + i, i)).toList();
        String atOnce = tracking().newRun(experiment);
        tracking().logBatch(atOnce, points, List.of(), List.of());
        String endFirst = tracking().newRun(experiment);
        tracking().logBatch(endFirst, points.subList(60, 97), List.of(), List.of());
        tracking().logBatch(endFirst, points.subList(0, 60), List.of(), List.of());
        String retried = tracking().newRun(experiment);
        tracking().logBatch(retried, points, List.of(), List.of());
        tracking().logBatch(retried, points.subList(10, 20), List.of(), List.of());
        List<List<String>> queries = List.of(List.of(), List.of("max_results", "10"), List.of("max_results", "1"),
                List.of("max_results", "96"), List.of("max_results", "7", "start_step", "5", "end_step", "60"),
                List.of("max_results", "3", "start_step", "90", "end_step", "500"),
                List.of("start_step", "200", "end_step", "300"));
        for (List<String> query : queries) {
            List<List<String>> answers = new ArrayList<>();
            for (String runId : List.of(atOnce, endFirst, retried)) {
                List<String> q = new ArrayList<>(List.of("run_ids", runId, "metric_key", "m"));
                q.addAll(query);
                answers.add(Tracking.list(api().get(BULK, q.toArray(String[]::new)).ok().path("metrics")).stream()
                        .map(m -> m.path("step").asLong() + "@" + m.path("timestamp").asLong() + "=" + m.path("value").asDouble())
                        .toList());
            }
            assertEquals(answers.get(0), answers.get(1), query::toString);
            assertEquals(answers.get(0), answers.get(2), query::toString);
        }
    }

    @Test
    default void bulkIntervalBadInput() {
        String runId = runWithPoints("m", 3);
        api().get(BULK, "metric_key", "m").error(400, "INVALID_PARAMETER_VALUE");
        api().get(BULK, "run_ids", runId).error(400, "INVALID_PARAMETER_VALUE");
        for (String max : List.of("0", "2501", "-5", "abc", "4294967297")) {
            api().get(BULK, "run_ids", runId, "metric_key", "m", "max_results", max).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().get(BULK, "run_ids", runId, "metric_key", "m", "max_results", "2500").ok();
        api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "1").error(400, "INVALID_PARAMETER_VALUE");
        api().get(BULK, "run_ids", runId, "metric_key", "m", "end_step", "1").error(400, "INVALID_PARAMETER_VALUE");
        api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "5", "end_step", "4")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(BULK, "run_ids", runId, "metric_key", "m", "start_step", "a", "end_step", "4")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(BULK, "run_ids", runId, "run_ids", "0123456789abcdef0123456789abcdef", "metric_key", "m")
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.addAll(List.of("run_ids", runId));
        }
        tooMany.addAll(List.of("metric_key", "m"));
        api().get(BULK, tooMany.toArray(String[]::new)).error(400, "INVALID_PARAMETER_VALUE");
    }

    /** MLflow's hand-registered ajax route: repeated run_id, all points of every run, ordered by run. */
    @Test
    default void legacyBulkHistoryReturnsEveryRunsPoints() {
        String a = runWithPoints("m", 4);
        String b = runWithPoints("m", 2);
        JsonNode body = api().get(LEGACY_BULK, "run_id", a, "run_id", b, "metric_key", "m").ok();
        List<JsonNode> metrics = Tracking.list(body.path("metrics"));
        assertEquals(6, metrics.size(), body::toString);
        String first = a.compareTo(b) < 0 ? a : b;
        assertEquals(first, metrics.get(0).path("run_id").asText(), "ordered by run id");
        List<JsonNode> ofA = metrics.stream().filter(m -> m.path("run_id").asText().equals(a)).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L), steps(ofA));
        assertEquals(1000L, ofA.get(0).path("timestamp").asLong());
        assertEquals("m", ofA.get(0).path("key").asText());
        assertEquals(4.5, ofA.get(3).path("value").asDouble());
        JsonNode capped = api().get(LEGACY_BULK, "run_id", a, "run_id", b, "metric_key", "m", "max_results", "3").ok();
        assertEquals(3, capped.path("metrics").size(), capped::toString);
        JsonNode none = api().get(LEGACY_BULK, "run_id", a, "metric_key", "other").ok();
        assertTrue(none.path("metrics").isArray() && none.path("metrics").isEmpty(),
                () -> "this route always sends the list: " + none);
    }

    @Test
    default void legacyBulkHistoryBadInput() {
        String runId = runWithPoints("m", 2);
        api().get(LEGACY_BULK, "metric_key", "m").error(400, "INVALID_PARAMETER_VALUE");
        api().get(LEGACY_BULK, "run_ids", runId, "metric_key", "m").error(400, "INVALID_PARAMETER_VALUE");
        api().get(LEGACY_BULK, "run_id", runId).error(400, "INVALID_PARAMETER_VALUE");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.addAll(List.of("run_id", runId));
        }
        tooMany.addAll(List.of("metric_key", "m"));
        api().get(LEGACY_BULK, tooMany.toArray(String[]::new)).error(400, "INVALID_PARAMETER_VALUE");
    }

    /** Tiny helper: the list [from, to] of longs. */
    final class LongStreamRange {
        private LongStreamRange() {}

        static List<Long> of(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
            return out;
        }
    }
}
