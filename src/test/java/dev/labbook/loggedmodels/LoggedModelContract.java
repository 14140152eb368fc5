package dev.labbook.loggedmodels;

import static dev.labbook.loggedmodels.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What logged models must do, black-box through HTTP, written once and run per backend (H2 in
 * {@link LoggedModelsH2Test}, MariaDB in {@link LoggedModelsMariaDbIT}). Every test works in its own
 * experiment, so a reused database does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoggedModelContract {
    static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
    static final String INVALID = "INVALID_PARAMETER_VALUE";
    static final String UNKNOWN_MODEL = "m-00000000000000000000000000000000";

    private App app;
    ApiClient api;
    Path artifactRoot;

    /** The --backend-store-uri of the backend under test. */
    abstract String backendUri();

    @BeforeAll
    void start() throws Exception {
        artifactRoot = Files.createTempDirectory("labbook-lm-artifacts");
        app = new App(new ServerConfig("127.0.0.1", 0, backendUri(), artifactRoot.toString(),
                artifactRoot.resolve("proxied").toString(), true, false, "", true, 4)).start("127.0.0.1", 0);
        api = new ApiClient("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    // ---- fixtures ----

    String experiment() {
        return api.ok("/experiments/create", obj("name", "lm-" + UUID.randomUUID())).path("experiment_id").asText();
    }

    String run(String experimentId) {
        return api.ok("/runs/create", obj("experiment_id", experimentId, "start_time", System.currentTimeMillis()))
                .at("/run/info/run_id").asText();
    }

    JsonNode model(String experimentId, Object... fields) {
        Map<String, Object> body = obj(fields);
        body.put("experiment_id", experimentId);
        return api.ok("/logged-models", body).path("model");
    }

    String modelId(String experimentId, Object... fields) {
        return model(experimentId, fields).at("/info/model_id").asText();
    }

    JsonNode get(String modelId) {
        return api.get("/logged-models/" + modelId).expect(200).json().path("model");
    }

    List<String> search(Object... fields) {
        JsonNode answer = api.ok("/logged-models/search", obj(fields));
        List<String> ids = new ArrayList<>();
        answer.path("models").forEach(m -> ids.add(m.at("/info/model_id").asText()));
        return ids;
    }

    static Map<String, Object> point(String key, double value, long step, Object... extra) {
        Map<String, Object> point = obj("key", key, "value", value, "timestamp", 1_000 + step, "step", step);
        point.putAll(obj(extra));
        return point;
    }

    // ---- create, get, finalize, delete ----

    @Test
    void createReturnsAPendingModelUnderTheExperimentsArtifactLocation() {
        String exp = experiment();
        String run = run(exp);
        JsonNode model = model(exp, "name", "my-model", "model_type", "agent", "source_run_id", run,
                "params", List.of(obj("key", "alpha", "value", "0.5")),
                "tags", List.of(obj("key", "mlflow.user", "value", "ada")));
        JsonNode info = model.path("info");
        assertTrue(info.path("model_id").asText().matches("m-[0-9a-f]{32}"), info.toString());
        assertEquals(exp, info.path("experiment_id").asText());
        assertEquals("my-model", info.path("name").asText());
        assertEquals("LOGGED_MODEL_PENDING", info.path("status").asText());
        assertEquals("agent", info.path("model_type").asText());
        assertEquals(run, info.path("source_run_id").asText());
        String experimentLocation = api.get("/experiments/get?experiment_id=" + exp).json()
                .at("/experiment/artifact_location").asText();
        assertEquals(experimentLocation + "/models/" + info.path("model_id").asText() + "/artifacts",
                info.path("artifact_uri").asText());
        assertEquals("ada", info.at("/tags/0/value").asText());
        assertEquals("0.5", model.at("/data/params/0/value").asText());
        assertEquals(model, get(info.path("model_id").asText()));
    }

    @Test
    void aModelWithoutANameGetsAGeneratedOne() {
        String name = model(experiment()).at("/info/name").asText();
        assertTrue(name.matches("[a-z]+-[a-z]+-\\d+"), name);
    }

    @Test
    void finalizeAcceptsTheStatusByNameOrNumber() {
        String id = modelId(experiment());
        JsonNode ready = api.patch("/logged-models/" + id, obj("model_id", id, "status", "LOGGED_MODEL_READY"))
                .expect(200).json();
        assertEquals("LOGGED_MODEL_READY", ready.at("/model/info/status").asText());
        api.patch("/logged-models/" + id, obj("status", 3)).expect(200);
        assertEquals("LOGGED_MODEL_UPLOAD_FAILED", get(id).at("/info/status").asText());
        api.patch("/logged-models/" + id, obj("status", "DONE")).error(400, INVALID);
        api.patch("/logged-models/" + id, obj()).error(400, INVALID);
    }

    @Test
    void deleteIsSoftAndHidesTheModelFromReadsAndSearch() {
        String exp = experiment();
        String id = modelId(exp);
        api.delete("/logged-models/" + id).expect(200);
        api.get("/logged-models/" + id).error(404, NOT_FOUND);
        JsonNode deleted = api.get("/logged-models/" + id + "?allow_deleted=true").expect(200).json();
        assertEquals(id, deleted.at("/model/info/model_id").asText());
        assertEquals(List.of(), search("experiment_ids", List.of(exp)));
        api.get("/logged-models/" + id + "/artifacts/directories").error(404, NOT_FOUND);
    }

    // ---- bad input ----

    @Test
    void unknownModelsAreNotFoundEverywhere() {
        String path = "/logged-models/" + UNKNOWN_MODEL;
        api.get(path).error(404, NOT_FOUND);
        api.patch(path, obj("status", "LOGGED_MODEL_READY")).error(404, NOT_FOUND);
        api.delete(path).error(404, NOT_FOUND);
        api.patch(path + "/tags", obj("tags", List.of(obj("key", "k", "value", "v")))).error(404, NOT_FOUND);
        api.delete(path + "/tags/k").error(404, NOT_FOUND);
        api.post(path + "/params", obj("params", List.of(obj("key", "k", "value", "v")))).error(404, NOT_FOUND);
        api.get(path + "/artifacts/directories").error(404, NOT_FOUND);
        assertTrue(api.get(path).json().path("message").asText().contains(UNKNOWN_MODEL));
    }

    @Test
    void invalidCreatesAreRefusedAndWriteNothing() {
        String exp = experiment();
        for (String bad : List.of("a/b", "a.b", "a:b", "50%", "it's", "say \"hi\"")) {
            api.post("/logged-models", obj("experiment_id", exp, "name", bad)).error(400, INVALID);
        }
        api.post("/logged-models", obj("name", "fine")).error(400, INVALID);
        api.post("/logged-models", obj("experiment_id", "987654321")).error(404, NOT_FOUND);
        api.post("/logged-models", obj("experiment_id", "abc")).error(400, INVALID);
        api.post("/logged-models", obj("experiment_id", exp, "params",
                List.of(obj("key", "p", "value", "1"), obj("key", "p", "value", "2")))).error(400, INVALID);
        api.post("/logged-models", obj("experiment_id", exp, "tags", List.of(obj("value", "no key"))))
                .error(400, INVALID);
        assertEquals(List.of(), search("experiment_ids", List.of(exp)));
    }

    @Test
    void aDeletedExperimentTakesNoNewModels() {
        String exp = experiment();
        api.ok("/experiments/delete", obj("experiment_id", exp));
        api.post("/logged-models", obj("experiment_id", exp)).error(400, INVALID);
    }

    // ---- params and tags ----

    @Test
    void paramsAreWriteOnceAndAFailedBatchWritesNothing() {
        String id = modelId(experiment(), "params", List.of(obj("key", "a", "value", "1")));
        String path = "/logged-models/" + id + "/params";
        api.post(path, obj("params", List.of(obj("key", "a", "value", "1"), obj("key", "b", "value", "2"))))
                .expect(200);
        api.post(path, obj("params", List.of(obj("key", "c", "value", "3"), obj("key", "a", "value", "changed"))))
                .error(400, INVALID);
        JsonNode params = get(id).at("/data/params");
        assertEquals(2, params.size(), params.toString());
        assertEquals("b", params.get(1).path("key").asText());
    }

    @Test
    void tagsAreUpsertedAndDeleted() {
        String id = modelId(experiment(), "tags", List.of(obj("key", "stage", "value", "dev")));
        api.patch("/logged-models/" + id + "/tags", obj("tags", List.of(obj("key", "stage", "value", "prod"),
                obj("key", "owner", "value", "ml team")))).expect(200).json();
        JsonNode tags = get(id).at("/info/tags");
        assertEquals("[{\"key\":\"owner\",\"value\":\"ml team\"},{\"key\":\"stage\",\"value\":\"prod\"}]", tags.toString());
        api.delete("/logged-models/" + id + "/tags/owner").expect(200);
        api.delete("/logged-models/" + id + "/tags/owner").error(404, NOT_FOUND);
        assertEquals(1, get(id).at("/info/tags").size());
    }

    // ---- metrics, outputs and inputs through the run endpoints ----

    @Test
    void metricsCarryingAModelIdAreAlsoTheModelsMetrics() {
        String exp = experiment();
        String run = run(exp);
        String id = modelId(exp, "source_run_id", run);
        api.ok("/runs/log-batch", obj("run_id", run, "metrics", List.of(
                point("loss", 0.5, 0),
                point("acc", 0.9, 0, "model_id", id, "dataset_name", "eval", "dataset_digest", "d1"),
                point("acc", Double.NaN, 1, "model_id", id))));
        api.ok("/runs/log-metric", obj("run_id", run, "key", "f1", "value", 0.7, "timestamp", 5, "step", 2,
                "model_id", id));
        JsonNode metrics = get(id).at("/data/metrics");
        assertEquals(3, metrics.size(), metrics.toString());
        JsonNode acc = metrics.get(0);
        assertEquals("acc", acc.path("key").asText());
        assertEquals(0.9, acc.path("value").asDouble());
        assertEquals("eval", acc.path("dataset_name").asText());
        assertEquals("d1", acc.path("dataset_digest").asText());
        assertEquals(run, acc.path("run_id").asText());
        assertEquals(id, acc.path("model_id").asText());
        assertEquals("NaN", metrics.get(1).path("value").asText());
        assertEquals("f1", metrics.get(2).path("key").asText());
        JsonNode runMetrics = api.get("/runs/get?run_id=" + run).json().at("/run/data/metrics");
        assertEquals(3, runMetrics.size(), "the run keeps its own copy: " + runMetrics);
    }

    @Test
    void aBatchNamingAnUnknownModelIsRefusedWhole() {
        String run = run(experiment());
        api.post("/runs/log-batch", obj("run_id", run, "metrics", List.of(point("loss", 0.5, 0),
                point("acc", 0.9, 0, "model_id", UNKNOWN_MODEL)))).error(404, NOT_FOUND);
        assertFalse(api.get("/runs/get?run_id=" + run).json().at("/run/data").has("metrics"));
    }

    @Test
    void outputsAndModelInputsAppearOnTheRun() {
        String exp = experiment();
        String run = run(exp);
        String produced = modelId(exp, "source_run_id", run);
        String used = modelId(exp);
        api.ok("/runs/outputs", obj("run_id", run, "models", List.of(obj("model_id", produced, "step", 3))));
        api.ok("/runs/outputs", obj("run_id", run, "models", List.of(obj("model_id", produced, "step", 3))));
        api.ok("/runs/log-inputs", obj("run_id", run, "models", List.of(obj("model_id", used))));
        JsonNode got = api.get("/runs/get?run_id=" + run).json().path("run");
        assertEquals("[{\"model_id\":\"" + produced + "\",\"step\":3}]", got.at("/outputs/model_outputs").toString());
        assertEquals("[{\"model_id\":\"" + used + "\"}]", got.at("/inputs/model_inputs").toString());
        JsonNode searched = api.ok("/runs/search", obj("experiment_ids", List.of(exp))).at("/runs/0");
        assertEquals(got.path("outputs"), searched.path("outputs"));
        assertEquals(got.path("inputs"), searched.path("inputs"));

        api.post("/runs/outputs", obj("run_id", run, "models", List.of(obj("model_id", UNKNOWN_MODEL))))
                .error(404, NOT_FOUND);
        api.post("/runs/outputs", obj("run_id", run)).error(400, INVALID);
        api.post("/runs/outputs", obj("run_id", "ffffffffffffffffffffffffffffffff",
                "models", List.of(obj("model_id", produced)))).error(404, NOT_FOUND);
        api.post("/runs/log-inputs", obj("run_id", run, "models", List.of(obj("model_id", UNKNOWN_MODEL))))
                .error(404, NOT_FOUND);
    }

    // ---- artifacts ----

    @Test
    void artifactsAreListedAndDownloadedFromTheModelsLocation() throws Exception {
        JsonNode model = model(experiment());
        String id = model.at("/info/model_id").asText();
        Path root = Path.of(model.at("/info/artifact_uri").asText());
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("MLmodel"), "flavors: {}\n");
        Files.writeString(root.resolve("data/model.json"), "{\"w\": 1}");
        JsonNode top = api.get("/logged-models/" + id + "/artifacts/directories").expect(200).json();
        assertEquals(root.toString(), top.path("root_uri").asText());
        assertEquals("[{\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":12},{\"path\":\"data\",\"is_dir\":true}]",
                top.path("files").toString());
        JsonNode sub = api.get("/logged-models/" + id + "/artifacts/directories?artifact_directory_path=data")
                .expect(200).json();
        assertEquals("data/model.json", sub.at("/files/0/path").asText());
        var file = api.send("GET", "/ajax-api/2.0/mlflow/logged-models/" + id
                + "/artifacts/files?artifact_file_path=data/model.json", null).expect(200);
        assertEquals("{\"w\": 1}", file.body());
        assertTrue(file.contentType().startsWith("application/json"), file.contentType());
        api.send("GET", "/ajax-api/2.0/mlflow/logged-models/" + id + "/artifacts/files?artifact_file_path=nope", null)
                .error(404, NOT_FOUND);
        api.send("GET", "/ajax-api/2.0/mlflow/logged-models/" + id + "/artifacts/files", null).error(400, "BAD_REQUEST");
        api.get("/logged-models/" + id + "/artifacts/directories?artifact_directory_path=../x").error(400, INVALID);
    }
}
