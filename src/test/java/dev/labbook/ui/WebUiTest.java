package dev.labbook.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web UI routes on H2, with a temporary folder standing in for the UI build. */
class WebUiTest {
    /** The UI build inside the test venv that .ci/run creates (.venv), when there is one. */
    static final Path REAL_BUILD = realBuild();
    static final ObjectMapper JSON = new ObjectMapper();

    private static Path realBuild() {
        Path lib = Path.of(".venv", "lib");
        try (var pythons = java.nio.file.Files.list(lib)) {
            return pythons.map(p -> p.resolve("site-packages/mlflow/server/js/build")).filter(UiFiles::isBuild)
                    .findFirst().orElse(lib.resolve("no-mlflow-build"));
        } catch (java.io.IOException e) {
            return lib.resolve("no-mlflow-build");
        }
    }
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The UI's own query texts, as found in the shipped bundle (static/js/*.js). */
    static final String GET_EXPERIMENT = """
              query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) @component(name: "MLflow.ExperimentRunTracking") {
                mlflowGetExperiment(input: $input) {
                  apiError {
                    code
                    message
                  }
                  experiment {
                    artifactLocation
                    creationTime
                    effectiveTraceArchivalRetention
                    experimentId
                    lastUpdateTime
                    lifecycleStage
                    name
                    tags {
                      key
                      value
                    }
                  }
                }
              }
            """;
    static final String RUN_FIELDS = """
                    info {
                      runName
                      status
                      runUuid
                      experimentId
                      artifactUri
                      endTime
                      lifecycleStage
                      startTime
                      userId
                    }
                    experiment {
                      experimentId
                      name
                      tags {
                        key
                        value
                      }
                      artifactLocation
                      lifecycleStage
                      lastUpdateTime
                    }
                    data {
                      metrics {
                        key
                        value
                        step
                        timestamp
                      }
                      params {
                        key
                        value
                      }
                      tags {
                        key
                        value
                      }
                    }
                    inputs {
                      datasetInputs {
                        dataset {
                          digest
                          name
                          profile
                          schema
                          source
                          sourceType
                        }
                        tags {
                          key
                          value
                        }
                      }
                      modelInputs {
                        modelId
                      }
                    }
                    outputs {
                      modelOutputs {
                        modelId
                        step
                      }
                    }
            """;
    static final String GET_RUN = """
              query GetRun($data: MlflowGetRunInput!) @component(name: "MLflow.ExperimentRunTracking") {
                mlflowGetRun(input: $data) {
                  apiError {
                    helpUrl
                    code
                    message
                  }
                  run {
            """ + RUN_FIELDS + """
                    modelVersions {
                      status
                      version
                      name
                      source
                    }
                  }
                }
              }
            """;
    static final String SEARCH_RUNS = """
              query SearchRuns($data: MlflowSearchRunsInput!) {
                mlflowSearchRuns(input: $data) {
                  apiError {
                    helpUrl
                    code
                    message
                  }
                  runs {
            """ + RUN_FIELDS + """
                    modelVersions {
                      version
                      name
                      creationTimestamp
                      status
                      source
                    }
                  }
                }
              }
            """;
    static final String BULK_INTERVAL = """
              query GetMetricHistoryBulkInterval($data: MlflowGetMetricHistoryBulkIntervalInput!)
              @component(name: "MLflow.ExperimentRunTracking") {
                mlflowGetMetricHistoryBulkInterval(input: $data) {
                  __typename
                  metrics {
                    timestamp
                    step
                    runId
                    key
                    value
                  }
                  apiError {
                    code
                    message
                  }
                }
              }
            """;

    static Path outside;
    static Path build;
    static App app;
    static String base;
    static String experimentId;
    static String runId;

    @BeforeAll
    static void start() throws Exception {
        Path parent = Files.createTempDirectory("labbook-ui-test-");
        build = Files.createDirectories(parent.resolve("build"));
        outside = parent.resolve("secret.txt");
        Files.writeString(outside, "TOP SECRET");
        Files.writeString(build.resolve("index.html"), "<!doctype html><title>MLflow</title>");
        Files.createDirectories(build.resolve("static/js"));
        Files.writeString(build.resolve("static/js/main.00d66947.js"), "console.log('ui')");
        Files.writeString(build.resolve("static/js/main.00d66947.js.map"), "{}");
        Files.writeString(build.resolve("manifest.json"), "{\"name\": \"MLflow\"}");
        Files.createDirectories(build.resolve("static/media"));
        Files.writeString(build.resolve("static/media/logo.3f2c1a9b.svg"), "<svg/>");
        Files.write(build.resolve("static/media/font.0123abcd.woff2"), new byte[] {1, 2, 3});
        try {
            Files.createSymbolicLink(build.resolve("static/link.txt"), outside);
        } catch (IOException | UnsupportedOperationException e) {
            // no symlinks on this file system: that check is skipped
        }
        app = new App(config(build)).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();

        experimentId = post("/api/2.0/mlflow/experiments/create", "{\"name\": \"ui-" + UUID.randomUUID() + "\"}")
                .get("experiment_id").asText();
        post("/api/2.0/mlflow/experiments/set-experiment-tag", "{\"experiment_id\": \"" + experimentId
                + "\", \"key\": \"mlflow.experimentKind\", \"value\": \"custom_model_development\"}");
        runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId
                + "\", \"run_name\": \"happy-run\", \"start_time\": 1700000000000}").at("/run/info/run_id").asText();
        post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + runId + "\", "
                + "\"metrics\": [{\"key\": \"loss\", \"value\": 0.5, \"timestamp\": 1700000000001, \"step\": 3},"
                + " {\"key\": \"bad\", \"value\": \"NaN\", \"timestamp\": 1700000000002, \"step\": 0}],"
                + " \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], \"tags\": [{\"key\": \"team\", \"value\": \"ml\"}]}");
        post("/api/2.0/mlflow/registered-models/create", "{\"name\": \"ui-model\"}");
        post("/api/2.0/mlflow/model-versions/create", "{\"name\": \"ui-model\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}");
    }

    static ServerConfig config(Path uiDir) {
        return new ServerConfig("127.0.0.1", 0, "h2:mem:ui-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "file:///tmp/labbook-ui-test-artifacts", null, false, false, "", true, 4, uiDir);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode graphql(String query, String operationName, Object variables) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("operationName", operationName);
        body.set("variables", JSON.valueToTree(variables));
        body.put("query", query);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    // ---- page and files ----

    @Test
    void indexIsServedWithoutCaching() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", "")
                .toLowerCase(java.util.Locale.ROOT));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("<!doctype html><title>MLflow</title>", r.body());
    }

    @Test
    void staticFilesHaveTheirTypesAndCacheHeaders() throws Exception {
        HttpResponse<String> js = get("/static-files/static/js/main.00d66947.js");
        assertEquals(200, js.statusCode());
        assertEquals("console.log('ui')", js.body());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals("public, max-age=2419200", js.headers().firstValue("Cache-Control").orElse(""));

        assertTrue(get("/static-files/static/js/main.00d66947.js.map").headers().firstValue("Content-Type")
                .orElse("").startsWith("application/json"));
        assertEquals("image/svg+xml", get("/static-files/static/media/logo.3f2c1a9b.svg").headers()
                .firstValue("Content-Type").orElse(""));
        HttpResponse<String> font = get("/static-files/static/media/font.0123abcd.woff2");
        assertEquals("font/woff2", font.headers().firstValue("Content-Type").orElse(""));
        assertEquals("public, max-age=2419200", font.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<String> manifest = get("/static-files/manifest.json");
        assertEquals(200, manifest.statusCode());
        assertTrue(manifest.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("no-cache", manifest.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(200, get("/static-files/index.html").statusCode());
    }

    @Test
    void missingFilesAre404() throws Exception {
        assertEquals(404, get("/static-files/static/js/nope.js").statusCode());
        assertEquals(404, get("/static-files/static").statusCode());
        assertEquals(404, get("/static-files/static/js/").statusCode());
    }

    @Test
    void traversalNeverLeavesTheBuild() throws Exception {
        for (String attempt : List.of("../secret.txt", "static/../../secret.txt", "%2e%2e/secret.txt",
                "%2E%2E%2Fsecret.txt", "static%2F..%2F..%2Fsecret.txt", "..%5Csecret.txt", "%5C..%5Csecret.txt",
                "%252e%252e%252fsecret.txt", "%2Ftmp%2Fsecret.txt", "static/link.txt", "..;/secret.txt")) {
            HttpResponse<String> r = get("/static-files/" + attempt);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, attempt + " answered " + r.statusCode());
            assertFalse(r.body().contains("TOP SECRET"), attempt + " leaked the file");
        }
        UiFiles files = new UiFiles(build);
        for (String attempt : List.of("../secret.txt", "/etc/passwd", "a\\..\\..\\secret.txt", "%2e%2e/secret.txt")) {
            try {
                files.file(attempt);
                throw new AssertionError(attempt + " was accepted");
            } catch (dev.labbook.http.MlflowException expected) {
                // refused
            }
        }
    }

    @Test
    void withoutABuildThePageSaysHowToGetOne() throws Exception {
        try (App bare = new App(config(null)).start("127.0.0.1", 0)) {
            String bareBase = "http://127.0.0.1:" + bare.port();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(bareBase + "/")).GET());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("pip install mlflow"));
            assertTrue(r.body().contains("--ui-dir"));
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(bareBase + "/static-files/index.html")).GET())
                    .statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(bareBase + "/api/2.0/mlflow/experiments/get?experiment_id=0"))
                    .GET()).statusCode());
        }
    }

    @Test
    void theUiLivesUnderTheStaticPrefix() throws Exception {
        ServerConfig c = config(build);
        ServerConfig prefixed = new ServerConfig(c.host(), 0, "h2:mem:ui-prefixed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", c.defaultArtifactRoot(),
                null, false, false, "/mlflow", true, 4, build);
        try (App under = new App(prefixed).start("127.0.0.1", 0)) {
            String root = "http://127.0.0.1:" + under.port();
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(root + "/mlflow/")).GET()).statusCode());
            HttpResponse<String> bare = send(HttpRequest.newBuilder(URI.create(root + "/mlflow?x=1")).GET());
            assertEquals(308, bare.statusCode(), "the prefix without its slash redirects, as Flask's strict slashes do");
            assertEquals("/mlflow/?x=1", bare.headers().firstValue("Location").orElse(""));
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(root + "/mlflow/static-files/static/js/main.00d66947.js"))
                    .GET()).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(root + "/static-files/static/js/main.00d66947.js"))
                    .GET()).statusCode());
            HttpResponse<String> gql = send(HttpRequest.newBuilder(URI.create(root + "/mlflow/graphql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"{ test(inputString: \\\"hi\\\") { output } }\"}")));
            assertEquals("hi", JSON.readTree(gql.body()).at("/data/test/output").asText(), gql.body());
        }
    }

    @Test
    void uiTelemetryIsOff() throws Exception {
        HttpResponse<String> r = get("/ajax-api/3.0/mlflow/ui-telemetry");
        assertEquals(200, r.statusCode());
        assertEquals(JSON.readTree("{\"disable_ui_telemetry\": true, \"disable_ui_events\": [], \"ui_rollout_percentage\": 0}"),
                JSON.readTree(r.body()));
        assertEquals(JSON.readTree("{\"status\": \"disabled\"}"), post("/ajax-api/3.0/mlflow/ui-telemetry",
                "{\"records\": [{\"event_name\": \"x\", \"timestamp_ns\": 1}]}"));
    }

    @Test
    void realBuildIsServed() throws Exception {
        Assumptions.assumeTrue(UiFiles.isBuild(REAL_BUILD), "no mlflow UI build at " + REAL_BUILD);
        try (App real = new App(config(REAL_BUILD)).start("127.0.0.1", 0)) {
            String realBase = "http://127.0.0.1:" + real.port();
            HttpResponse<String> index = send(HttpRequest.newBuilder(URI.create(realBase + "/")).GET());
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("static-files/"), "index.html references its bundles");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("static-files/(static/js/main\\.[0-9a-f]+\\.js)")
                    .matcher(index.body());
            assertTrue(m.find(), "index.html names its main bundle");
            HttpResponse<String> main = send(HttpRequest.newBuilder(URI.create(realBase + "/static-files/" + m.group(1))).GET());
            assertEquals(200, main.statusCode());
            assertTrue(main.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertEquals("public, max-age=2419200", main.headers().firstValue("Cache-Control").orElse(""));
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(realBase + "/static-files/favicon.ico")).GET())
                    .statusCode());
            // The bundle's GraphQL queries are the ones tested here.
            String bundle = main.body();
            assertTrue(bundle.contains("query MlflowGetExperimentQuery"));
        }
    }

    // ---- GraphQL ----

    @Test
    void getExperimentAsTheUiAsks() throws Exception {
        JsonNode answer = graphql(GET_EXPERIMENT, "MlflowGetExperimentQuery",
                java.util.Map.of("input", java.util.Map.of("experimentId", experimentId)));
        assertTrue(answer.get("errors").isNull(), answer.toString());
        JsonNode e = answer.at("/data/mlflowGetExperiment/experiment");
        assertEquals(experimentId, e.get("experimentId").asText());
        assertEquals("active", e.get("lifecycleStage").asText());
        assertTrue(e.get("creationTime").isTextual(), "LongString: " + e);
        assertTrue(e.get("lastUpdateTime").isTextual(), "LongString: " + e);
        assertTrue(e.get("effectiveTraceArchivalRetention").isNull());
        assertTrue(e.get("tags").toString().contains("mlflow.experimentKind"));
        for (JsonNode tag : e.get("tags")) {
            assertTrue(tag.get("value").isTextual(), "tag values are strings: " + tag);
        }
        assertTrue(answer.at("/data/mlflowGetExperiment/apiError").isNull());
    }

    @Test
    void getRunAsTheUiAsks() throws Exception {
        JsonNode answer = graphql(GET_RUN, "GetRun", java.util.Map.of("data", java.util.Map.of("runId", runId)));
        assertTrue(answer.get("errors").isNull(), answer.toString());
        JsonNode run = answer.at("/data/mlflowGetRun/run");
        assertEquals(runId, run.at("/info/runUuid").asText());
        assertEquals("happy-run", run.at("/info/runName").asText());
        assertEquals("RUNNING", run.at("/info/status").asText());
        assertEquals("1700000000000", run.at("/info/startTime").asText());
        assertTrue(run.at("/info/startTime").isTextual());
        assertTrue(run.at("/info/endTime").isNull());
        assertEquals(experimentId, run.at("/experiment/experimentId").asText());
        assertTrue(run.at("/experiment/lastUpdateTime").isTextual());
        JsonNode metrics = run.at("/data/metrics");
        assertEquals(2, metrics.size(), metrics.toString());
        for (JsonNode m : metrics) {
            assertTrue(m.get("step").isTextual() && m.get("timestamp").isTextual(), m.toString());
            if (m.get("key").asText().equals("loss")) {
                assertEquals(0.5, m.get("value").asDouble());
                assertEquals("3", m.get("step").asText());
            } else {
                assertTrue(m.get("value").isNull(), "NaN is null: " + m);
            }
        }
        assertEquals("lr", run.at("/data/params/0/key").asText());
        assertEquals("0.1", run.at("/data/params/0/value").asText(), "param values stay strings");
        assertTrue(run.at("/data/tags").toString().contains("{\"key\":\"team\",\"value\":\"ml\"}"),
                "tag values stay strings (a null one breaks the UI): " + run.at("/data/tags"));
        assertTrue(run.at("/inputs/datasetInputs").isArray());
        assertTrue(run.at("/outputs/modelOutputs").isArray());
        JsonNode versions = run.get("modelVersions");
        assertEquals(1, versions.size(), versions.toString());
        assertEquals("ui-model", versions.at("/0/name").asText());
        assertEquals("1", versions.at("/0/version").asText());
        assertEquals("READY", versions.at("/0/status").asText());
    }

    @Test
    void searchRunsAsTheUiAsks() throws Exception {
        JsonNode answer = graphql(SEARCH_RUNS, "SearchRuns", java.util.Map.of("data", java.util.Map.of(
                "experimentIds", List.of(experimentId), "filter", "", "runViewType", "ACTIVE_ONLY", "maxResults", 10)));
        assertTrue(answer.get("errors").isNull(), answer.toString());
        JsonNode runs = answer.at("/data/mlflowSearchRuns/runs");
        assertEquals(1, runs.size());
        assertEquals(runId, runs.at("/0/info/runUuid").asText());
        assertTrue(runs.at("/0/modelVersions/0/creationTimestamp").isTextual());
        assertEquals(experimentId, runs.at("/0/experiment/experimentId").asText());
    }

    @Test
    void metricHistoryBulkInterval() throws Exception {
        JsonNode answer = graphql(BULK_INTERVAL, "GetMetricHistoryBulkInterval", java.util.Map.of("data",
                new java.util.HashMap<>(java.util.Map.of("runIds", List.of(runId), "metricKey", "loss", "maxResults", 320))));
        assertTrue(answer.get("errors").isNull(), answer.toString());
        JsonNode result = answer.at("/data/mlflowGetMetricHistoryBulkInterval");
        assertEquals("MlflowGetMetricHistoryBulkIntervalResponse", result.get("__typename").asText());
        assertEquals(runId, result.at("/metrics/0/runId").asText());
        assertEquals("3", result.at("/metrics/0/step").asText());
        assertEquals(0.5, result.at("/metrics/0/value").asDouble());
    }

    @Test
    void otherOperationsWithAliasesAndFragments() throws Exception {
        String query = """
                query Other($runId: String, $exp: [String]) {
                  artifacts: mlflowListArtifacts(input: {runId: $runId}) { rootUri files { path isDir fileSize } }
                  versions: mlflowSearchModelVersions(input: {filter: "name = 'ui-model'"}) { modelVersions { ...mv } }
                  datasets: mlflowSearchDatasets(input: {experimentIds: $exp}) { datasetSummaries { name digest } }
                  test(inputString: "echo") { output }
                }
                fragment mv on MlflowModelVersion { name version runId creationTimestamp }
                """;
        JsonNode answer = graphql(query, "Other", java.util.Map.of("runId", runId, "exp", List.of(experimentId)));
        assertTrue(answer.get("errors").isNull(), answer.toString());
        JsonNode data = answer.get("data");
        assertTrue(data.at("/artifacts/files").isArray());
        assertEquals(runId, data.at("/versions/modelVersions/0/runId").asText());
        assertTrue(data.at("/versions/modelVersions/0/creationTimestamp").isTextual());
        assertTrue(data.at("/datasets/datasetSummaries").isArray());
        assertEquals("echo", data.at("/test/output").asText());
    }

    @Test
    void errorsArePlainStringsWithStatus200() throws Exception {
        JsonNode missing = graphql(GET_RUN, "GetRun", java.util.Map.of("data", java.util.Map.of("runId", "f".repeat(32))));
        assertTrue(missing.at("/data/mlflowGetRun").isNull());
        assertTrue(missing.get("errors").get(0).isTextual(), missing.toString());

        JsonNode unknown = graphql("query X { mlflowNoSuchThing { x } }", "X", java.util.Map.of());
        assertTrue(unknown.get("errors").get(0).asText().contains("mlflowNoSuchThing"));

        JsonNode syntax = graphql("query X { mlflowGetRun(", "X", java.util.Map.of());
        assertTrue(syntax.get("data").isNull());
        assertTrue(syntax.get("errors").get(0).asText().startsWith("Syntax Error"), syntax.toString());

        JsonNode wrongName = graphql(GET_RUN, "Nope", java.util.Map.of());
        assertTrue(wrongName.get("data").isNull());

        StringBuilder deep = new StringBuilder("query D { ");
        for (int i = 0; i < 12; i++) {
            deep.append("a { ");
        }
        deep.append("b").append(" }".repeat(12)).append(" }");
        assertTrue(graphql(deep.toString(), "D", java.util.Map.of()).get("data").isNull());

        HttpResponse<String> notJson = send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{nope")));
        assertEquals(200, notJson.statusCode());
        assertTrue(JSON.readTree(notJson.body()).get("errors").get(0).isTextual());
    }

    @Test
    void graphqlOverGet() throws Exception {
        String url = base + "/graphql?query=" + URLEncoder.encode(GET_EXPERIMENT, StandardCharsets.UTF_8)
                + "&operationName=MlflowGetExperimentQuery&variables="
                + URLEncoder.encode("{\"input\": {\"experimentId\": \"" + experimentId + "\"}}", StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(200, r.statusCode());
        assertEquals(experimentId, JSON.readTree(r.body()).at("/data/mlflowGetExperiment/experiment/experimentId").asText());
    }

    @Test
    void hashedNamesAreRecognised() {
        assertTrue(UiFiles.isHashed(Path.of("main.00d66947.js")));
        assertTrue(UiFiles.isHashed(Path.of("TelemetryLogger.telemetry-worker.d0f8ea2c83c08b63528f.worker.js")));
        assertFalse(UiFiles.isHashed(Path.of("manifest.json")));
        assertFalse(UiFiles.isHashed(Path.of("index.html")));
        assertNotEquals("application/octet-stream", UiFiles.contentType(Path.of("favicon.ico")));
    }
}
