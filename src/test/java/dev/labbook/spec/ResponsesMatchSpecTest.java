package dev.labbook.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import dev.labbook.http.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Calls every route of a running server (in-memory H2) with a valid request and with bad ones,
 * and checks each answer's status, media type and body against api-spec/openapi.json. Valid
 * requests are also checked against the spec's request side (body schema, query parameters).
 * A second run against a database that has gone away checks the 503 answers.
 */
class ResponsesMatchSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN_EXPERIMENT = "987654321";
    private static final String UNKNOWN_RUN = "ffffffffffffffffffffffffffffffff";
    private static final String UNKNOWN_MODEL = "m-ffffffffffffffffffffffffffffffff";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static OpenApiSpec spec;
    private static App app;
    private static HttpClient http;
    private static String base;
    private static LiveFixtures live;

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        app = new App(servingArtifacts(SpecApps.inMemory("responses"))).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        live = new LiveFixtures();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What each endpoint is called with. Keys are "METHOD <path after /mlflow>" (raw routes: full path).
    // ---------------------------------------------------------------------------------------------

    /** One request to make and the answer expected. */
    record Case(String label, boolean valid, int status, String errorCode, Function<Fixtures, Req> request) {}

    /** A request: query pairs (a value may be a List for a repeated key), an optional body and headers. */
    record Req(List<Map.Entry<String, Object>> query, String body, String contentType, Map<String, String> headers) {}

    private static final Map<String, List<Case>> SCENARIOS = new LinkedHashMap<>();

    private static void endpoint(String key, Case... cases) {
        if (SCENARIOS.put(key, List.of(cases)) != null) {
            throw new IllegalStateException("two scenario lists for " + key);
        }
    }

    private static Case ok(Function<Fixtures, Req> request) {
        return new Case("valid request", true, 200, null, request);
    }

    private static Case fails(String label, int status, String errorCode, Function<Fixtures, Req> request) {
        return new Case(label, false, status, errorCode, request);
    }

    private static final String INVALID = "INVALID_PARAMETER_VALUE";
    private static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";

    static {
        // ---- system ----
        endpoint("GET /health", ok(f -> get()));
        endpoint("GET /version", ok(f -> get()));
        endpoint("POST /v1/traces", new Case("span export is refused", true, 501, null,
                f -> raw("", "application/x-protobuf", Map.of("x-mlflow-experiment-id", "0"))));
        endpoint("GET /server-info",
                ok(f -> get()),
                fails("malformed JSON body", 400, INVALID, f -> new Req(List.of(), "{not json", "application/json", Map.of())));

        // ---- experiments ----
        endpoint("POST /experiments/create",
                ok(f -> post(obj("name", f.unique("spec-exp"), "artifact_location", "file:///tmp/labbook-spec/custom",
                        "tags", List.of(obj("key", "team", "value", "vision"))))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("name already taken", 400, "RESOURCE_ALREADY_EXISTS", f -> post(obj("name", f.experimentName()))),
                fails("no Content-Type", 400, INVALID,
                        f -> new Req(List.of(), "{\"name\": \"" + f.unique("spec-exp") + "\"}", null, Map.of())));
        endpoint("GET /experiments/get",
                ok(f -> get("experiment_id", f.experiment())),
                fails("experiment id is not a number", 400, INVALID, f -> get("experiment_id", "abc")),
                fails("unknown experiment", 404, NOT_FOUND, f -> get("experiment_id", UNKNOWN_EXPERIMENT)));
        endpoint("GET /experiments/get-by-name",
                ok(f -> get("experiment_name", f.experimentName())),
                fails("missing experiment_name", 400, INVALID, f -> get()),
                fails("unknown name", 404, NOT_FOUND, f -> get("experiment_name", f.unique("no-such-exp"))));
        endpoint("GET /experiments/search",
                ok(f -> get("max_results", "1", "view_type", "ALL", "order_by", List.of("name ASC", "creation_time DESC"),
                        "filter", "name LIKE 'spec-%'")),
                fails("missing max_results", 400, INVALID, f -> get("view_type", "ALL")));
        endpoint("POST /experiments/search",
                ok(f -> post(obj("max_results", 1, "view_type", "ACTIVE_ONLY", "order_by", List.of("last_update_time DESC")))),
                fails("unparsable filter", 400, INVALID, f -> post(obj("max_results", 10, "filter", "name === 'x'"))));
        endpoint("POST /experiments/update",
                ok(f -> post(obj("experiment_id", f.experiment(), "new_name", f.unique("spec-renamed")))),
                fails("missing new_name", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "new_name", f.unique("spec-renamed")))));
        endpoint("POST /experiments/delete",
                ok(f -> post(obj("experiment_id", f.experiment()))),
                fails("missing experiment_id", 400, INVALID, f -> post(obj())),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("POST /experiments/restore",
                ok(f -> post(obj("experiment_id", f.deletedExperiment()))),
                fails("missing experiment_id", 400, INVALID, f -> post(obj())),
                fails("experiment is not deleted", 404, NOT_FOUND, f -> post(obj("experiment_id", f.experiment()))));
        endpoint("POST /experiments/set-experiment-tag",
                ok(f -> post(obj("experiment_id", f.experiment(), "key", "stage", "value", "dev"))),
                fails("missing key", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "value", "dev"))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "key", "stage", "value", "dev"))));
        endpoint("POST /experiments/delete-experiment-tag",
                ok(f -> post(obj("experiment_id", f.experiment(), "key", "team"))),
                fails("missing key", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("no such tag", 404, NOT_FOUND, f -> post(obj("experiment_id", f.experiment(), "key", "absent"))));
        endpoint("POST /experiments/search-datasets",
                ok(f -> post(obj("experiment_ids", List.of(f.richExperiment())))),
                fails("no experiment ids", 400, INVALID, f -> post(obj("experiment_ids", List.of()))));

        // ---- runs ----
        endpoint("POST /runs/create",
                ok(f -> post(obj("experiment_id", f.experiment(), "user_id", "spec-user", "run_name", "spec-run",
                        "start_time", System.currentTimeMillis(),
                        "tags", List.of(obj("key", "mlflow.source.name", "value", "spec.py"))))),
                fails("run_name and mlflow.runName differ", 400, INVALID, f -> post(obj("experiment_id", f.experiment(),
                        "run_name", "a", "tags", List.of(obj("key", "mlflow.runName", "value", "b"))))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("GET /runs/get",
                ok(f -> get("run_id", f.richRun())),
                fails("missing run_id", 400, INVALID, f -> get()),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN)));
        endpoint("POST /runs/update",
                ok(f -> post(obj("run_id", f.run(), "status", "FINISHED", "end_time", System.currentTimeMillis(),
                        "run_name", "spec-finished"))),
                fails("unknown status", 400, INVALID, f -> post(obj("run_id", f.run(), "status", "DONE"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "status", "FINISHED"))));
        endpoint("POST /runs/delete",
                ok(f -> post(obj("run_id", f.run()))),
                fails("missing run_id", 400, INVALID, f -> post(obj())),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN))));
        endpoint("POST /runs/restore",
                ok(f -> post(obj("run_id", f.deletedRun()))),
                fails("missing run_id", 400, INVALID, f -> post(obj())),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN))));
        endpoint("POST /runs/search",
                ok(f -> post(obj("experiment_ids", List.of(f.richExperiment()), "filter", "metrics.loss < 10",
                        "run_view_type", "ACTIVE_ONLY", "max_results", 1, "order_by", List.of("start_time DESC")))),
                fails("unparsable filter", 400, INVALID,
                        f -> post(obj("experiment_ids", List.of(f.richExperiment()), "filter", "metrics.loss <<< 1"))));
        endpoint("POST /runs/set-tag",
                ok(f -> post(obj("run_id", f.run(), "key", "spec.note", "value", "hello"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run(), "value", "hello"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "k", "value", "v"))));
        endpoint("POST /runs/delete-tag",
                ok(f -> post(obj("run_id", f.run(), "key", "spec.tag"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run()))),
                fails("no such tag", 404, NOT_FOUND, f -> post(obj("run_id", f.run(), "key", "absent"))));
        endpoint("POST /runs/log-parameter",
                ok(f -> post(obj("run_id", f.run(), "key", "alpha", "value", "0.5"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run(), "value", "0.5"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "alpha", "value", "0.5"))));
        endpoint("POST /runs/log-metric",
                ok(f -> post(obj("run_id", f.run(), "key", "loss", "value", "NaN", "timestamp", System.currentTimeMillis(),
                        "step", 3))),
                fails("missing timestamp", 400, INVALID, f -> post(obj("run_id", f.run(), "key", "loss", "value", 1.5))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "loss", "value", 1.5,
                        "timestamp", System.currentTimeMillis()))));
        endpoint("POST /runs/log-batch",
                ok(f -> post(obj("run_id", f.run(),
                        "metrics", List.of(obj("key", "acc", "value", 0.9, "timestamp", System.currentTimeMillis(), "step", 1)),
                        "params", List.of(obj("key", "depth", "value", "4")),
                        "tags", List.of(obj("key", "stage", "value", "train"))))),
                fails("metric without timestamp", 400, INVALID,
                        f -> post(obj("run_id", f.run(), "metrics", List.of(obj("key", "acc", "value", 0.9))))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "params", List.of(obj("key", "depth", "value", "4"))))));
        endpoint("POST /runs/log-inputs",
                ok(f -> post(obj("run_id", f.run(), "datasets", List.of(dataset("spec-ds", "d1"))))),
                fails("dataset without digest", 400, INVALID, f -> post(obj("run_id", f.run(), "datasets",
                        List.of(obj("dataset", obj("name", "x", "source_type", "local", "source", "{}")))))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "datasets", List.of(dataset("spec-ds", "d1"))))));

        // ---- metrics ----
        endpoint("GET /metrics/get-history",
                ok(f -> get("run_id", f.richRun(), "metric_key", "loss", "max_results", "2")),
                fails("missing metric_key", 400, INVALID, f -> get("run_id", f.richRun())),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN, "metric_key", "loss")));
        endpoint("GET /metrics/get-history-bulk-interval",
                ok(f -> get("run_ids", List.of(f.richRun(), f.secondRichRun()), "metric_key", "loss",
                        "max_results", "3", "start_step", "0", "end_step", "10")),
                fails("missing run_ids", 400, INVALID, f -> get("metric_key", "loss")),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_ids", List.of(UNKNOWN_RUN), "metric_key", "loss")));
        endpoint("GET /metrics/get-history-bulk",
                ok(f -> get("run_id", List.of(f.richRun(), f.secondRichRun()), "metric_key", "loss", "max_results", "4")),
                fails("missing run_id", 400, INVALID, f -> get("metric_key", "loss")));

        // ---- model registry ----
        // DELETE and PATCH carry JSON bodies too; post(...) builds a JSON body, the route sets the method.
        endpoint("POST /registered-models/create",
                ok(f -> post(obj("name", f.unique("spec-model"), "description", "d",
                        "tags", List.of(obj("key", "team", "value", "vision"))))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("name already taken", 400, "RESOURCE_ALREADY_EXISTS", f -> post(obj("name", f.registeredModel()))));
        endpoint("GET /registered-models/get",
                ok(f -> get("name", f.registeredModel())),
                fails("missing name", 400, INVALID, f -> get()),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"))));
        endpoint("POST /registered-models/rename",
                ok(f -> post(obj("name", f.registeredModel(), "new_name", f.unique("spec-renamed")))),
                fails("missing new_name", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "new_name", f.unique("spec-renamed")))));
        endpoint("PATCH /registered-models/update",
                ok(f -> post(obj("name", f.registeredModel(), "description", "better"))),
                fails("missing name", 400, INVALID, f -> post(obj("description", "better"))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("DELETE /registered-models/delete",
                ok(f -> post(obj("name", f.registeredModel()))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("GET /registered-models/search",
                ok(f -> get("filter", "name LIKE '" + f.registeredModel() + "%' AND tags.team = 'vision'",
                        "max_results", "2", "order_by", List.of("last_updated_timestamp DESC", "name ASC"))),
                fails("unparsable filter", 400, INVALID, f -> get("filter", "name === 'x'")));
        endpoint("POST /registered-models/get-latest-versions",
                ok(f -> post(obj("name", f.registeredModel(), "stages", List.of("None", "production")))),
                fails("unknown stage", 400, INVALID, f -> post(obj("name", f.registeredModel(), "stages", List.of("Shipped")))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("GET /registered-models/get-latest-versions",
                ok(f -> get("name", f.registeredModel(), "stages", List.of("None"))),
                fails("missing name", 400, INVALID, f -> get("stages", "None")),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"))));
        endpoint("POST /registered-models/set-tag",
                ok(f -> post(obj("name", f.registeredModel(), "key", "stage", "value", "dev"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel(), "value", "dev"))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "key", "stage", "value", "dev"))));
        endpoint("DELETE /registered-models/delete-tag",
                ok(f -> post(obj("name", f.registeredModel(), "key", "team"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model"), "key", "team"))));
        endpoint("POST /registered-models/alias",
                ok(f -> post(obj("name", f.registeredModel(), "alias", "challenger", "version", "1"))),
                fails("reserved alias", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "alias", "latest", "version", "1"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "alias", "challenger", "version", "9"))));
        endpoint("DELETE /registered-models/alias",
                ok(f -> post(obj("name", f.registeredModel(), "alias", "champion"))),
                fails("invalid alias", 400, INVALID, f -> post(obj("name", f.registeredModel(), "alias", "not valid"))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "alias", "champion"))));
        endpoint("GET /registered-models/alias",
                ok(f -> get("name", f.registeredModel(), "alias", "champion")),
                fails("alias not set (MLflow answers 400)", 400, INVALID,
                        f -> get("name", f.registeredModel(), "alias", "absent")),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"), "alias", "champion")));
        endpoint("POST /model-versions/create",
                ok(f -> {
                    String run = f.run();
                    return post(obj("name", f.registeredModel(), "source", "runs:/" + run + "/model", "run_id", run,
                            "description", "second", "tags", List.of(obj("key", "framework", "value", "sklearn"))));
                }),
                fails("source outside the run", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "source", "/etc", "run_id", f.run()))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "source", "s3://bucket/model"))));
        endpoint("GET /model-versions/get",
                ok(f -> get("name", f.registeredModel(), "version", "1")),
                fails("version is not a number", 400, INVALID, f -> get("name", f.registeredModel(), "version", "one")),
                fails("unknown version", 404, NOT_FOUND, f -> get("name", f.registeredModel(), "version", "9")));
        endpoint("PATCH /model-versions/update",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "description", "better"))),
                fails("missing version", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown version", 404, NOT_FOUND, f -> post(obj("name", f.registeredModel(), "version", "9"))));
        endpoint("DELETE /model-versions/delete",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1"))),
                fails("missing version", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown version", 404, NOT_FOUND, f -> post(obj("name", f.registeredModel(), "version", "9"))));
        endpoint("GET /model-versions/search",
                ok(f -> get("filter", "name = '" + f.registeredModel() + "' AND tags.`spec.tag` = 'x'",
                        "max_results", "5", "order_by", List.of("version_number DESC"))),
                fails("unknown attribute", 400, INVALID, f -> get("filter", "stage = 'None'")));
        endpoint("POST /model-versions/transition-stage",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "stage", "production",
                        "archive_existing_versions", true))),
                fails("unknown stage", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "version", "1", "stage", "Shipped"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "stage", "Staging"))));
        endpoint("POST /model-versions/set-tag",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "key", "validated", "value", "yes"))),
                fails("missing key", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "version", "1", "value", "yes"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "key", "validated", "value", "yes"))));
        endpoint("DELETE /model-versions/delete-tag",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "key", "spec.tag"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel(), "version", "1"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "key", "spec.tag"))));
        endpoint("GET /model-versions/get-download-uri",
                ok(f -> get("name", f.registeredModel(), "version", "1")),
                fails("missing version", 400, INVALID, f -> get("name", f.registeredModel())),
                fails("unknown version", 404, NOT_FOUND, f -> get("name", f.registeredModel(), "version", "9")));
        endpoint("GET /model-versions/get-artifact",
                ok(f -> get("name", f.registeredModel(), "version", "1", "path", "MLmodel")),
                fails("path leaves the version's files", 400, INVALID,
                        f -> get("name", f.registeredModel(), "version", "1", "path", "../../secrets")),
                fails("no such file", 404, NOT_FOUND,
                        f -> get("name", f.registeredModel(), "version", "1", "path", "absent.txt")));

        // ---- logged models (path parameters go in as "{name}" pairs, see at()) ----
        endpoint("POST /logged-models",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "spec-model", "model_type", "agent",
                        "source_run_id", f.run(), "params", List.of(obj("key", "lr", "value", "0.01")),
                        "tags", List.of(obj("key", "mlflow.user", "value", "spec"))))),
                fails("name with a slash", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "name", "a/b"))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("POST /logged-models/search",
                ok(f -> post(obj("experiment_ids", List.of(f.loggedModelExperiment()), "filter", "metrics.acc > 0.5",
                        "datasets", List.of(obj("dataset_name", "spec-eval")), "max_results", 1,
                        "order_by", List.of(obj("field_name", "metrics.acc", "ascending", false))))),
                fails("missing experiment_ids", 400, INVALID, f -> post(obj("filter", "name = 'x'"))),
                fails("unparsable filter", 400, INVALID,
                        f -> post(obj("experiment_ids", List.of(f.experiment()), "filter", "metrics.acc <<< 1"))));
        endpoint("GET /logged-models/{model_id}",
                ok(f -> at(get("allow_deleted", "false"), "model_id", f.loggedModel())),
                fails("allow_deleted is not a boolean", 400, INVALID,
                        f -> at(get("allow_deleted", "maybe"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("PATCH /logged-models/{model_id}",
                ok(f -> at(post(obj("status", "LOGGED_MODEL_READY")), "model_id", f.loggedModel())),
                fails("unknown status", 400, INVALID, f -> at(post(obj("status", "DONE")), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("status", "LOGGED_MODEL_READY")), "model_id", UNKNOWN_MODEL)));
        endpoint("DELETE /logged-models/{model_id}",
                ok(f -> at(get(), "model_id", f.loggedModel())),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("PATCH /logged-models/{model_id}/tags",
                ok(f -> at(post(obj("tags", List.of(obj("key", "stage", "value", "prod")))), "model_id", f.loggedModel())),
                fails("tag without key", 400, INVALID,
                        f -> at(post(obj("tags", List.of(obj("value", "prod")))), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("tags", List.of(obj("key", "k", "value", "v")))), "model_id", UNKNOWN_MODEL)));
        endpoint("DELETE /logged-models/{model_id}/tags/{tag_key}",
                ok(f -> at(get(), "model_id", f.loggedModel(), "tag_key", "team")),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "model_id", f.loggedModel(), "tag_key", "team")),
                fails("no such tag", 404, NOT_FOUND, f -> at(get(), "model_id", f.loggedModel(), "tag_key", "absent")));
        endpoint("POST /logged-models/{model_id}/params",
                ok(f -> at(post(obj("params", List.of(obj("key", "depth", "value", "4")))), "model_id", f.loggedModel())),
                fails("param without key", 400, INVALID,
                        f -> at(post(obj("params", List.of(obj("value", "4")))), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("params", List.of(obj("key", "depth", "value", "4")))), "model_id", UNKNOWN_MODEL)));
        endpoint("GET /logged-models/{model_id}/artifacts/directories",
                ok(f -> at(get("artifact_directory_path", ""), "model_id", f.loggedModel())),
                fails("path escapes the model's root", 400, INVALID,
                        f -> at(get("artifact_directory_path", "../other"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("GET /logged-models/{model_id}/artifacts/files",
                ok(f -> at(get("artifact_file_path", "MLmodel"), "model_id", f.loggedModel())),
                fails("missing artifact_file_path", 400, "BAD_REQUEST", f -> at(get(), "model_id", f.loggedModel())),
                fails("no such file", 404, NOT_FOUND,
                        f -> at(get("artifact_file_path", "absent.txt"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get("artifact_file_path", "MLmodel"), "model_id", UNKNOWN_MODEL)));
        endpoint("POST /runs/outputs",
                ok(f -> post(obj("run_id", f.run(), "models", List.of(obj("model_id", f.loggedModel(), "step", 1))))),
                fails("missing models", 400, INVALID, f -> post(obj("run_id", f.run()))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "models", List.of(obj("model_id", UNKNOWN_MODEL))))));
    }

    // ---- artifacts (the proxy's routes have no /mlflow prefix, so their keys are full paths) ----
    /** The artifact proxy's destination, shared by the live server and the outage server. */
    private static final Path ARTIFACTS = newArtifactsDestination();

    /**
     * Documented statuses no request can provoke here: the destination is a local folder, which has
     * no multipart upload, so the multipart routes' 200 (S3 destinations only) cannot happen.
     */
    private static final Map<String, Set<Integer>> UNPROVOKABLE = new LinkedHashMap<>();

    static {
        for (String prefix : List.of("/api", "/ajax-api")) {
            String proxy = prefix + "/2.0/mlflow-artifacts";
            endpoint("PUT " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(raw("spec artifact bytes", "application/octet-stream", Map.of()),
                            "artifact_path", f.unique("spec-put") + "/data.bin")),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(raw("x", "application/octet-stream", Map.of()), "artifact_path", "..%2F..%2Fescaped.bin")));
            endpoint("GET " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(get(), "artifact_path", f.artifactFile())),
                    new Case("byte range", true, 206, null,
                            f -> at(new Req(List.of(), null, null, Map.of("Range", "bytes=2-5")), "artifact_path", f.artifactFile())),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(get(), "artifact_path", "%2e%2e/%2e%2e/etc/passwd")),
                    fails("no such file", 404, NOT_FOUND,
                            f -> at(get(), "artifact_path", f.unique("spec-missing") + "/none.bin")));
            endpoint("DELETE " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(get(), "artifact_path", f.artifactFile())),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(get(), "artifact_path", "a%5C..%5C..%5Cescaped.bin")));
            endpoint("GET " + proxy + "/artifacts",
                    ok(f -> get("path", f.artifactFile().replaceFirst("/[^/]+$", ""))),
                    fails("path escapes the destination", 400, INVALID, f -> get("path", "../..")));
            endpoint("POST " + proxy + "/mpu/create/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "num_parts", 2)), "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("malformed JSON body", 400, INVALID,
                            f -> at(raw("{not json", "application/json", Map.of()), "artifact_path", "spec-mpu/big.bin")));
            endpoint("POST " + proxy + "/mpu/complete/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "upload_id", "u1",
                                    "parts", List.of(obj("part_number", 1, "etag", "e1", "url", "http://127.0.0.1/part1")))),
                                    "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("no Content-Type", 400, INVALID,
                            f -> at(raw("{\"path\": \"big.bin\"}", null, Map.of()), "artifact_path", "spec-mpu/big.bin")));
            endpoint("POST " + proxy + "/mpu/abort/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "upload_id", "u1")), "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("malformed JSON body", 400, INVALID,
                            f -> at(raw("[1, 2", "application/json", Map.of()), "artifact_path", "spec-mpu/big.bin")));
            for (String step : List.of("create", "complete", "abort")) {
                UNPROVOKABLE.put("POST " + proxy + "/mpu/" + step + "/<artifact_path>", Set.of(200));
            }
        }
        endpoint("GET /artifacts/list",
                ok(f -> get("run_id", f.runWithArtifact(), "path", "spec")),
                fails("missing run_id", 400, INVALID, f -> get("path", "spec")),
                fails("path escapes the run", 400, INVALID, f -> get("run_uuid", f.runWithArtifact(), "path", "../..")),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN)));
        endpoint("GET /get-artifact",
                ok(f -> get("path", "spec/hello.bin", "run_uuid", f.runWithArtifact())),
                new Case("byte range", true, 206, null, f -> new Req(get("path", "spec/hello.bin", "run_id",
                        f.runWithArtifact()).query(), null, null, Map.of("Range", "bytes=0-3"))),
                fails("path escapes the run", 400, INVALID,
                        f -> get("path", "../../../../etc/passwd", "run_id", f.runWithArtifact())),
                fails("unknown run", 404, NOT_FOUND, f -> get("path", "spec/hello.bin", "run_id", UNKNOWN_RUN)),
                fails("no such file", 404, NOT_FOUND, f -> get("path", "spec/absent.bin", "run_id", f.runWithArtifact())));
    }

    private static Path newArtifactsDestination() {
        try {
            return Files.createTempDirectory("labbook-spec-proxied-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A spec server that also serves the artifact proxy, from {@link #ARTIFACTS}. */
    private static ServerConfig servingArtifacts(ServerConfig c) {
        return new ServerConfig(c.host(), c.port(), c.backendStoreUri(), c.defaultArtifactRoot(), ARTIFACTS.toString(),
                true, false, c.staticPrefix(), c.upgradeDatabaseOnStart(), c.databasePoolSize());
    }

    /** Writes a file straight into a folder, standing in for an earlier upload. */
    private static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> dataset(String name, String digest) {
        return obj("tags", List.of(obj("key", "mlflow.data.context", "value", "training")),
                "dataset", obj("name", name, "digest", digest, "source_type", "local",
                        "source", "{\"uri\": \"/data/train.csv\"}", "schema", "{\"mlflow_colspec\": []}",
                        "profile", "{\"num_rows\": 3}"));
    }

    // ---------------------------------------------------------------------------------------------
    // The tests
    // ---------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> everyRouteAnswersAsTheSpecSays() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Route route : app.routes().routes()) {
            String key = SpecApps.key(route);
            List<Case> cases = SCENARIOS.get(endpointOf(route));
            if (cases == null) {
                nodes.add(dynamicTest(key, () -> fail("no scenario for " + key + ": add a valid and a bad request for '"
                        + endpointOf(route) + "' to ResponsesMatchSpecTest.SCENARIOS")));
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Case c : cases) {
                tests.add(dynamicTest(c.label(), () -> {
                    OpenApiSpec.Operation op = operation(key);
                    Req req = c.request().apply(live);
                    if (c.valid()) {
                        checkRequest(op, req);
                    }
                    checkResponse(op, c.status(), c.errorCode(), send(base, route, req).join());
                }));
            }
            nodes.add(dynamicContainer(key, tests));
        }
        return nodes.stream();
    }

    /**
     * Every status a route documents (other than 500, which cannot be provoked, and 503, covered by
     * the outage test) has a case that provokes it, and every JSON route has a bad request.
     */
    @Test
    void everyDocumentedStatusHasACase() {
        List<String> problems = new ArrayList<>();
        for (Route route : app.routes().routes()) {
            String key = SpecApps.key(route);
            List<Case> cases = SCENARIOS.getOrDefault(endpointOf(route), List.of());
            OpenApiSpec.Operation op = spec.operations().get(key);
            if (op == null) {
                problems.add(key + ": not in the spec");
                continue;
            }
            Set<Integer> provoked = new TreeSet<>();
            cases.forEach(c -> provoked.add(c.status()));
            Set<Integer> documented = new TreeSet<>(spec.statuses(op));
            documented.removeAll(Set.of(500, 503));
            documented.removeAll(UNPROVOKABLE.getOrDefault(endpointOf(route), Set.of()));
            documented.removeAll(provoked);
            if (!documented.isEmpty()) {
                problems.add(key + ": documented statuses " + documented + " have no case");
            }
            boolean json = route.path().startsWith("/api/") || route.path().startsWith("/ajax-api/");
            if (json && cases.stream().noneMatch(c -> !c.valid())) {
                problems.add(key + ": no bad request");
            }
            if (cases.stream().noneMatch(Case::valid)) {
                problems.add(key + ": no valid request");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * With the database gone, every route that documents 503 answers 503 TEMPORARILY_UNAVAILABLE
     * (in the documented shape), and every other route still answers as usual.
     */
    @TestFactory
    Stream<DynamicTest> databaseOutageAnswersAsTheSpecSays() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        Map<Route, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
        App down = null;
        try {
            down = new App(servingArtifacts(SpecApps.withBackend("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:outage-" + port
                    + ";DB_CLOSE_DELAY=-1"))).start("127.0.0.1", 0);
            String downBase = "http://127.0.0.1:" + down.port();
            h2.stop();
            Fixtures offline = new OfflineFixtures();
            for (Route route : down.routes().routes()) {
                Case valid = validCase(route);
                if (valid != null) {
                    answers.put(route, send(downBase, route, valid.request().apply(offline)));
                }
            }
            CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        } finally {
            if (down != null) {
                down.close();
            }
            h2.stop();
        }
        List<DynamicTest> tests = new ArrayList<>();
        answers.forEach((route, answer) -> {
            String key = SpecApps.key(route);
            tests.add(dynamicTest(key, () -> {
                OpenApiSpec.Operation op = operation(key);
                // The artifact proxy never touches the database; its 503 is about artifact storage.
                boolean usesDatabase = spec.response(op, 503) != null && route.group() != Route.Group.ARTIFACTS;
                Case valid = validCase(route);
                checkResponse(op, usesDatabase ? 503 : valid.status(), usesDatabase ? "TEMPORARILY_UNAVAILABLE" : null,
                        answer.join());
            }));
        });
        assertFalse(tests.isEmpty(), "no route was called");
        return tests.stream();
    }

    /** Proves the checks bite: a real answer passes, and each kind of damage to it is reported at its path. */
    @Test
    void aWrongBodyFailsTheSpec() throws Exception {
        OpenApiSpec.Operation op = operation("GET /api/2.0/mlflow/runs/get");
        JsonNode schema = spec.responseSchema(op, 200, "application/json");
        HttpResponse<String> answer = send(base, routeFor("GET /api/2.0/mlflow/runs/get"),
                get("run_id", live.richRun())).join();
        JsonNode good = JSON.readTree(answer.body());
        assertEquals(List.of(), spec.checker().check(schema, good), "the real answer must conform");

        assertRejected(schema, good, run -> info(run).put("experiment_id", 7),
                "$.run.info.experiment_id: expected string");
        assertRejected(schema, good, run -> info(run).remove("run_id"),
                "$.run.info: missing required property 'run_id'");
        assertRejected(schema, good, run -> data(run).put("extra", true),
                "$.run.data.extra: property not allowed");
        assertRejected(schema, good, run -> info(run).put("start_time", "1700000000000"),
                "$.run.info.start_time: expected integer");
        assertRejected(schema, good, run -> info(run).put("status", "DONE"),
                "$.run.info.status: string \"DONE\" is not one of");
        assertRejected(schema, good, run -> ((ObjectNode) data(run).get("metrics").get(0))
                .put("value", "lots"), "$.run.data.metrics[0].value: matches none of the oneOf alternatives");
        assertRejected(schema, good, run -> info(run).put("run_id", "not-hex"),
                "$.run.info.run_id: \"not-hex\" does not match");

        JsonNode errorSchema = spec.responseSchema(op, 404, "application/json");
        JsonNode wrongCode = JSON.readTree("{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"x\"}");
        assertTrue(spec.checker().check(errorSchema, wrongCode).stream()
                        .anyMatch(e -> e.startsWith("$.error_code: string \"INVALID_PARAMETER_VALUE\" is not one of")),
                "a 404 carrying a 400 code must be rejected");
    }

    private static ObjectNode info(ObjectNode answer) {
        return (ObjectNode) answer.get("run").get("info");
    }

    private static ObjectNode data(ObjectNode answer) {
        return (ObjectNode) answer.get("run").get("data");
    }

    private static void assertRejected(JsonNode schema, JsonNode good, java.util.function.Consumer<ObjectNode> damage,
                                       String expectedError) {
        ObjectNode bad = good.deepCopy();
        damage.accept(bad);
        List<String> errors = spec.checker().check(schema, bad);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(expectedError)),
                "expected an error starting with <" + expectedError + ">, got " + errors);
    }

    // ---------------------------------------------------------------------------------------------
    // Checking
    // ---------------------------------------------------------------------------------------------

    private static OpenApiSpec.Operation operation(String key) {
        OpenApiSpec.Operation op = spec.operations().get(key);
        assertNotNull(op, key + " is not in " + OpenApiSpec.LOCATION + " (see RouteTableMatchesSpecTest)");
        return op;
    }

    private static void checkResponse(OpenApiSpec.Operation op, int expectedStatus, String expectedCode,
                                      HttpResponse<String> answer) {
        String where = op.key() + " answered " + answer.statusCode() + " " + abbreviate(answer.body());
        assertEquals(expectedStatus, answer.statusCode(), where);
        JsonNode response = spec.response(op, answer.statusCode());
        assertNotNull(response, where + ": status " + answer.statusCode() + " is not documented");

        String mediaType = answer.headers().firstValue("Content-Type").orElse("")
                .split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        List<String> documentedTypes = spec.responseMediaTypes(op, answer.statusCode());
        assertTrue(documentedTypes.contains(mediaType),
                where + ": Content-Type '" + mediaType + "' is not one of the documented " + documentedTypes);

        JsonNode body;
        if (mediaType.equals("application/json")) {
            try {
                body = JSON.readTree(answer.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError(where + ": body is not JSON: " + e.getOriginalMessage(), e);
            }
            assertNotNull(body, where + ": empty body");
        } else {
            body = TextNode.valueOf(answer.body());
        }
        List<String> errors = spec.checker().check(spec.responseSchema(op, answer.statusCode(), mediaType), body);
        if (!errors.isEmpty()) {
            fail(where + "\ndoes not match the spec's " + answer.statusCode() + " " + mediaType + " schema:\n  "
                    + String.join("\n  ", errors));
        }
        if (expectedCode != null) {
            assertEquals(expectedCode, body.path("error_code").asText(), where);
        }
    }

    /** A valid request must itself conform to the spec: its JSON body, and its query parameters by name and type. */
    private static void checkRequest(OpenApiSpec.Operation op, Req req) {
        List<String> problems = new ArrayList<>();
        if (req.body() != null && "application/json".equals(req.contentType())) {
            JsonNode schema = spec.requestBodySchema(op);
            if (schema == null) {
                problems.add("the spec declares no application/json request body");
            } else {
                try {
                    problems.addAll(spec.checker().check(schema, JSON.readTree(req.body())));
                } catch (JsonProcessingException e) {
                    problems.add("the test's own body is not JSON");
                }
            }
        } else if (req.contentType() != null) {
            JsonNode body = op.node().get("requestBody");
            if (body == null || !spec.deref(body).path("content").has(req.contentType())) {
                problems.add("the spec declares no " + req.contentType() + " request body");
            }
        }
        Map<String, JsonNode> parameters = spec.parameters(op);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        Set<String> inPath = new TreeSet<>();
        for (Map.Entry<String, Object> pair : req.query()) {
            String name = pair.getKey();
            if (isPathParameter(name)) {
                name = name.substring(1, name.length() - 1);
                inPath.add(name);
            }
            sent.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values(pair.getValue()));
        }
        sent.forEach((name, values) -> {
            JsonNode parameter = parameters.get(name);
            String in = inPath.contains(name) ? "path" : "query";
            if (parameter == null || !in.equals(parameter.path("in").asText())) {
                problems.add(in + " parameter '" + name + "' is not declared");
                return;
            }
            JsonNode schema = spec.deref(parameter.path("schema"));
            JsonNode value;
            if ("array".equals(schema.path("type").asText())) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                values.forEach(array::add);
                value = array;
            } else if (values.size() != 1) {
                problems.add("query parameter '" + name + "' is not repeatable but was sent " + values.size() + " times");
                return;
            } else {
                value = queryValue(schema, values.get(0));
            }
            spec.checker().check(parameter.path("schema"), value)
                    .forEach(e -> problems.add("query parameter '" + name + "' " + e));
        });
        parameters.forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean() && !sent.containsKey(name)) {
                problems.add("required query parameter '" + name + "' was not sent");
            }
        });
        if (!problems.isEmpty()) {
            fail(op.key() + ": the test's valid request does not conform to the spec's request side:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** A query value as the schema types it: an integer parameter's digits become a JSON integer. */
    private static JsonNode queryValue(JsonNode schema, String text) {
        if ("integer".equals(schema.path("type").asText())) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }

    // ---------------------------------------------------------------------------------------------
    // HTTP
    // ---------------------------------------------------------------------------------------------

    /** "METHOD <path after the /mlflow prefix>", or the full path for routes outside the MLflow prefixes. */
    private static String endpointOf(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " "
                + route.path().replaceFirst("^/(api|ajax-api)/[0-9]+\\.[0-9]+/mlflow(?=/)", "");
    }

    private static Case validCase(Route route) {
        return SCENARIOS.getOrDefault(endpointOf(route), List.of()).stream().filter(Case::valid).findFirst().orElse(null);
    }

    private static Route routeFor(String key) {
        return app.routes().routes().stream().filter(r -> SpecApps.key(r).equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + key));
    }

    private static CompletableFuture<HttpResponse<String>> send(String server, Route route, Req req) {
        StringBuilder query = new StringBuilder();
        String path = route.path();
        for (Map.Entry<String, Object> pair : req.query()) {
            if (isPathParameter(pair.getKey())) {
                String name = pair.getKey().substring(1, pair.getKey().length() - 1);
                path = path.replace("{" + name + "}", String.valueOf(pair.getValue()))
                        .replace("<" + name + ">", String.valueOf(pair.getValue()));
                continue;
            }
            for (String value : values(pair.getValue())) {
                query.append(query.isEmpty() ? "?" : "&").append(encode(pair.getKey())).append('=').append(encode(value));
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path + query))
                .timeout(Duration.ofSeconds(60))
                .method(route.method().name().toUpperCase(Locale.ROOT), req.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(req.body(), StandardCharsets.UTF_8));
        if (req.contentType() != null) {
            builder.header("Content-Type", req.contentType());
        }
        req.headers().forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> values(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Req get(Object... keysAndValues) {
        List<Map.Entry<String, Object>> query = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.add(Map.entry((String) keysAndValues[i], keysAndValues[i + 1]));
        }
        return new Req(query, null, null, Map.of());
    }

    private static Req post(Object body) {
        try {
            return new Req(List.of(), JSON.writeValueAsString(body), "application/json", Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The request with path parameters, carried as "{name}" pairs that send() puts into the route's path. */
    private static Req at(Req req, Object... namesAndValues) {
        List<Map.Entry<String, Object>> query = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.add(Map.entry("{" + namesAndValues[i] + "}", namesAndValues[i + 1]));
        }
        query.addAll(req.query());
        return new Req(query, req.body(), req.contentType(), req.headers());
    }

    private static boolean isPathParameter(String name) {
        return name.startsWith("{") && name.endsWith("}");
    }

    private static Req raw(String body, String contentType, Map<String, String> headers) {
        return new Req(List.of(), body, contentType, headers);
    }

    /** An ordered JSON object from key, value pairs. */
    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 397) + "...";
    }

    // ---------------------------------------------------------------------------------------------
    // Data the requests need
    // ---------------------------------------------------------------------------------------------

    /** What a request refers to; the live kind creates it on the server, the offline kind makes ids up. */
    interface Fixtures {
        String unique(String prefix);

        /** A new active experiment tagged team=vision. */
        String experiment();

        /** The name of a new active experiment. */
        String experimentName();

        String deletedExperiment();

        /** A new active run tagged spec.tag=x. */
        String run();

        String deletedRun();

        /** An experiment whose two runs have metric histories (loss, with a NaN point elsewhere), params, tags and a dataset. */
        String richExperiment();

        String richRun();

        String secondRichRun();

        /** A new file in the artifact proxy's destination; its path there (relative, URL-safe). */
        String artifactFile();

        /** A new run whose artifacts hold the file spec/hello.bin. */
        String runWithArtifact();

        /** A new READY logged model (in a new experiment) with param lr, tag team, an acc metric on spec-eval and an MLmodel file. */
        String loggedModel();

        /** An experiment holding one model like {@link #loggedModel()}. */
        String loggedModelExperiment();

        /**
         * A new registered model tagged team=vision whose version 1 was registered from a run's artifact
         * directory holding an MLmodel file; the version is tagged spec.tag=x and aliased champion.
         */
        String registeredModel();
    }

    private static final class OfflineFixtures implements Fixtures {
        @Override public String unique(String prefix) {
            return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        }
        @Override public String experiment() {
            return "1";
        }
        @Override public String experimentName() {
            return "offline";
        }
        @Override public String deletedExperiment() {
            return "2";
        }
        @Override public String run() {
            return "0123456789abcdef0123456789abcdef";
        }
        @Override public String deletedRun() {
            return "fedcba9876543210fedcba9876543210";
        }
        @Override public String richExperiment() {
            return "3";
        }
        @Override public String richRun() {
            return "00112233445566778899aabbccddeeff";
        }
        @Override public String secondRichRun() {
            return "ffeeddccbbaa99887766554433221100";
        }
        /** The proxy needs no database, so the file is put straight into the shared destination. */
        @Override public String artifactFile() {
            String path = unique("spec-offline") + "/file.bin";
            writeFile(ARTIFACTS.resolve(path), "offline artifact bytes");
            return path;
        }
        @Override public String runWithArtifact() {
            return run();
        }
        @Override public String loggedModel() {
            return "m-0123456789abcdef0123456789abcdef";
        }
        @Override public String loggedModelExperiment() {
            return "3";
        }
        @Override public String registeredModel() {
            return "offline-model";
        }
    }

    private static final class LiveFixtures implements Fixtures {
        private String richExperiment;
        private String richRun;
        private String secondRichRun;

        @Override public String unique(String prefix) {
            return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        }

        @Override public String experiment() {
            return createExperiment(unique("spec-exp")).experimentId;
        }

        @Override public String experimentName() {
            String name = unique("spec-named");
            createExperiment(name);
            return name;
        }

        @Override public String deletedExperiment() {
            String id = experiment();
            call("/experiments/delete", obj("experiment_id", id));
            return id;
        }

        @Override public String run() {
            return createRun(experiment());
        }

        @Override public String deletedRun() {
            String id = run();
            call("/runs/delete", obj("run_id", id));
            return id;
        }

        @Override public synchronized String richExperiment() {
            if (richExperiment == null) {
                String experiment = experiment();
                long now = System.currentTimeMillis();
                String first = createRun(experiment);
                List<Object> points = new ArrayList<>();
                for (int step = 0; step < 5; step++) {
                    points.add(obj("key", "loss", "value", 1.0 / (step + 1), "timestamp", now + step, "step", step));
                }
                points.add(obj("key", "unstable", "value", "NaN", "timestamp", now, "step", 0));
                call("/runs/log-batch", obj("run_id", first, "metrics", points,
                        "params", List.of(obj("key", "lr", "value", "0.01")),
                        "tags", List.of(obj("key", "stage", "value", "train"))));
                call("/runs/log-inputs", obj("run_id", first, "datasets", List.of(dataset("spec-train", "abc123"))));
                call("/runs/update", obj("run_id", first, "status", "FINISHED", "end_time", now + 10));
                String second = createRun(experiment);
                call("/runs/log-metric", obj("run_id", second, "key", "loss", "value", 0.7, "timestamp", now, "step", 0));
                richExperiment = experiment;
                richRun = first;
                secondRichRun = second;
            }
            return richExperiment;
        }

        @Override public String richRun() {
            richExperiment();
            return richRun;
        }

        @Override public String secondRichRun() {
            richExperiment();
            return secondRichRun;
        }

        /** Uploads through the proxy. */
        @Override public String artifactFile() {
            String path = unique("spec-file") + "/file.bin";
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofString("live artifact bytes"))
                        .build();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new AssertionError("setting up: upload answered " + answer.statusCode() + " " + answer.body());
                }
                return path;
            } catch (IOException e) {
                throw new AssertionError("setting up: upload failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** The spec server keeps run artifacts in a local folder (file: URIs), where the file is written directly. */
        @Override public String runWithArtifact() {
            JsonNode answer = call("/runs/create", obj("experiment_id", experiment(), "start_time", System.currentTimeMillis()));
            writeFile(Path.of(URI.create(answer.at("/run/info/artifact_uri").asText())).resolve("spec/hello.bin"),
                    "hello from a run");
            return answer.at("/run/info/run_id").asText();
        }

        @Override public String registeredModel() {
            String name = unique("spec-model");
            call("/registered-models/create", obj("name", name, "tags", List.of(obj("key", "team", "value", "vision"))));
            JsonNode run = call("/runs/create", obj("experiment_id", experiment(), "start_time", System.currentTimeMillis()))
                    .at("/run/info");
            String artifactUri = run.path("artifact_uri").asText();
            try {
                Path model = (artifactUri.startsWith("file:") ? Path.of(URI.create(artifactUri)) : Path.of(artifactUri))
                        .resolve("model");
                Files.createDirectories(model);
                Files.writeString(model.resolve("MLmodel"), "artifact_path: model\nflavors: {}\n");
            } catch (IOException e) {
                throw new AssertionError("setting up: cannot write the model's files under " + artifactUri, e);
            }
            call("/model-versions/create", obj("name", name, "source", artifactUri + "/model",
                    "run_id", run.path("run_id").asText(), "tags", List.of(obj("key", "spec.tag", "value", "x"))));
            call("/registered-models/alias", obj("name", name, "alias", "champion", "version", "1"));
            return name;
        }

        private String loggedModelExperiment;

        @Override public String loggedModel() {
            return createLoggedModel(experiment());
        }

        @Override public synchronized String loggedModelExperiment() {
            if (loggedModelExperiment == null) {
                String experiment = experiment();
                createLoggedModel(experiment);
                loggedModelExperiment = experiment;
            }
            return loggedModelExperiment;
        }

        private String createLoggedModel(String experimentId) {
            String run = createRun(experimentId);
            JsonNode model = call("/logged-models", obj("experiment_id", experimentId, "name", "spec-model",
                    "source_run_id", run, "params", List.of(obj("key", "lr", "value", "0.01")),
                    "tags", List.of(obj("key", "team", "value", "vision")))).path("model");
            String id = model.at("/info/model_id").asText();
            call("/runs/log-batch", obj("run_id", run, "metrics", List.of(obj("key", "acc", "value", 0.9,
                    "timestamp", System.currentTimeMillis(), "step", 0, "model_id", id,
                    "dataset_name", "spec-eval", "dataset_digest", "abc123"))));
            call("/runs/outputs", obj("run_id", run, "models", List.of(obj("model_id", id, "step", 0))));
            try {
                Path root = Path.of(URI.create(model.at("/info/artifact_uri").asText()));
                Files.createDirectories(root);
                Files.writeString(root.resolve("MLmodel"), "artifact_path: model\nflavors: {}\n");
            } catch (IOException e) {
                throw new AssertionError("setting up: cannot write the model's MLmodel", e);
            }
            patch("/logged-models/" + id, obj("status", "LOGGED_MODEL_READY"));
            return id;
        }

        /** PATCHes /api/2.0/mlflow{path} and insists on a 200. */
        private void patch(String path, Object body) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow" + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new AssertionError("setting up: " + path + " answered " + answer.statusCode() + " " + answer.body());
                }
            } catch (IOException e) {
                throw new AssertionError("setting up: " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        private record Created(String experimentId) {}

        private Created createExperiment(String name) {
            JsonNode answer = call("/experiments/create", obj("name", name,
                    "tags", List.of(obj("key", "team", "value", "vision"))));
            return new Created(answer.path("experiment_id").asText());
        }

        private String createRun(String experimentId) {
            JsonNode answer = call("/runs/create", obj("experiment_id", experimentId, "start_time", System.currentTimeMillis(),
                    "tags", List.of(obj("key", "spec.tag", "value", "x"))));
            return answer.at("/run/info/run_id").asText();
        }

        /** POSTs to /api/2.0/mlflow{path} and insists on a 200. */
        private JsonNode call(String path, Object body) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow" + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new AssertionError("setting up: " + path + " answered " + answer.statusCode() + " " + answer.body());
                }
                return JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new AssertionError("setting up: " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
