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
 * experiments, runs and registered models, over HTTP. A refused request must change nothing: after
 * each refusal the admin checks that the tag, the lifecycle stage or the permission row is as before.
 */
class AuthMatrixTest {
    private static final String API = "/api/2.0/mlflow";
    private static AuthApp server;
    private static Client admin;
    private static String experiment;
    private static String run;
    private static final String MODEL = "matrix-model";
    /** Who calls, and what their permission on the experiment and the model allows. */
    private static final Map<String, Client> CALLERS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        server = new AuthApp(Permission.READ);
        admin = server.admin();
        experiment = admin.createExperiment("matrix");
        run = admin.createRun(experiment);
        admin.post(API + "/registered-models/create", Map.of("name", MODEL)).ok();
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

    private static String tagKey(String who) {
        return "k-" + who.replace(' ', '-');
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
