package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.kv;
import static dev.labbook.api.Tracking.metric;
import static dev.labbook.api.Tracking.runIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** search-runs: filters, view types, order_by and keyset paging (protocol §2.2, §3.1, §3.2, §3.8). */
public interface SearchRunsContract extends ServerContract {
    String SEARCH = API + "/runs/search";

    private String runAt(String exp, long startTime) {
        return tracking().createRun(exp, "start_time", startTime).path("info").path("run_id").asText();
    }

    @Test
    default void filtersOnParamsMetricsTagsAndAttributes() {
        String exp = tracking().newExperiment();
        String a = tracking().newRun(exp);
        String b = tracking().newRun(exp);
        tracking().logBatch(a, List.of(metric("acc", 0.9, 1, 0)), List.of(kv("lr", "0.1")), List.of(kv("team", "x")));
        tracking().logBatch(b, List.of(metric("acc", 0.4, 1, 0)), List.of(kv("lr", "0.2")), List.of());
        List<String> exps = List.of(exp);
        assertEquals(List.of(a), runIds(tracking().searchRuns(exps, "filter", "params.lr = '0.1'")));
        assertEquals(List.of(b), runIds(tracking().searchRuns(exps, "filter", "metrics.acc < 0.5")));
        assertEquals(List.of(a), runIds(tracking().searchRuns(exps, "filter", "metrics.acc >= 0.9 AND tags.team = 'x'")));
        assertEquals(List.of(b), runIds(tracking().searchRuns(exps, "filter", "tags.team IS NULL")));
        assertEquals(List.of(), runIds(tracking().searchRuns(exps, "filter", "tags.team != 'x'")));
        assertEquals(List.of(b), runIds(tracking().searchRuns(exps, "filter", "attributes.run_id IN ('" + b + "')")));
        assertEquals(Set.of(a, b), Set.copyOf(runIds(tracking().searchRuns(exps, "filter",
                "params.lr LIKE '0.%' and attributes.status = 'RUNNING'"))));
        assertEquals(List.of(), runIds(tracking().searchRuns(exps, "filter", "params.LR = '0.1'")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.acc >|>",
            "params.lr = '0.1' OR params.lr = '0.2'|OR",
            "foo.bar = 'x'|foo",
            "params.lr = unquoted|unquoted",
            "metrics.acc > 'high'|high",
            "attributes.nonsense = 'x'|nonsense",
            "(params.lr = 'x')|("})
    default void malformedFilterIs400AndNamesTheProblem(String filter, String mentioned) {
        String exp = tracking().newExperiment();
        var r = api().post(SEARCH, obj("experiment_ids", List.of(exp), "filter", filter))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains(mentioned), () -> "message should mention '" + mentioned + "': " + r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "50001", "abc"})
    default void maxResultsOutOfRangeIs400(String maxResults) {
        String exp = tracking().newExperiment();
        Object value = maxResults.matches("-?\\d+") ? (Object) Long.parseLong(maxResults) : maxResults;
        api().post(SEARCH, obj("experiment_ids", List.of(exp), "max_results", value))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void maxResultsBoundsAndDefault() {
        String exp = tracking().newExperiment();
        tracking().newRun(exp);
        tracking().newRun(exp);
        assertEquals(1, tracking().searchRuns(List.of(exp), "max_results", 1).path("runs").size());
        assertEquals(2, tracking().searchRuns(List.of(exp), "max_results", 50000).path("runs").size());
        assertEquals(2, tracking().searchRuns(List.of(exp), "max_results", "2").path("runs").size());
        JsonNode all = tracking().searchRuns(List.of(exp));
        assertEquals(2, all.path("runs").size());
        assertTrue(all.path("next_page_token").isMissingNode(), all::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "%%%", "W10", "WyJhIl0", "WzEsMiwzLDQsNSw2XQ", "WyJhIiwiYiJd", "W251bGwsbnVsbF0"})
    default void garbagePageTokenIs400(String token) {
        String exp = tracking().newExperiment();
        tracking().newRun(exp);
        api().post(SEARCH, obj("experiment_ids", List.of(exp), "page_token", token))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void experimentIdsScopeTheSearch() {
        String e1 = tracking().newExperiment();
        String e2 = tracking().newExperiment();
        String r1 = tracking().newRun(e1);
        String r2 = tracking().newRun(e2);
        assertEquals(Set.of(r1, r2), Set.copyOf(runIds(tracking().searchRuns(List.of(e1, e2)))));
        JsonNode none = tracking().searchRuns(List.of());
        assertTrue(none.path("runs").isMissingNode() || none.path("runs").isEmpty(), none::toString);
        assertEquals(List.of(), runIds(tracking().searchRuns(List.of("987654321987"))));
        api().post(SEARCH, obj("experiment_ids", List.of("abc"))).error(400, "INVALID_PARAMETER_VALUE");
        api().post(SEARCH, obj("experiment_ids", e1)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(SEARCH, obj("experiment_ids", List.of(e1), "order_by", "start_time DESC"))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(SEARCH, obj("experiment_ids", List.of(e1), "run_view_type", "EVERYTHING"))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(SEARCH, obj("experiment_ids", List.of(e1), "order_by", List.of("metrics.acc SIDEWAYS")))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(SEARCH, obj("experiment_ids", List.of(e1), "order_by", List.of("datasets.name ASC")))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void defaultOrderIsStartTimeDescThenRunId() {
        String exp = tracking().newExperiment();
        String old = runAt(exp, 1000);
        String tieA = runAt(exp, 2000);
        String tieB = runAt(exp, 2000);
        String newest = runAt(exp, 3000);
        List<String> tie = new ArrayList<>(List.of(tieA, tieB));
        tie.sort(String::compareTo);
        assertEquals(List.of(newest, tie.get(0), tie.get(1), old), runIds(tracking().searchRuns(List.of(exp))));
        assertEquals(List.of(old, tie.get(0), tie.get(1), newest), runIds(tracking().searchRuns(List.of(exp),
                "order_by", List.of("attributes.start_time ASC"))));
    }

    @Test
    default void keysetPagingHasNoDuplicatesOrGapsWhileRunsAreInserted() {
        String exp = tracking().newExperiment();
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            original.add(runAt(exp, 10_000 + (i / 2) * 10));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = token == null ? tracking().searchRuns(List.of(exp), "max_results", 5)
                    : tracking().searchRuns(List.of(exp), "max_results", 5, "page_token", token);
            seen.addAll(runIds(page));
            token = page.path("next_page_token").isMissingNode() ? null : page.path("next_page_token").asText();
            pages++;
            // newer runs sort before everything already seen: with offsets they would shift later pages
            runAt(exp, 99_000 + pages);
            runAt(exp, 10_000 + pages);
        } while (token != null && pages < 20);
        assertEquals(seen.size(), new HashSet<>(seen).size(), () -> "duplicates: " + seen);
        assertTrue(seen.containsAll(original), () -> "gaps: saw " + seen + " expected all of " + original);
    }

    @Test
    default void orderByMetricSortsNanAndMissingLastInBothDirectionsAcrossPages() {
        String exp = tracking().newExperiment();
        String low = runAt(exp, 1);
        String high = runAt(exp, 2);
        String mid = runAt(exp, 3);
        String nan = runAt(exp, 4);
        String missing = runAt(exp, 5);
        tracking().logMetric(low, "score", -2.5, 1, 0);
        tracking().logMetric(high, "score", 10, 1, 0);
        tracking().logMetric(mid, "score", 0.5, 1, 0);
        tracking().logMetric(nan, "score", "NaN", 1, 0);
        tracking().logMetric(missing, "other", 1, 1, 0);
        assertEquals(List.of(low, mid, high, nan, missing), pagedIds(exp, "metrics.score ASC", 2));
        assertEquals(List.of(high, mid, low, nan, missing), pagedIds(exp, "metrics.`score` DESC", 2));
    }

    @Test
    default void orderByParamAndTagSortsMissingLastAcrossPages() {
        String exp = tracking().newExperiment();
        String b = runAt(exp, 1);
        String a = runAt(exp, 2);
        String none = runAt(exp, 3);
        String c = runAt(exp, 4);
        tracking().logBatch(b, List.of(), List.of(kv("opt", "b")), List.of(kv("grp", "b")));
        tracking().logBatch(a, List.of(), List.of(kv("opt", "a")), List.of(kv("grp", "a")));
        tracking().logBatch(c, List.of(), List.of(kv("opt", "c")), List.of(kv("grp", "c")));
        assertEquals(List.of(a, b, c, none), pagedIds(exp, "params.opt ASC", 1));
        assertEquals(List.of(c, b, a, none), pagedIds(exp, "params.opt DESC", 3));
        assertEquals(List.of(c, b, a, none), pagedIds(exp, "tags.grp DESC", 2));
        assertEquals(List.of(a, b, c, none), pagedIds(exp, "tag.`grp`", 2));
    }

    @Test
    default void orderByEndTimeSortsUnfinishedRunsLast() {
        String exp = tracking().newExperiment();
        String early = runAt(exp, 1);
        String running = runAt(exp, 2);
        String late = runAt(exp, 3);
        api().post(API + "/runs/update", obj("run_id", early, "status", "FINISHED", "end_time", 100)).ok();
        api().post(API + "/runs/update", obj("run_id", late, "status", "FAILED", "end_time", 200)).ok();
        assertEquals(List.of(early, late, running), pagedIds(exp, "attributes.end_time ASC", 2));
        assertEquals(List.of(late, early, running), pagedIds(exp, "end_time DESC", 1));
    }

    @Test
    default void runViewTypeAcceptsNamesAndNumbers() {
        String exp = tracking().newExperiment();
        String alive = tracking().newRun(exp);
        String gone = tracking().newRun(exp);
        api().post(API + "/runs/delete", obj("run_id", gone)).ok();
        assertEquals(List.of(alive), runIds(tracking().searchRuns(List.of(exp), "run_view_type", "ACTIVE_ONLY")));
        assertEquals(List.of(gone), runIds(tracking().searchRuns(List.of(exp), "run_view_type", 2)));
        assertEquals(Set.of(alive, gone), Set.copyOf(runIds(tracking().searchRuns(List.of(exp), "run_view_type", 3))));
    }

    private List<String> pagedIds(String exp, String orderBy, int pageSize) {
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = token == null
                    ? tracking().searchRuns(List.of(exp), "max_results", pageSize, "order_by", List.of(orderBy))
                    : tracking().searchRuns(List.of(exp), "max_results", pageSize, "order_by", List.of(orderBy),
                            "page_token", token);
            assertTrue(page.path("runs").size() <= pageSize, page::toString);
            ids.addAll(runIds(page));
            token = page.path("next_page_token").isMissingNode() ? null : page.path("next_page_token").asText();
        } while (token != null && ++pages < 50);
        return ids;
    }
}
