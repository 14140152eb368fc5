package dev.labbook.auth;

import static dev.labbook.auth.AuthApp.assertDenied;
import static dev.labbook.auth.AuthApp.assertUnauthenticated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.auth.AuthApp.Answer;
import dev.labbook.auth.AuthApp.Client;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each permission level against each endpoint group (read, update, delete, manage permissions) of
 * experiments, runs, registered models and traces, over HTTP. A refused request must change nothing:
 * after each refusal the admin checks that the tag, the lifecycle stage, the permission row or the
 * trace is as before. Traces and evaluation datasets follow their experiment's permission.
 */
class AuthMatrixTest {
    private static final String API = "/api/2.0/mlflow";
    private static final String API3 = "/api/3.0/mlflow";
    private static AuthApp server;
    private static Client admin;
    private static String experiment;
    private static String run;
    private static final String MODEL = "matrix-model";
    /** Who calls, and what their permission on the experiment and the model allows. */
    private static final Map<String, Client> CALLERS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();
    /** A trace with a span in the experiment, exported by the admin. */
    private static String trace;
    /** A scorer and an issue in the experiment, created by the admin. */
    private static final String SCORER = "matrix-judge";
    private static String issue;
    /** A custom review queue of the admin's holding the trace, assigned to every caller. */
    private static String queue;
    /** Traces each caller's write creates or deletes, by group and caller. */
    private static final Map<String, String> TRACES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String DATASETS = API3 + "/datasets";
    /** An evaluation dataset in the experiment, made by the admin. */
    private static String dataset;
    /** Datasets each caller's delete targets, by caller. */
    private static final Map<String, String> DOOMED = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        server = new AuthApp(Permission.READ);
        admin = server.admin();
        experiment = admin.createExperiment("matrix");
        run = admin.createRun(experiment);
        admin.post(API + "/registered-models/create", Map.of("name", MODEL)).ok();
        String hex = newTraceHex();
        admin.send("POST", "/v1/traces", otlpSpan(hex), Map.of("x-mlflow-experiment-id", experiment)).ok();
        trace = "tr-" + hex;
        admin.post(API3 + "/scorers/register", Map.of("experiment_id", experiment, "name", SCORER,
                "serialized_scorer", judge(SCORER))).ok();
        issue = admin.post(API3 + "/issues", Map.of("experiment_id", experiment, "name", "matrix issue",
                "description", "d")).ok().at("/issue/issue_id").asText();
        dataset = newDataset("matrix-dataset", List.of(experiment));
        server.newUser("target");
        for (Permission p : List.of(Permission.NO_PERMISSIONS, Permission.READ, Permission.EDIT, Permission.MANAGE)) {
            String name = p.name().toLowerCase();
            CALLERS.put(name, server.newUser(name));
            admin.post(API + "/experiments/permissions/create",
                    Map.of("experiment_id", experiment, "username", name, "permission", p.name())).ok();
            admin.post(API + "/registered-models/permissions/create",
                    Map.of("name", MODEL, "username", name, "permission", p.name())).ok();
        }
        CALLERS.put("admin", admin);
        queue = admin.post(API3 + "/review-queues/create", Map.of("experiment_id", experiment, "name", "matrix-queue",
                "queue_type", "CUSTOM", "users", List.of("no_permissions", "read", "edit", "manage"))).ok()
                .at("/review_queue/queue_id").asText();
        admin.post(API3 + "/review-queues/items/add", Map.of("queue_id", queue, "item_ids", List.of(trace))).ok();
        ALLOWED.put("read", Set.of("read", "edit", "manage", "admin"));
        ALLOWED.put("update", Set.of("edit", "manage", "admin"));
        ALLOWED.put("delete", Set.of("manage", "admin"));
        ALLOWED.put("manage", Set.of("manage", "admin"));

        JsonNode token = CALLERS.get("read").post("/api/2.0/labbook/tokens/create", Map.of("name", "revoked")).ok();
        CALLERS.get("read").post("/api/2.0/labbook/tokens/revoke", Map.of("token_id", token.at("/token/token_id").asText())).ok();
        CALLERS.put("revoked token", server.bearer(token.path("secret").asText()));
        CALLERS.put("wrong password", server.as("manage", "not-the-password"));
        CALLERS.put("anonymous", server.anonymous());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One endpoint group: the call, and the admin's check that it took effect (or did not). */
    private record Group(String name, String label, Function<String, Answer> call, Function<String, Boolean> tookEffect,
                         Runnable undo) {}

    private static List<Group> groups() {
        return List.of(
                new Group("read", "GET experiments/get", who -> CALLERS.get(who).get(API + "/experiments/get",
                        "experiment_id", experiment), who -> null, () -> { }),
                new Group("read", "GET runs/get", who -> CALLERS.get(who).get(API + "/runs/get", "run_id", run),
                        who -> null, () -> { }),
                new Group("read", "GET registered-models/get", who -> CALLERS.get(who).get(API + "/registered-models/get",
                        "name", MODEL), who -> null, () -> { }),
                new Group("update", "POST experiments/set-experiment-tag",
                        who -> CALLERS.get(who).post(API + "/experiments/set-experiment-tag",
                                Map.of("experiment_id", experiment, "key", tagKey(who), "value", "v")),
                        who -> admin.get(API + "/experiments/get", "experiment_id", experiment).ok()
                                .at("/experiment/tags").findValuesAsText("key").contains(tagKey(who)),
                        () -> { }),
                new Group("update", "POST runs/log-parameter",
                        who -> CALLERS.get(who).post(API + "/runs/log-parameter",
                                Map.of("run_id", run, "key", tagKey(who), "value", "1")),
                        who -> admin.get(API + "/runs/get", "run_id", run).ok()
                                .at("/run/data/params").findValuesAsText("key").contains(tagKey(who)),
                        () -> { }),
                new Group("update", "POST registered-models/set-tag",
                        who -> CALLERS.get(who).post(API + "/registered-models/set-tag",
                                Map.of("name", MODEL, "key", tagKey(who), "value", "v")),
                        who -> admin.get(API + "/registered-models/get", "name", MODEL).ok()
                                .at("/registered_model/tags").findValuesAsText("key").contains(tagKey(who)),
                        () -> { }),
                new Group("delete", "POST experiments/delete",
                        who -> CALLERS.get(who).post(API + "/experiments/delete", Map.of("experiment_id", experiment)),
                        who -> admin.get(API + "/experiments/get", "experiment_id", experiment).ok()
                                .at("/experiment/lifecycle_stage").asText().equals("deleted"),
                        () -> admin.post(API + "/experiments/restore", Map.of("experiment_id", experiment)).ok()),
                new Group("delete", "POST runs/delete",
                        who -> CALLERS.get(who).post(API + "/runs/delete", Map.of("run_id", run)),
                        who -> admin.get(API + "/runs/get", "run_id", run).ok()
                                .at("/run/info/lifecycle_stage").asText().equals("deleted"),
                        () -> admin.post(API + "/runs/restore", Map.of("run_id", run)).ok()),
                new Group("read", "GET traces/get", who -> CALLERS.get(who).get(API3 + "/traces/get", "trace_id", trace),
                        who -> null, () -> { }),
                new Group("read", "GET traces/batchGet", who -> CALLERS.get(who).get(API3 + "/traces/batchGet",
                        "trace_ids", trace), who -> null, () -> { }),
                new Group("read", "GET traces (v2 search)", who -> CALLERS.get(who).get(API + "/traces",
                        "experiment_ids", experiment), who -> null, () -> { }),
                new Group("update", "PATCH traces/{trace_id}/tags",
                        who -> CALLERS.get(who).patch(API3 + "/traces/" + trace + "/tags",
                                Map.of("key", tagKey(who), "value", "v")),
                        who -> traceInfo(trace).path("tags").has(tagKey(who)),
                        () -> { }),
                new Group("update", "POST traces/{trace_id}/assessments",
                        who -> CALLERS.get(who).post(API3 + "/traces/" + trace + "/assessments",
                                Map.of("assessment", Map.of("assessment_name", tagKey(who), "feedback", Map.of("value", true)))),
                        who -> traceInfo(trace).path("assessments").findValuesAsText("assessment_name").contains(tagKey(who)),
                        () -> { }),
                new Group("update", "POST /v1/traces (OTLP span export)",
                        who -> CALLERS.get(who).send("POST", "/v1/traces", otlpSpan(newTrace("otlp", who).substring(3)),
                                Map.of("x-mlflow-experiment-id", experiment)),
                        who -> admin.get(API3 + "/traces/" + TRACES.get("otlp " + who)).status() == 200,
                        () -> { }),
                new Group("update", "POST traces (start trace v3)",
                        who -> CALLERS.get(who).post(API3 + "/traces", startTrace(newTrace("start", who))),
                        who -> admin.get(API3 + "/traces/" + TRACES.get("start " + who)).status() == 200,
                        () -> { }),
                new Group("delete", "POST traces/delete-traces",
                        who -> {
                            String doomed = newTrace("delete", who);
                            admin.post(API3 + "/traces", startTrace(doomed)).ok();
                            return CALLERS.get(who).post(API3 + "/traces/delete-traces",
                                    Map.of("experiment_id", experiment, "request_ids", List.of(doomed)));
                        },
                        who -> admin.get(API3 + "/traces/" + TRACES.get("delete " + who)).status() == 404,
                        () -> { }),
                new Group("delete", "DELETE traces/{trace_id}/tags",
                        who -> {
                            admin.patch(API3 + "/traces/" + trace + "/tags", Map.of("key", "doomed-" + tagKey(who), "value", "v"))
                                    .ok();
                            return CALLERS.get(who).delete(API3 + "/traces/" + trace + "/tags",
                                    Map.of("key", "doomed-" + tagKey(who)));
                        },
                        who -> !traceInfo(trace).path("tags").has("doomed-" + tagKey(who)),
                        () -> { }),
                new Group("read", "GET scorers/get", who -> CALLERS.get(who).get(API3 + "/scorers/get",
                        "experiment_id", experiment, "name", SCORER), who -> null, () -> { }),
                new Group("read", "GET scorers/list (one experiment)", who -> CALLERS.get(who).get(API3 + "/scorers/list",
                        "experiment_id", experiment), who -> null, () -> { }),
                new Group("update", "POST scorers/register",
                        who -> CALLERS.get(who).post(API3 + "/scorers/register", Map.of("experiment_id", experiment,
                                "name", tagKey(who), "serialized_scorer", judge(tagKey(who)))),
                        who -> admin.get(API3 + "/scorers/get", "experiment_id", experiment, "name", tagKey(who))
                                .status() == 200,
                        () -> { }),
                new Group("delete", "DELETE scorers/delete",
                        who -> {
                            admin.post(API3 + "/scorers/register", Map.of("experiment_id", experiment,
                                    "name", "doomed-" + tagKey(who), "serialized_scorer", judge("doomed"))).ok();
                            return CALLERS.get(who).delete(API3 + "/scorers/delete",
                                    Map.of("experiment_id", experiment, "name", "doomed-" + tagKey(who), "version", 1));
                        },
                        who -> admin.get(API3 + "/scorers/get", "experiment_id", experiment, "name",
                                "doomed-" + tagKey(who)).status() == 404,
                        () -> { }),
                new Group("read", "GET issues/{issue_id}", who -> CALLERS.get(who).get(API3 + "/issues/" + issue),
                        who -> null, () -> { }),
                new Group("read", "POST issues/search", who -> CALLERS.get(who).post(API3 + "/issues/search",
                        Map.of("experiment_id", experiment)), who -> null, () -> { }),
                new Group("update", "POST issues",
                        who -> CALLERS.get(who).post(API3 + "/issues", Map.of("experiment_id", experiment,
                                "name", tagKey(who), "description", "d")),
                        who -> admin.post(API3 + "/issues/search", Map.of("experiment_id", experiment, "name", tagKey(who)))
                                .ok().path("issues").size() == 1,
                        () -> { }),
                new Group("update", "PATCH issues/{issue_id}",
                        who -> CALLERS.get(who).patch(API3 + "/issues/" + issue, Map.of("issue_id", issue,
                                "metadata", Map.of(tagKey(who), "v"))),
                        who -> admin.get(API3 + "/issues/" + issue).ok().at("/issue/metadata").has(tagKey(who)),
                        () -> { }),
                // Label schemas and review queues follow the experiment: questions take MANAGE, queues EDIT,
                // reviewing EDIT and membership (every caller is assigned to the queue), deleting another's queue MANAGE.
                new Group("read", "GET label-schemas/list", who -> CALLERS.get(who).get(API3 + "/label-schemas/list",
                        "experiment_id", experiment), who -> null, () -> { }),
                new Group("read", "GET review-queues/items/list", who -> CALLERS.get(who).get(
                        API3 + "/review-queues/items/list", "queue_id", queue), who -> null, () -> { }),
                new Group("manage", "POST label-schemas/create",
                        who -> CALLERS.get(who).post(API3 + "/label-schemas/create", Map.of("experiment_id", experiment,
                                "name", tagKey(who), "type", "FEEDBACK", "input", Map.of("text", Map.of()))),
                        who -> admin.get(API3 + "/label-schemas/get-by-name", "experiment_id", experiment,
                                "name", tagKey(who)).status() == 200,
                        () -> { }),
                new Group("update", "POST review-queues/create",
                        who -> CALLERS.get(who).post(API3 + "/review-queues/create", Map.of("experiment_id", experiment,
                                "name", "q-" + tagKey(who), "queue_type", "CUSTOM")),
                        who -> admin.get(API3 + "/review-queues/get-by-name", "experiment_id", experiment,
                                "name", "q-" + tagKey(who)).status() == 200,
                        () -> { }),
                new Group("update", "POST review-queues/items/set-status",
                        who -> CALLERS.get(who).post(API3 + "/review-queues/items/set-status", Map.of("queue_id", queue,
                                "item_id", trace, "status", "COMPLETE", "completed_by", "someone")),
                        who -> admin.get(API3 + "/review-queues/items/list", "queue_id", queue).ok()
                                .at("/items/0/status").asText().equals("COMPLETE"),
                        () -> admin.post(API3 + "/review-queues/items/set-status", Map.of("queue_id", queue,
                                "item_id", trace, "status", "PENDING")).ok()),
                new Group("manage", "POST review-queues/delete (another's queue)",
                        who -> {
                            String doomed = admin.post(API3 + "/review-queues/create", Map.of("experiment_id", experiment,
                                    "name", "doomed-" + tagKey(who), "queue_type", "CUSTOM")).ok()
                                    .at("/review_queue/queue_id").asText();
                            TRACES.put("queue " + who, doomed);
                            return CALLERS.get(who).post(API3 + "/review-queues/delete", Map.of("queue_id", doomed));
                        },
                        who -> admin.get(API3 + "/review-queues/get", "queue_id", TRACES.get("queue " + who)).status() == 404,
                        () -> { }),
                new Group("read", "GET datasets/{dataset_id}", who -> CALLERS.get(who).get(DATASETS + "/" + dataset),
                        who -> null, () -> { }),
                new Group("read", "GET datasets/{dataset_id}/records", who -> CALLERS.get(who).get(DATASETS + "/"
                        + dataset + "/records"), who -> null, () -> { }),
                new Group("read", "POST datasets/search", who -> CALLERS.get(who).post(DATASETS + "/search",
                        Map.of("experiment_ids", List.of(experiment))), who -> null, () -> { }),
                new Group("update", "POST datasets/create",
                        who -> CALLERS.get(who).post(DATASETS + "/create", Map.of("name", tagKey(who),
                                "experiment_ids", List.of(experiment))),
                        who -> admin.post(DATASETS + "/search", Map.of("experiment_ids", List.of(experiment),
                                "filter_string", "name = '" + tagKey(who) + "'")).ok().path("datasets").size() == 1,
                        () -> { }),
                new Group("update", "PATCH datasets/{dataset_id}/tags",
                        who -> CALLERS.get(who).patch(DATASETS + "/" + dataset + "/tags",
                                Map.of("tags", "{\"" + tagKey(who) + "\": \"v\"}")),
                        who -> admin.get(DATASETS + "/" + dataset).ok().at("/dataset/tags").asText()
                                .contains("\"" + tagKey(who) + "\""),
                        () -> { }),
                new Group("update", "POST datasets/{dataset_id}/records",
                        who -> CALLERS.get(who).post(DATASETS + "/" + dataset + "/records",
                                Map.of("records", "[{\"inputs\": {\"who\": \"" + who + "\"}}]")),
                        who -> admin.get(DATASETS + "/" + dataset + "/records").ok().path("records").asText()
                                .contains("{\"who\": \"" + who + "\"}"),
                        () -> { }),
                new Group("delete", "DELETE datasets/{dataset_id}",
                        who -> {
                            DOOMED.put(who, newDataset("doomed-" + tagKey(who), List.of(experiment)));
                            return CALLERS.get(who).delete(DATASETS + "/" + DOOMED.get(who), null);
                        },
                        who -> admin.get(DATASETS + "/" + DOOMED.get(who)).status() == 404,
                        () -> { }),
                new Group("manage", "POST experiments/permissions/create",
                        who -> CALLERS.get(who).post(API + "/experiments/permissions/create",
                                Map.of("experiment_id", experiment, "username", "target", "permission", "EDIT")),
                        who -> admin.get(API + "/experiments/permissions/get", "experiment_id", experiment,
                                "username", "target").status() == 200,
                        () -> admin.delete(API + "/experiments/permissions/delete",
                                Map.of("experiment_id", experiment, "username", "target")).ok()),
                new Group("manage", "POST registered-models/permissions/create",
                        who -> CALLERS.get(who).post(API + "/registered-models/permissions/create",
                                Map.of("name", MODEL, "username", "target", "permission", "EDIT")),
                        who -> admin.get(API + "/registered-models/permissions/get", "name", MODEL,
                                "username", "target").status() == 200,
                        () -> admin.delete(API + "/registered-models/permissions/delete",
                                Map.of("name", MODEL, "username", "target")).ok()),
                new Group("manage", "POST users/permissions/grant (MLflow 3)",
                        who -> CALLERS.get(who).post("/api/3.0/mlflow/users/permissions/grant",
                                Map.of("username", "target", "resource_type", "experiment", "resource_id", experiment,
                                        "permission", "READ")),
                        who -> admin.get(API + "/experiments/permissions/get", "experiment_id", experiment,
                                "username", "target").status() == 200,
                        () -> admin.post("/api/3.0/mlflow/users/permissions/revoke", Map.of("username", "target",
                                "resource_type", "experiment", "resource_id", experiment)).ok()));
    }

    private static String judge(String name) {
        return "{\"name\": \"" + name + "\", \"builtin_scorer_class\": \"Safety\"}";
    }

    private static String tagKey(String who) {
        return "k-" + who.replace(' ', '-');
    }

    private static String newTraceHex() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static String newDataset(String name, List<String> experimentIds) {
        return admin.post(DATASETS + "/create", Map.of("name", name, "experiment_ids", experimentIds)).ok()
                .at("/dataset/dataset_id").asText();
    }

    /**
     * MLflow's dataset validators: a dataset is judged on every experiment it belongs to, so one in no
     * experiment (or one that does not exist) is for admins only; create and search must name experiments;
     * linking a dataset to an experiment also needs UPDATE on that experiment.
     */
    @org.junit.jupiter.api.Test
    void datasetsAreJudgedOnAllTheirExperiments() {
        Client edit = CALLERS.get("edit");
        String own = edit.createExperiment("owned-by-edit");
        String mine = edit.post(DATASETS + "/create", Map.of("name", "mine", "experiment_ids", List.of(own))).ok()
                .at("/dataset/dataset_id").asText();
        edit.get(DATASETS + "/" + mine).ok();
        assertDenied(edit.post(DATASETS + "/create", Map.of("name", "nowhere")));
        assertDenied(edit.post(DATASETS + "/search", Map.of()));
        assertDenied(CALLERS.get("no_permissions").get(DATASETS + "/search", "experiment_ids", experiment));
        CALLERS.get("read").get(DATASETS + "/search", "experiment_ids", experiment).ok();

        String orphan = newDataset("orphan", List.of());
        assertDenied(CALLERS.get("manage").get(DATASETS + "/" + orphan));
        admin.get(DATASETS + "/" + orphan).ok();
        assertDenied(edit.get(DATASETS + "/d-ffffffffffffffffffffffffffffffff"));

        // Linked to the matrix experiment too, the dataset needs the level there as well.
        String shared = newDataset("shared", List.of(experiment, own));
        assertDenied(CALLERS.get("no_permissions").get(DATASETS + "/" + shared + "/experiment-ids"));
        edit.get(DATASETS + "/" + shared + "/experiment-ids").ok();
        assertDenied(edit.delete(DATASETS + "/" + shared, null));
        String readOnly = CALLERS.get("read").createExperiment("owned-by-read");
        admin.post(API + "/experiments/permissions/create",
                Map.of("experiment_id", readOnly, "username", "edit", "permission", "READ")).ok();
        assertDenied(edit.post(DATASETS + "/" + mine + "/add-experiments", Map.of("experiment_ids", List.of(readOnly))));
        assertEquals(List.of(own), experimentIds(mine));
        edit.post(DATASETS + "/" + mine + "/add-experiments", Map.of("experiment_ids", List.of(experiment))).ok();
        assertEquals(List.of(own, experiment), experimentIds(mine));
    }

    private static List<String> experimentIds(String datasetId) {
        List<String> ids = new ArrayList<>();
        admin.get(DATASETS + "/" + datasetId + "/experiment-ids").ok().path("experiment_ids")
                .forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** A new trace id for one group's call as one caller, remembered for the admin's check. */
    private static String newTrace(String group, String who) {
        String id = "tr-" + newTraceHex();
        TRACES.put(group + " " + who, id);
        return id;
    }

    private static JsonNode traceInfo(String traceId) {
        return admin.get(API3 + "/traces/" + traceId).ok().at("/trace/trace_info");
    }

    /** One finished root span in OTLP JSON. */
    private static Map<String, Object> otlpSpan(String hex) {
        long start = System.currentTimeMillis() * 1_000_000L;
        Map<String, Object> span = Map.of("traceId", hex, "spanId", hex.substring(0, 16), "name", "matrix",
                "startTimeUnixNano", Long.toString(start), "endTimeUnixNano", Long.toString(start + 1_000_000L),
                "status", Map.of("code", 1));
        return Map.of("resourceSpans", List.of(Map.of("scopeSpans", List.of(Map.of("spans", List.of(span))))));
    }

    /** The trace info a client sends when a trace ends (start-trace v3). */
    private static Map<String, Object> startTrace(String traceId) {
        return Map.of("trace", Map.of("trace_info", Map.of("trace_id", traceId, "trace_location", Map.of(
                "type", "MLFLOW_EXPERIMENT", "mlflow_experiment", Map.of("experiment_id", experiment)),
                "request_time", java.time.Instant.now().toString())));
    }

    @TestFactory
    Stream<DynamicTest> eachLevelAgainstEachGroup() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Group group : groups()) {
            for (String who : CALLERS.keySet()) {
                tests.add(dynamicTest(group.label() + " as " + who, () -> check(group, who)));
            }
        }
        return tests.stream();
    }

    /**
     * The check reads the request exactly as the handler does: a GET's JSON body, a body field that
     * overrides a path parameter, and the UI's repeated run_id are all judged on what is acted on.
     */
    @org.junit.jupiter.api.Test
    void requestsCannotNameOneResourceAndActOnAnother() {
        Client none = CALLERS.get("no_permissions");
        assertDenied(none.send("GET", API + "/experiments/get", Map.of("experiment_id", experiment)));
        assertDenied(none.get("/ajax-api/2.0/mlflow/metrics/get-history-bulk", "run_id", run, "metric_key", "m"));

        String victim = admin.post(API + "/logged-models", Map.of("experiment_id", experiment, "name", "victim")).ok()
                .at("/model/info/model_id").asText();
        String own = none.createExperiment("owned-by-no-permissions");
        String mine = none.post(API + "/logged-models", Map.of("experiment_id", own, "name", "mine")).ok()
                .at("/model/info/model_id").asText();
        assertDenied(none.patch(API + "/logged-models/" + mine,
                Map.of("model_id", victim, "status", "LOGGED_MODEL_READY")));
        assertEquals("LOGGED_MODEL_PENDING", admin.get(API + "/logged-models/" + victim).ok().at("/model/info/status").asText());
        none.patch(API + "/logged-models/" + mine, Map.of("status", "LOGGED_MODEL_READY")).ok();
    }

    /**
     * Routes without a resource to check: listing scorers without an experiment returns only readable
     * experiments' scorers; creating or searching issues without an experiment_id, or naming an
     * unknown issue, is refused to everyone but admins, as in MLflow.
     */
    @org.junit.jupiter.api.Test
    void scorerListsAreFilteredAndIssueRoutesNeedAnExperiment() {
        Client none = CALLERS.get("no_permissions");
        String own = none.createExperiment("scorers-of-no-permissions");
        none.post(API3 + "/scorers/register", Map.of("experiment_id", own, "name", "mine",
                "serialized_scorer", judge("mine"))).ok();
        List<String> visible = none.get(API3 + "/scorers/list").ok().path("scorers").findValuesAsText("scorer_name");
        assertTrue(visible.contains("mine") && !visible.contains(SCORER), visible.toString());
        assertTrue(admin.get(API3 + "/scorers/list").ok().path("scorers").findValuesAsText("scorer_name").contains(SCORER));
        assertDenied(none.post(API3 + "/issues/search", Map.of()));
        assertDenied(CALLERS.get("manage").post(API3 + "/issues", Map.of("name", "x", "description", "d")));
        assertDenied(CALLERS.get("manage").get(API3 + "/issues/iss-unknown"));
        admin.get(API3 + "/issues/iss-unknown").json();
        String scorerId = admin.get(API3 + "/scorers/get", "experiment_id", experiment, "name", SCORER).ok()
                .at("/scorer/scorer_id").asText();
        admin.send("PUT", API3 + "/scorers/online-config", Map.of("experiment_id", experiment, "name", SCORER,
                "sample_rate", 0)).ok();
        assertDenied(none.get(API3 + "/scorers/online-configs", "scorer_ids", scorerId));
        assertEquals(1, CALLERS.get("read").get(API3 + "/scorers/online-configs", "scorer_ids", scorerId).ok()
                .path("configs").size());
    }

    /** The UI's GraphQL reaches the same handlers, so a field naming an experiment is checked like the REST route. */
    @org.junit.jupiter.api.Test
    void graphQlFieldsAreCheckedLikeTheirRoutes() {
        String query = "query Q($input: MlflowGetExperimentInput!) { mlflowGetExperiment(input: $input) "
                + "{ experiment { experimentId name } } }";
        Map<String, Object> body = Map.of("query", query, "variables", Map.of("input", Map.of("experimentId", experiment)));
        JsonNode allowed = CALLERS.get("read").post("/graphql", body).ok();
        assertEquals("matrix", allowed.at("/data/mlflowGetExperiment/experiment/name").asText(), allowed.toString());
        JsonNode refused = CALLERS.get("no_permissions").post("/graphql", body).ok();
        assertTrue(refused.at("/data/mlflowGetExperiment").isNull(), refused.toString());
        assertTrue(refused.path("errors").toString().contains("Permission denied"), refused.toString());
        assertUnauthenticated(CALLERS.get("anonymous").post("/graphql", body));
    }

    private static void check(Group group, String who) {
        boolean authenticated = !Set.of("anonymous", "wrong password", "revoked token").contains(who);
        boolean allowed = authenticated && ALLOWED.get(group.name()).contains(who);
        Answer answer = group.call().apply(who);
        if (!authenticated) {
            assertUnauthenticated(answer);
        } else if (allowed) {
            answer.ok();
        } else {
            assertDenied(answer);
            assertEquals("Permission denied", answer.json().path("message").asText());
        }
        Boolean effect = group.tookEffect().apply(who);
        if (effect != null) {
            if (allowed) {
                assertTrue(effect, group.label() + " as " + who + " was answered 200 but changed nothing");
                group.undo().run();
            } else {
                assertFalse(effect, group.label() + " as " + who + " was refused but took effect");
            }
        }
    }
}
