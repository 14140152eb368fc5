package dev.labbook.review;

import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient;
import dev.labbook.api.LabbookServer;
import dev.labbook.api.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Label schemas and review queues, black-box through HTTP, written once and run per backend (H2 in
 * {@link ReviewQueuesH2Test}, MariaDB in {@link ReviewQueuesMariaDbIT}). Every test works in its own
 * experiment, so a reused database does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReviewQueuesContract {
    static final String API = "/api/3.0/mlflow";
    static final String INVALID = "INVALID_PARAMETER_VALUE";
    static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
    static final String EXISTS = "RESOURCE_ALREADY_EXISTS";

    private LabbookServer server;
    private ApiClient api;
    private Tracking tracking;

    abstract String backendUri();

    @BeforeAll
    void start() {
        server = LabbookServer.start(backendUri());
        api = server.api();
        tracking = new Tracking(api);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- fixtures ----

    private String trace(String experimentId) {
        String id = "tr-" + UUID.randomUUID().toString().replace("-", "");
        api.post(API + "/traces", obj("trace", obj("trace_info", obj("trace_id", id, "trace_location",
                obj("type", "MLFLOW_EXPERIMENT", "mlflow_experiment", obj("experiment_id", experimentId)),
                "request_time", "2026-01-01T00:00:00Z")))).ok();
        return id;
    }

    private JsonNode createSchema(String experimentId, String name, Object input) {
        return api.post(API + "/label-schemas/create", obj("experiment_id", experimentId, "name", name,
                "type", "FEEDBACK", "input", input)).ok().path("label_schema");
    }

    private JsonNode createQueue(String experimentId, String name, Object... extra) {
        var body = obj(extra);
        body.put("experiment_id", experimentId);
        body.put("name", name);
        if (!body.has("queue_type")) {
            body.put("queue_type", "CUSTOM");
        }
        return api.post(API + "/review-queues/create", body).ok().path("review_queue");
    }

    private List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    // ---- label schemas ----

    @Test
    void labelSchemasRoundTripWithTheDefaultQuestionSeededByTheFirstList() {
        String exp = tracking.newExperiment();
        JsonNode created = createSchema(exp, "Tone", obj("categorical", obj("options", List.of("calm", "rude"))));
        assertTrue(created.path("schema_id").asText().matches("ls-[0-9a-f]{32}"), created::toString);
        assertEquals(obj("categorical", obj("options", List.of("calm", "rude"), "multi_select", false)), created.path("input"));
        assertFalse(created.path("is_default").asBoolean());
        assertEquals(created, api.get(API + "/label-schemas/get", "schema_id", created.path("schema_id").asText())
                .ok().path("label_schema"));
        // Names compare exactly: "tone" is another schema, and a lookup by it finds nothing yet.
        api.get(API + "/label-schemas/get-by-name", "experiment_id", exp, "name", "tone").error(404, NOT_FOUND);
        createSchema(exp, "tone", obj("numeric", obj("min_value", 0, "max_value", 1.5)));

        JsonNode list = api.get(API + "/label-schemas/list", "experiment_id", exp).ok();
        assertEquals(List.of("Feedback", "tone", "Tone"), names(list.path("label_schemas")));
        JsonNode seeded = list.path("label_schemas").get(0);
        assertTrue(seeded.path("is_default").asBoolean());
        assertEquals("Share any feedback on this trace.", seeded.path("instruction").asText());
        assertEquals(obj("text", obj()), seeded.path("input"));
        assertEquals("", list.path("next_page_token").asText(null));
        assertEquals(3, api.get(API + "/label-schemas/list", "experiment_id", exp).ok().path("label_schemas").size(),
                "seeded once");

        JsonNode first = api.get(API + "/label-schemas/list", "experiment_id", exp, "max_results", "2").ok();
        JsonNode second = api.get(API + "/label-schemas/list", "experiment_id", exp, "max_results", "2",
                "page_token", first.path("next_page_token").asText()).ok();
        assertEquals(List.of("Feedback", "tone"), names(first.path("label_schemas")));
        assertEquals(List.of("Tone"), names(second.path("label_schemas")));

        String seededId = seeded.path("schema_id").asText();
        api.send("PATCH", API + "/label-schemas/update", ApiClient.write(obj("schema_id", seededId, "name", "x")),
                "application/json").error(400, INVALID);
        api.send("DELETE", API + "/label-schemas/delete", ApiClient.write(obj("schema_id", seededId)),
                "application/json").error(400, INVALID);
    }

    @Test
    void labelSchemaUpdatesKeepTheInputKindAndBadOnesChangeNothing() {
        String exp = tracking.newExperiment();
        JsonNode schema = createSchema(exp, "Tone", obj("categorical", obj("options", List.of("calm", "rude"))));
        createSchema(exp, "Score", obj("numeric", obj()));
        String id = schema.path("schema_id").asText();
        for (var bad : List.of(obj("schema_id", id, "input", obj("text", obj())),
                obj("schema_id", id, "input", obj("categorical", obj("options", List.of("a"), "multi_select", true))),
                obj("schema_id", id, "name", "FEEDBACK"),
                obj("schema_id", id, "name", ""),
                obj("schema_id", id, "instruction", "i".repeat(1001)))) {
            api.send("PATCH", API + "/label-schemas/update", ApiClient.write(bad), "application/json").error(400, INVALID);
        }
        api.send("PATCH", API + "/label-schemas/update", ApiClient.write(obj("schema_id", id, "name", "Score")),
                "application/json").error(400, EXISTS);
        assertEquals(schema, api.get(API + "/label-schemas/get", "schema_id", id).ok().path("label_schema"));

        JsonNode updated = api.send("PATCH", API + "/label-schemas/update", ApiClient.write(obj("schema_id", id,
                "name", "Tone of voice", "enable_comment", true, "input",
                obj("categorical", obj("options", List.of("calm", "rude", "flat"))))), "application/json")
                .ok().path("label_schema");
        assertEquals("Tone of voice", updated.path("name").asText());
        assertEquals(3, updated.at("/input/categorical/options").size());
        assertTrue(updated.path("last_updated_at").asLong() >= schema.path("last_updated_at").asLong());
        api.send("DELETE", API + "/label-schemas/delete", ApiClient.write(obj("schema_id", id)), "application/json").ok();
        api.send("DELETE", API + "/label-schemas/delete", ApiClient.write(obj("schema_id", id)), "application/json").ok();
        api.get(API + "/label-schemas/get", "schema_id", id).error(404, NOT_FOUND);
    }

    @Test
    void labelSchemaCreationIsCheckedAsMlflowChecksIt() {
        String exp = tracking.newExperiment();
        String deleted = tracking.newExperiment();
        api.post("/api/2.0/mlflow/experiments/delete", obj("experiment_id", deleted)).ok();
        api.post(API + "/label-schemas/create", obj("experiment_id", deleted, "name", "q", "type", "FEEDBACK",
                "input", obj("text", obj()))).error(404, NOT_FOUND);
        api.post(API + "/label-schemas/create", obj("experiment_id", exp, "name", "q", "type", "BOGUS",
                "input", obj("text", obj()))).error(400, INVALID);
        api.post(API + "/label-schemas/create", obj("experiment_id", exp, "name", "q", "type", "FEEDBACK",
                "input", obj())).error(400, INVALID);
        api.post(API + "/label-schemas/create", obj("experiment_id", exp, "name", "q", "type", "FEEDBACK",
                "input", obj("pass_fail", obj("positive_label", "a", "negative_label", "a")))).error(400, INVALID);
        // 250 characters outside the BMP fit (H2 counts UTF-16 units).
        String wide = "\uD83D\uDE00".repeat(250);
        assertEquals(wide, createSchema(exp, wide, obj("text", obj("max_length", 5))).path("name").asText());
        api.post(API + "/label-schemas/create", obj("experiment_id", exp, "name", wide + "x", "type", "FEEDBACK",
                "input", obj("text", obj()))).error(400, INVALID);
        assertEquals(List.of("Feedback", wide), names(api.get(API + "/label-schemas/list", "experiment_id", exp).ok()
                .path("label_schemas")));
    }

    // ---- queues ----

    @Test
    void queuesNormalizeNamesAndUsersAndNamesAreUniqueIgnoringCase() {
        String exp = tracking.newExperiment();
        String schema = createSchema(exp, "Q", obj("text", obj())).path("schema_id").asText();
        JsonNode queue = createQueue(exp, " Weekly Review ", "users", List.of(" Bob ", "alice", "BOB"),
                "schema_ids", List.of(schema, " " + schema), "created_by", "mallory");
        assertEquals("Weekly Review", queue.path("name").asText());
        assertEquals(List.of("alice", "bob"), texts(queue.path("users")));
        assertEquals(List.of(schema), texts(queue.path("schema_ids")));
        assertTrue(queue.path("created_by").isMissingNode(), "without auth there is no owner: " + queue);
        api.post(API + "/review-queues/create", obj("experiment_id", exp, "name", "weekly REVIEW",
                "queue_type", "CUSTOM")).error(400, EXISTS);
        assertEquals(queue, api.get(API + "/review-queues/get-by-name", "experiment_id", exp, "name", "WEEKLY review")
                .ok().path("review_queue"));

        JsonNode mine = api.post(API + "/review-queues/get-or-create-user", obj("experiment_id", exp, "user", " Carol "))
                .ok().path("review_queue");
        assertEquals("carol", mine.path("name").asText());
        assertEquals("USER", mine.path("queue_type").asText());
        assertEquals("carol", mine.path("created_by").asText());
        assertEquals(mine, api.post(API + "/review-queues/get-or-create-user", obj("experiment_id", exp, "user", "CAROL"))
                .ok().path("review_queue"));
        api.post(API + "/review-queues/get-or-create-user", obj("experiment_id", exp, "user", "weekly review"))
                .error(400, EXISTS);

        JsonNode list = api.get(API + "/review-queues/list", "experiment_id", exp).ok();
        assertEquals(List.of("carol", "Weekly Review"), names(list.path("review_queues")));
        assertEquals(List.of("Weekly Review"), names(api.get(API + "/review-queues/list", "experiment_id", exp,
                "user", "ALICE").ok().path("review_queues")));
        JsonNode page = api.get(API + "/review-queues/list", "experiment_id", exp, "max_results", "1").ok();
        assertEquals(List.of("carol"), names(page.path("review_queues")));
        assertEquals(List.of("Weekly Review"), names(api.get(API + "/review-queues/list", "experiment_id", exp,
                "max_results", "1", "page_token", page.path("next_page_token").asText()).ok().path("review_queues")));
    }

    @Test
    void itemsMoveThroughTheirStatusesAndGoWithTheirTraces() {
        String exp = tracking.newExperiment();
        String other = tracking.newExperiment();
        String a = trace(exp);
        String b = trace(exp);
        String c = trace(exp);
        String foreign = trace(other);
        String queue = createQueue(exp, "q", "users", List.of("rev")).path("queue_id").asText();

        api.post(API + "/review-queues/items/add", obj("queue_id", queue, "item_ids", List.of(a, foreign)))
                .error(404, NOT_FOUND);
        assertEquals(0, api.get(API + "/review-queues/items/list", "queue_id", queue).ok().path("items").size(),
                "a refused add attaches nothing");
        JsonNode added = api.post(API + "/review-queues/items/add", obj("queue_id", queue,
                "item_ids", List.of(b, " " + a, b))).ok().path("items");
        assertEquals(List.of(b, a), added.findValuesAsText("item_id"));
        assertEquals(List.of("PENDING", "PENDING"), added.findValuesAsText("status"));

        JsonNode done = api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", a,
                "status", "COMPLETE", "completed_by", " Rev ")).ok().path("item");
        assertEquals("rev", done.path("completed_by").asText());
        assertTrue(done.has("completed_time_ms"));
        assertEquals(done, api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", a,
                "status", 2, "completed_by", "someone else")).ok().path("item"), "the first completer keeps the credit");
        JsonNode reopened = api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", a,
                "status", "PENDING")).ok().path("item");
        assertFalse(reopened.has("completed_by") || reopened.has("completed_time_ms"), reopened::toString);
        api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", b, "status", "DECLINED"))
                .error(400, INVALID);
        api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", c, "status", "DECLINED",
                "completed_by", "rev")).error(404, NOT_FOUND);
        api.post(API + "/review-queues/items/set-status", obj("queue_id", queue, "item_id", b, "status", "DECLINED",
                "completed_by", "rev")).ok();

        // Re-adding keeps the status; the newest attach comes first.
        api.post(API + "/review-queues/items/add", obj("queue_id", queue, "item_ids", List.of(b, c))).ok();
        JsonNode items = api.get(API + "/review-queues/items/list", "queue_id", queue).ok().path("items");
        assertEquals(c, items.get(0).path("item_id").asText());
        assertEquals(List.of(b), api.get(API + "/review-queues/items/list", "queue_id", queue, "status", "DECLINED")
                .ok().path("items").findValuesAsText("item_id"));
        assertEquals(List.of("q"), names(api.get(API + "/review-queues/list", "experiment_id", exp, "item_id", b)
                .ok().path("review_queues")));

        // Questions freeze while the queue holds items.
        api.post(API + "/review-queues/update", obj("queue_id", queue, "update_schema_ids", true,
                "schema_ids", List.of())).error(400, INVALID);
        api.post("/api/3.0/mlflow/traces/delete-traces", obj("experiment_id", exp, "request_ids", List.of(b))).ok();
        api.post(API + "/review-queues/items/remove", obj("queue_id", queue, "item_ids", List.of(c, "tr-none"))).ok();
        assertEquals(List.of(a), api.get(API + "/review-queues/items/list", "queue_id", queue).ok().path("items")
                .findValuesAsText("item_id"));
        api.post(API + "/review-queues/delete", obj("queue_id", queue)).ok();
        api.post(API + "/review-queues/delete", obj("queue_id", queue)).ok();
        api.get(API + "/review-queues/items/list", "queue_id", queue).error(404, NOT_FOUND);
    }

    @Test
    void customQueuesUpdateAndUserQueuesDoNot() {
        String exp = tracking.newExperiment();
        String schema = createSchema(exp, "Q", obj("text", obj())).path("schema_id").asText();
        JsonNode queue = createQueue(exp, "Team", "users", List.of("amy"));
        String id = queue.path("queue_id").asText();
        createQueue(exp, "Other");
        for (var bad : List.of(obj("queue_id", id, "name", "default"), obj("queue_id", id, "new_owner", " "),
                obj("queue_id", id, "name", "ok", "update_users", true, "users", List.of("")),
                obj("queue_id", id, "update_schema_ids", true, "schema_ids", List.of("ls-nope")))) {
            api.post(API + "/review-queues/update", bad).error(400, INVALID);
        }
        api.post(API + "/review-queues/update", obj("queue_id", id, "name", "OTHER")).error(400, EXISTS);
        assertEquals(queue, api.get(API + "/review-queues/get", "queue_id", id).ok().path("review_queue"));

        assertEquals(queue, api.post(API + "/review-queues/update", obj("queue_id", id, "users", List.of("ignored")))
                .ok().path("review_queue"), "lists change only with their update flag");
        JsonNode updated = api.post(API + "/review-queues/update", obj("queue_id", id, "name", "TEAM", "new_owner",
                " Olga ", "update_users", true, "users", List.of("Zed", "amy"), "update_schema_ids", true,
                "schema_ids", List.of(schema))).ok().path("review_queue");
        assertEquals("TEAM", updated.path("name").asText());
        assertEquals("Olga", updated.path("created_by").asText());
        assertEquals(List.of("amy", "zed"), texts(updated.path("users")));
        assertEquals(List.of(schema), texts(updated.path("schema_ids")));

        String user = api.post(API + "/review-queues/get-or-create-user", obj("experiment_id", exp, "user", "u"))
                .ok().at("/review_queue/queue_id").asText();
        api.post(API + "/review-queues/update", obj("queue_id", user)).error(400, INVALID);
        api.post(API + "/review-queues/create", obj("experiment_id", exp, "name", "v", "queue_type", "USER",
                "schema_ids", List.of(schema))).error(400, INVALID);
        api.post(API + "/review-queues/create", obj("experiment_id", exp, "name", "v", "queue_type", "CUSTOM",
                "users", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"))).error(400, INVALID);
        api.get(API + "/review-queues/list", "experiment_id", exp, "max_results", "0").error(400, INVALID);
        api.get(API + "/review-queues/list", "experiment_id", exp, "page_token", "zzz").error(400, INVALID);
    }
}
