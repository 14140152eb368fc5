package dev.labbook.auth;

import static dev.labbook.auth.AuthApp.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.auth.AuthApp.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With default permission NO_PERMISSIONS, searches return only what the caller may read, and paging
 * through them with small pages neither skips nor repeats: the filter is part of the SQL query, not
 * applied to a page after it was cut.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthSearchContract {
    private static final String API = "/api/2.0/mlflow";
    private AuthApp server;
    private Client admin;
    private Client user;
    private final List<String> experiments = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();

    /** The --backend-store-uri to test on. */
    protected abstract String backendStoreUri() throws Exception;

    protected void releaseBackend() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        server = new AuthApp(Permission.NO_PERMISSIONS, backendStoreUri());
        admin = server.admin();
        user = server.newUser("searcher");
        for (int i = 1; i <= 7; i++) {
            String id = admin.createExperiment("search-" + i);
            experiments.add(id);
            runs.add(admin.createRun(id));
            admin.post(API + "/registered-models/create", Map.of("name", "model-" + i)).ok();
            if (i % 2 == 0 || i == 7) {
                grant("experiment", id, "READ");
                grant("registered_model", "model-" + i, i == 7 ? "EDIT" : "READ");
            }
        }
    }

    private void grant(String type, String id, String permission) {
        admin.post("/api/3.0/mlflow/users/permissions/grant", Map.of("username", "searcher", "resource_type", type,
                "resource_id", id, "permission", permission)).ok();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        releaseBackend();
    }

    @Test
    void experimentSearchPagesThroughReadableExperimentsOnly() {
        List<String> seen = pages(token -> user.post(API + "/experiments/search", token == null
                ? Map.of("max_results", 2) : Map.of("max_results", 2, "page_token", token)).ok(), "experiments", "experiment_id");
        // Newest first; experiments 2, 4, 6 and 7 are readable, the Default one is not.
        assertEquals(List.of(experiments.get(6), experiments.get(5), experiments.get(3), experiments.get(1)), seen);
        assertDenied(user.get(API + "/experiments/get", "experiment_id", experiments.get(0)));
    }

    @Test
    void runSearchDropsRunsOfUnreadableExperiments() {
        List<String> seen = pages(token -> user.post(API + "/runs/search", token == null
                ? Map.of("experiment_ids", experiments, "max_results", 1, "order_by", List.of("attributes.start_time ASC"))
                : Map.of("experiment_ids", experiments, "max_results", 1, "order_by", List.of("attributes.start_time ASC"),
                        "page_token", token)).ok(), "runs", "info");
        assertEquals(List.of(runs.get(1), runs.get(3), runs.get(5), runs.get(6)), seen);
    }

    @Test
    void registeredModelSearchListsReadableModelsOnly() {
        List<String> seen = pages(token -> (token == null
                ? user.get(API + "/registered-models/search", "max_results", 1)
                : user.get(API + "/registered-models/search", "max_results", 1, "page_token", token)).ok(),
                "registered_models", "name");
        assertEquals(List.of("model-2", "model-4", "model-6", "model-7"), seen);
    }

    @Test
    void theCreatorGetsManageAndSeesTheirExperiment() {
        String mine = user.createExperiment("created-by-searcher");
        assertEquals("MANAGE", admin.get("/api/3.0/mlflow/users/permissions/get", "username", "searcher",
                "resource_type", "experiment", "resource_id", mine).ok().path("permission").asText());
        JsonNode found = user.post(API + "/experiments/search", Map.of("max_results", 100, "filter",
                "name = 'created-by-searcher'")).ok();
        assertEquals(mine, found.at("/experiments/0/experiment_id").asText());
        user.post(API + "/experiments/delete", Map.of("experiment_id", mine)).ok();
    }

    /** As in MLflow, a missing experiment is a 404 whatever the default permission, so set_experiment can create it. */
    @Test
    void unknownExperimentNamesAreNotFoundNotForbidden() {
        user.get(API + "/experiments/get-by-name", "experiment_name", "no-such-experiment")
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertDenied(user.get(API + "/experiments/get-by-name", "experiment_name", "search-1"));
        user.get(API + "/runs/get", "run_id", "0123456789abcdef0123456789abcdef").error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    /** Follows next_page_token to the end, collecting one field of each item (a run's info.run_id). */
    private static List<String> pages(Function<String, JsonNode> page, String items, String field) {
        List<String> seen = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 20; i++) {
            JsonNode body = page.apply(token);
            for (JsonNode item : body.path(items)) {
                seen.add(field.equals("info") ? item.at("/info/run_id").asText() : item.path(field).asText());
            }
            token = body.path("next_page_token").asText(null);
            if (token == null || token.isEmpty()) {
                return seen;
            }
        }
        throw new AssertionError("paging did not end: " + seen);
    }
}
