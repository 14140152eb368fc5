package dev.labbook.loggedmodels;

import static dev.labbook.loggedmodels.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Search over logged models: filters, datasets, order_by objects and keyset page tokens. */
abstract class LoggedModelSearchContract extends LoggedModelContract {

    /** Three models in a fresh experiment: alpha (READY, acc 0.9 on eval), beta (acc 0.6 on train), gamma. */
    private record Trio(String exp, String alpha, String beta, String gamma) {}

    private Trio trio() throws InterruptedException {
        String exp = experiment();
        String run = run(exp);
        String alpha = modelId(exp, "name", "alpha", "model_type", "agent", "source_run_id", run,
                "params", List.of(obj("key", "lr", "value", "0.1")), "tags", List.of(obj("key", "team", "value", "vision")));
        Thread.sleep(3);
        String beta = modelId(exp, "name", "beta", "params", List.of(obj("key", "lr", "value", "0.2")));
        Thread.sleep(3);
        String gamma = modelId(exp, "name", "gamma");
        api.ok("/runs/log-batch", obj("run_id", run, "metrics", List.of(
                point("acc", 0.9, 0, "model_id", alpha, "dataset_name", "eval", "dataset_digest", "d1"),
                point("acc", 0.6, 0, "model_id", beta, "dataset_name", "train", "dataset_digest", "d2"))));
        api.patch("/logged-models/" + alpha, obj("status", "LOGGED_MODEL_READY")).expect(200);
        return new Trio(exp, alpha, beta, gamma);
    }

    private Set<String> matching(Trio t, String filter, Object... more) {
        Map<String, Object> body = obj("experiment_ids", List.of(t.exp()), "filter", filter);
        body.putAll(obj(more));
        JsonNode answer = api.ok("/logged-models/search", body);
        Set<String> ids = new HashSet<>();
        answer.path("models").forEach(m -> ids.add(m.at("/info/model_id").asText()));
        return ids;
    }

    private List<String> ordered(Trio t, Object... orderBy) {
        return search("experiment_ids", List.of(t.exp()), "order_by", List.of(orderBy));
    }

    @Test
    void filtersOnMetricsParamsTagsAndAttributes() throws Exception {
        Trio t = trio();
        assertEquals(Set.of(t.alpha()), matching(t, "metrics.acc > 0.7"));
        assertEquals(Set.of(t.alpha(), t.beta()), matching(t, "metrics.acc >= 0.6"));
        assertEquals(Set.of(t.alpha()), matching(t, "params.lr = '0.1'"));
        assertEquals(Set.of(t.alpha()), matching(t, "params.lr = 0.1"));
        assertEquals(Set.of(t.alpha(), t.beta()), matching(t, "params.lr IN ('0.1', '0.2')"));
        assertEquals(Set.of(t.alpha()), matching(t, "tags.team = 'vision'"));
        assertEquals(Set.of(t.alpha()), matching(t, "tags.team LIKE 'vis%' AND params.lr != '0.3'"));
        assertEquals(Set.of(t.beta(), t.gamma()), matching(t, "name IN ('beta', 'gamma')"));
        assertEquals(Set.of(t.alpha()), matching(t, "attributes.name ILIKE 'ALP%'"));
        assertEquals(Set.of(t.alpha()), matching(t, "status = 'READY'"));
        assertEquals(Set.of(t.beta(), t.gamma()), matching(t, "status = 'LOGGED_MODEL_PENDING'"));
        assertEquals(Set.of(t.alpha()), matching(t, "model_type = 'agent'"));
        assertEquals(Set.of(t.alpha(), t.beta(), t.gamma()), matching(t, "creation_timestamp > 0"));
        assertEquals(Set.of(), matching(t, "last_updated_time < 0"));
        assertEquals(Set.of(t.gamma()), matching(t, "model_id = '" + t.gamma() + "'"));
    }

    @Test
    void datasetsRestrictMetricFiltersOrSelectModelsWithMetricsOnThem() throws Exception {
        Trio t = trio();
        assertEquals(Set.of(t.beta()), matching(t, "metrics.acc > 0.5",
                "datasets", List.of(obj("dataset_name", "train"))));
        assertEquals(Set.of(t.alpha()), matching(t, "", "datasets", List.of(obj("dataset_name", "eval", "dataset_digest", "d1"))));
        assertEquals(Set.of(), matching(t, "", "datasets", List.of(obj("dataset_name", "eval", "dataset_digest", "other"))));
        assertEquals(Set.of(t.alpha(), t.beta()), matching(t, "", "datasets",
                List.of(obj("dataset_name", "eval"), obj("dataset_name", "train"))));
    }

    @Test
    void orderByMetricsSortsMissingValuesLastBothWays() throws Exception {
        Trio t = trio();
        assertEquals(List.of(t.alpha(), t.beta(), t.gamma()), ordered(t, obj("field_name", "metrics.acc", "ascending", false)));
        assertEquals(List.of(t.beta(), t.alpha(), t.gamma()), ordered(t, obj("field_name", "metrics.acc")));
        // On the train dataset only beta has a value; the others tie and fall back to newest first.
        assertEquals(List.of(t.beta(), t.gamma(), t.alpha()),
                ordered(t, obj("field_name", "metrics.acc", "dataset_name", "train")));
        assertEquals(List.of(t.alpha(), t.beta(), t.gamma()), ordered(t, obj("field_name", "name")));
        assertEquals(List.of(t.gamma(), t.beta(), t.alpha()), ordered(t, obj("field_name", "name", "ascending", false)));
        assertEquals(List.of(t.gamma(), t.beta(), t.alpha()), ordered(t));
        assertEquals(List.of(t.alpha(), t.beta(), t.gamma()), ordered(t, obj("field_name", "creation_time")));
    }

    @Test
    void orderByAMetricUsesItsMostRecentPoint() throws Exception {
        Trio t = trio();
        String run = run(t.exp());
        api.ok("/runs/log-batch", obj("run_id", run, "metrics", List.of(
                Map.of("key", "acc", "value", 0.1, "timestamp", 9_000, "step", 0, "model_id", t.alpha()))));
        assertEquals(List.of(t.beta(), t.alpha(), t.gamma()), ordered(t, obj("field_name", "metrics.acc", "ascending", false)));
    }

    @Test
    void pageTokensWalkEveryModelOnce() throws Exception {
        String exp = experiment();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(modelId(exp, "name", "m" + i));
        }
        for (Object order : List.of(List.of(), List.of(obj("field_name", "name", "ascending", false)))) {
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                Map<String, Object> body = obj("experiment_ids", List.of(exp), "max_results", 2, "order_by", order);
                if (token != null) {
                    body.put("page_token", token);
                }
                JsonNode page = api.ok("/logged-models/search", body);
                page.path("models").forEach(m -> seen.add(m.at("/info/model_id").asText()));
                token = page.has("next_page_token") ? page.path("next_page_token").asText() : null;
                pages++;
            } while (token != null);
            assertEquals(3, pages);
            assertEquals(new HashSet<>(created), new HashSet<>(seen));
            assertEquals(5, seen.size());
        }
        assertEquals(List.of(created.get(4), created.get(3)),
                search("experiment_ids", List.of(exp), "max_results", 2, "order_by", List.of(obj("field_name", "name",
                        "ascending", false))));
        assertNotNull(api.ok("/logged-models/search", obj("experiment_ids", List.of(exp))).path("models"));
        assertTrue(search("experiment_ids", List.of(exp), "max_results", 0).size() == 5);
    }

    @Test
    void badSearchesAreRefused() {
        String exp = experiment();
        api.post("/logged-models/search", obj()).error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of("abc"))).error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "filter", "metrics.acc > 'x'"))
                .error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "filter", "params.lr IS NULL"))
                .error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "order_by",
                List.of(obj("field_name", "params.lr")))).error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "datasets",
                List.of(obj("dataset_digest", "d1")))).error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "page_token", "garbage!"))
                .error(400, INVALID);
        api.post("/logged-models/search", obj("experiment_ids", List.of(exp), "max_results", -1)).error(400, INVALID);
    }
}
