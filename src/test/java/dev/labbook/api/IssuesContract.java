package dev.labbook.api;

import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Issues: create, patch, search with keyset pages, concurrent metadata patches, refusals that change nothing. */
public interface IssuesContract extends ServerContract {
    String ISSUES = "/api/3.0/mlflow/issues";

    private String create(String experiment, String name, String severity) {
        return api().post(ISSUES, obj("experiment_id", experiment, "name", name, "description", "d", "severity", severity))
                .ok().at("/issue/issue_id").asText();
    }

    private JsonNode patch(String id, Object... fields) {
        ApiClient.Response r = api().send("PATCH", ISSUES + "/" + id,
                ApiClient.write(obj(fields).put("issue_id", id)), "application/json");
        return r.status() == 200 ? r.ok() : r.json();
    }

    private List<String> names(JsonNode page) {
        return StreamSupport.stream(page.path("issues").spliterator(), false).map(i -> i.path("name").asText()).toList();
    }

    @Test
    default void keysetPagesSeeEveryIssueOnceWhileOthersAreAdded() {
        String experiment = tracking().newExperiment();
        for (String name : List.of("delta", "Alpha", "charlie", "bravo", "echo")) {
            create(experiment, name, "low");
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = api().post(ISSUES + "/search", obj("experiment_id", experiment, "order_by", List.of("name"),
                    "max_results", 2, "page_token", token)).ok();
            seen.addAll(names(page));
            token = page.path("next_page_token").asText();
            if (seen.size() == 2) {
                create(experiment, "aardvark", "low"); // sorts before the cursor: never shifts later pages
            }
        } while (!token.isEmpty());
        assertEquals(List.of("Alpha", "bravo", "charlie", "delta", "echo"), seen);
        api().post(ISSUES + "/search", obj("experiment_id", experiment, "order_by", List.of("name DESC"),
                "page_token", "eyJ2ZXJzaW9uIjogMn0=")).error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void defaultOrderIsHighestSeverityFirstThenNewest() {
        String experiment = tracking().newExperiment();
        create(experiment, "low-1", "low");
        create(experiment, "high-1", "high");
        api().post(ISSUES, obj("experiment_id", experiment, "name", "none", "description", "d")).ok();
        create(experiment, "medium-1", "medium");
        JsonNode page = api().post(ISSUES + "/search", obj("experiment_id", experiment, "include_total_count", true)).ok();
        assertEquals(List.of("high-1", "medium-1", "low-1", "none"), names(page));
        assertEquals(4, page.path("total_count").asInt());
        assertEquals("", page.path("next_page_token").asText());
    }

    @Test
    default void concurrentMetadataPatchesKeepEveryEntry() throws Exception {
        String experiment = tracking().newExperiment();
        String id = create(experiment, "contended", "low");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "k" + i;
                calls.add(() -> patch(id, "metadata", Map.of(key, "v")));
            }
            for (Future<JsonNode> f : pool.invokeAll(calls)) {
                assertTrue(f.get().has("issue"), f.get().toString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers, api().get(ISSUES + "/" + id).ok().at("/issue/metadata").size());
    }

    @Test
    default void refusedChangesLeaveTheIssueAsItWas() {
        String experiment = tracking().newExperiment();
        String id = create(experiment, "stable", "low");
        JsonNode before = api().get(ISSUES + "/" + id).ok();
        assertEquals("INVALID_PARAMETER_VALUE", patch(id, "status", "done").path("error_code").asText());
        assertEquals("INVALID_PARAMETER_VALUE", patch(id, "name", "").path("error_code").asText());
        assertEquals("INVALID_PARAMETER_VALUE", patch(id, "categories", List.of("ok", "")).path("error_code").asText());
        assertEquals("INVALID_PARAMETER_VALUE", patch(id, "metadata", Map.of("a", "1"),
                "delete_metadata_keys", List.of("a")).path("error_code").asText());
        assertEquals(before, api().get(ISSUES + "/" + id).ok());
        api().post(ISSUES, obj("experiment_id", experiment, "name", "taken", "description", "d",
                "issue_id", id)).error(400, "RESOURCE_ALREADY_EXISTS");
        assertEquals(before, api().get(ISSUES + "/" + id).ok());
        JsonNode seen = patch(id, "last_seen_timestamp", 1);
        assertEquals(before.at("/issue/last_seen_timestamp"), seen.at("/issue/last_seen_timestamp"),
                "last_seen_timestamp never moves back");
    }

    @Test
    default void categoriesMatchIgnoringCaseAndSpaces() {
        String experiment = tracking().newExperiment();
        api().post(ISSUES, obj("experiment_id", experiment, "name", "cat", "description", "d",
                "categories", List.of("Latency", "latency "))).ok();
        create(experiment, "other", "low");
        JsonNode page = api().post(ISSUES + "/search", obj("experiment_id", experiment,
                "categories", List.of("  LATENCY"))).ok();
        assertEquals(List.of("cat"), names(page));
        assertEquals(List.of("Latency", "latency "), StreamSupport.stream(page.at("/issues/0/categories").spliterator(),
                false).map(JsonNode::asText).toList());
    }
}
