package dev.labbook.api;

import static dev.labbook.api.ApiClient.AJAX;
import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient.Response;
import dev.labbook.http.Route;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probes, encoding rules (MLflow protocol §1.2-1.4) and errors that are the same for every endpoint. */
public interface ProtocolContract extends ServerContract {

    /**
     * The routes this contract covers. A tracking route (experiments, runs, metrics, system probes)
     * added to the RouteTable fails {@link #everyTrackingRouteIsCoveredAndServed} until the contract
     * gets tests for it and lists it here. Other route families (artifacts, registry, logged models)
     * are out of this contract's scope.
     */
    Set<String> COVERED_ROUTES = Set.of(
            "GET /health", "GET /health/ready", "GET /version", "POST /v1/traces",
            "GET /api/3.0/mlflow/server-info", "GET /ajax-api/3.0/mlflow/server-info",
            "POST /ajax-api/2.0/mlflow/experiments/search-datasets",
            "GET /ajax-api/2.0/mlflow/metrics/get-history-bulk",
            "POST {p}/experiments/create", "GET {p}/experiments/get", "GET {p}/experiments/get-by-name",
            "GET {p}/experiments/search", "POST {p}/experiments/search", "POST {p}/experiments/update",
            "POST {p}/experiments/delete", "POST {p}/experiments/restore", "POST {p}/experiments/set-experiment-tag",
            "POST {p}/experiments/delete-experiment-tag",
            "POST {p}/runs/create", "GET {p}/runs/get", "POST {p}/runs/update", "POST {p}/runs/delete",
            "POST {p}/runs/restore", "POST {p}/runs/search", "POST {p}/runs/set-tag", "POST {p}/runs/delete-tag",
            "POST {p}/runs/log-parameter", "POST {p}/runs/log-metric", "POST {p}/runs/log-batch",
            "POST {p}/runs/log-inputs",
            "GET {p}/metrics/get-history", "GET {p}/metrics/get-history-bulk-interval");

    /** Route paths in this contract's scope: the tracking families and the system probes. */
    Pattern IN_SCOPE = Pattern.compile(
            "/(api|ajax-api)/2\\.0/mlflow/(experiments|runs|metrics)/.*|/(api|ajax-api)/3\\.0/mlflow/server-info"
                    + "|/health|/health/ready|/version|/v1/traces");

    /** Routes in those families whose contract lives with their own feature (logged models; auth). */
    Set<String> COVERED_ELSEWHERE = Set.of("POST /api/2.0/mlflow/runs/outputs", "POST /ajax-api/2.0/mlflow/runs/outputs",
            // Auth: MLflow 2's experiment permission routes, tested in dev.labbook.auth and the spec tests
            "POST /api/2.0/mlflow/experiments/permissions/create", "POST /ajax-api/2.0/mlflow/experiments/permissions/create",
            "GET /api/2.0/mlflow/experiments/permissions/get", "GET /ajax-api/2.0/mlflow/experiments/permissions/get",
            "PATCH /api/2.0/mlflow/experiments/permissions/update", "PATCH /ajax-api/2.0/mlflow/experiments/permissions/update",
            "DELETE /api/2.0/mlflow/experiments/permissions/delete", "DELETE /ajax-api/2.0/mlflow/experiments/permissions/delete");

    @Test
    default void everyTrackingRouteIsCoveredAndServed() {
        Set<String> expected = new TreeSet<>();
        for (String route : COVERED_ROUTES) {
            if (route.contains("{p}")) {
                expected.add(route.replace("{p}", API));
                expected.add(route.replace("{p}", AJAX));
            } else {
                expected.add(route);
            }
        }
        Set<String> served = new TreeSet<>();
        for (Route route : routes()) {
            served.add(route.method().name() + " " + route.path());
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "covered routes the server does not register");
        Set<String> uncovered = new TreeSet<>();
        for (String route : served) {
            if (IN_SCOPE.matcher(route.substring(route.indexOf(' ') + 1)).matches() && !expected.contains(route)
                    && !COVERED_ELSEWHERE.contains(route)) {
                uncovered.add(route);
            }
        }
        assertEquals(Set.of(), uncovered, "tracking routes without contract tests");
        for (String route : expected) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            Response r = api().send(method, path, method.equals("GET") ? null : "{}", "application/json");
            assertTrue(r.status() != 404 || (r.isJson() && r.json().isObject()),
                    () -> route + " is not served: " + r.status() + " " + r.body());
        }
    }

    @Test
    default void healthAnswersOkAsText() {
        Response r = api().get("/health");
        assertEquals(200, r.status());
        assertEquals("OK", r.body().trim());
    }

    @Test
    default void readinessAnswersOkWhileTheDatabaseAnswers() {
        Response r = api().get("/health/ready");
        assertEquals(200, r.status());
        assertEquals("OK", r.body().trim());
    }

    @Test
    default void versionIsAnMlflow3VersionString() {
        Response r = api().get("/version");
        assertEquals(200, r.status());
        assertTrue(r.body().trim().matches("3\\.\\d+\\.\\d+([.+-]?[A-Za-z0-9.]+)?"), () -> "version: " + r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info"})
    default void serverInfoDescribesTheStore(String path) {
        JsonNode info = api().get(path).ok();
        assertEquals("SqlStore", info.path("store_type").asText());
        assertTrue(info.path("workspaces_enabled").isBoolean(), info::toString);
        assertFalse(info.path("workspaces_enabled").asBoolean(), "workspaces are not served");
        assertTrue(info.path("trace_archival_enabled").isBoolean(), info::toString);
        assertTrue(info.path("multipart_uploads_enabled").isBoolean(), info::toString);
        assertTrue(info.path("multipart_downloads_enabled").isBoolean(), info::toString);
        assertTrue(info.path("features_enabled").path("gateway").isBoolean(), info::toString);
    }

    /** The client maps a 404 whose body is not a JSON object to ENDPOINT_NOT_FOUND and falls back. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/2.0/mlflow/does-not-exist", "/api/2.0/mlflow/runs/get/extra",
            "/ajax-api/2.0/mlflow/nope", "/api/2.0/mlflow/experiments/search-datasets",
            "/api/2.0/mlflow/metrics/get-history-bulk", "/no/such/page"})
    default void unknownRouteIs404WithoutAJsonBody(String path) {
        for (Response r : List.of(api().get(path), api().post(path, obj()))) {
            assertEquals(404, r.status(), r::body);
            assertFalse(r.isJson() && r.json().isObject(), () -> "404 body must not be a JSON object: " + r.body());
        }
    }

    @Test
    default void wrongMethodOnAKnownRouteDoesNothing() {
        String name = unique("wrong-method");
        Response r = api().get(API + "/experiments/create?name=" + name);
        assertNotEquals(200, r.status(), r::body);
        assertTrue(r.status() == 404 || r.status() == 405, () -> "status " + r.status());
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void postWithoutContentTypeIsRejectedAndWritesNothing() {
        String name = unique("no-content-type");
        Response r = api().postRaw(API + "/experiments/create", ApiClient.write(obj("name", name)), null);
        r.error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains("Content-Type"), r::message);
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void postWithANonJsonContentTypeIsRejected() {
        String name = unique("form-post");
        api().postRaw(API + "/experiments/create", ApiClient.write(obj("name", name)), "text/plain")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().postRaw(API + "/experiments/create", "name=" + name, "application/x-www-form-urlencoded")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void jsonContentTypeWithCharsetIsAccepted() {
        String name = unique("charset");
        api().postRaw(API + "/experiments/create", ApiClient.write(obj("name", name)),
                "application/json; charset=utf-8").ok();
        assertEquals(name, api().get(API + "/experiments/get-by-name", "experiment_name", name).ok()
                .path("experiment").path("name").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"%s\",", "{\"name\": \"%s\"}}", "{name: \"%s\"}", "\"%s"})
    default void malformedJsonIs400AndWritesNothing(String template) {
        String name = unique("malformed");
        api().postRaw(API + "/experiments/create", template.formatted(name), "application/json")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"name\": \"%s\"}]", "42", "true", "null"})
    default void bodyThatIsNotAnObjectIs400AndWritesNothing(String template) {
        String name = unique("not-object");
        api().postRaw(API + "/experiments/create", template.formatted(name), "application/json")
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void emptyBodyCountsAsAnEmptyMessage() {
        Response r = api().postRaw(API + "/experiments/create", "", "application/json");
        r.error(400, "INVALID_PARAMETER_VALUE");
        assertTrue(r.message().contains("'name'"), r::message);
    }

    /** Old clients post the message as a JSON string that holds JSON; MLflow decodes it twice. */
    @Test
    default void doubleEncodedJsonBodyIsDecodedTwice() {
        String name = unique("double-encoded");
        String inner = ApiClient.write(obj("name", name));
        tracking().api().postRaw(API + "/experiments/create", ApiClient.write(inner), "application/json").ok();
        api().get(API + "/experiments/get-by-name", "experiment_name", name).ok();
    }

    @Test
    default void stringFieldGivenANumberIs400AndWritesNothing() {
        long numericName = System.nanoTime();
        api().post(API + "/experiments/create", obj("name", numericName)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("name", true)).error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get-by-name", "experiment_name", Long.toString(numericName))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void containerWhereAStringIsExpectedIs400() {
        api().post(API + "/experiments/create", obj("name", List.of("a", "b"))).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("name", obj("x", 1))).error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void unknownFieldsAreIgnored() {
        String name = unique("unknown-fields");
        api().post(API + "/experiments/create", obj("name", name, "no_such_field", 1, "other", obj("a", 1))).ok();
        api().get(API + "/experiments/get-by-name", "experiment_name", name).ok();
    }

    @Test
    default void lowerCamelCaseFieldNamesAreAccepted() {
        String exp = tracking().newExperiment();
        JsonNode run = api().post(API + "/runs/create", obj("experimentId", exp, "runName", "camel", "startTime", 1234))
                .ok().path("run");
        String runId = run.path("info").path("run_id").asText();
        assertEquals(exp, run.path("info").path("experiment_id").asText());
        assertEquals("camel", run.path("info").path("run_name").asText());
        assertEquals(1234, run.path("info").path("start_time").asLong());
        api().post(API + "/runs/log-metric", obj("runId", runId, "key", "m", "value", 2.5, "timestamp", 10, "step", 3))
                .ok();
        JsonNode found = api().post(API + "/runs/search", obj("experimentIds", List.of(exp), "maxResults", 5,
                "runViewType", "ACTIVE_ONLY")).ok();
        assertEquals(List.of(runId), Tracking.runIds(found));
        assertEquals(3, Tracking.latestMetrics(tracking().run(runId)).get("m").path("step").asLong());
    }

    /** MLflow 3.17 refuses a body that spells one field two ways (run_id and runId). */
    @Test
    default void fieldSpelledBothWaysIsRejected() {
        String exp = tracking().newExperiment();
        String a = tracking().newRun(exp);
        String b = tracking().newRun(exp);
        api().post(API + "/runs/set-tag", obj("run_id", a, "runId", b, "key", "k", "value", "v"))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertFalse(Tracking.tags(tracking().run(a)).containsKey("k"));
        assertFalse(Tracking.tags(tracking().run(b)).containsKey("k"));
    }

    @Test
    default void int64FieldsAcceptStringsAndAreSentAsNumbers() {
        String exp = tracking().newExperiment();
        JsonNode run = api().post(API + "/runs/create", obj("experiment_id", exp, "start_time", "1700000000123"))
                .ok().path("run");
        assertTrue(run.path("info").path("start_time").isIntegralNumber(), run::toString);
        assertEquals(1700000000123L, run.path("info").path("start_time").asLong());
        String runId = run.path("info").path("run_id").asText();
        api().post(API + "/runs/log-metric", obj("run_id", runId, "key", "m", "value", "1.5", "timestamp", "77",
                "step", "9223372036854775807")).ok();
        JsonNode point = tracking().history(runId, "m").get(0);
        assertTrue(point.path("timestamp").isIntegralNumber() && point.path("step").isIntegralNumber(), point::toString);
        assertEquals(77, point.path("timestamp").asLong());
        assertEquals(Long.MAX_VALUE, point.path("step").asLong());
        assertEquals(1.5, point.path("value").asDouble());
    }

    @Test
    default void responsesUseSnakeCaseAndOmitUnsetFields() {
        String exp = tracking().newExperiment();
        JsonNode info = tracking().createRun(exp).path("info");
        assertTrue(info.has("run_id") && info.has("experiment_id") && info.has("lifecycle_stage"), info::toString);
        assertFalse(info.has("runId") || info.has("experimentId"), info::toString);
        assertFalse(info.has("end_time"), () -> "unset end_time must be omitted: " + info);
        info.fields().forEachRemaining(e -> assertFalse(e.getValue().isNull(), () -> "null field " + e.getKey()));
    }

    @Test
    default void ajaxApiPrefixServesTheSameEndpoints() {
        String name = unique("ajax");
        JsonNode created = api().post(AJAX + "/experiments/create", obj("name", name)).ok();
        String id = created.path("experiment_id").asText();
        assertEquals(name, api().get(AJAX + "/experiments/get", "experiment_id", id).ok().path("experiment")
                .path("name").asText());
        assertEquals(id, api().get(API + "/experiments/get-by-name", "experiment_name", name).ok()
                .path("experiment").path("experiment_id").asText());
        JsonNode run = api().post(AJAX + "/runs/create", obj("experiment_id", id)).ok().path("run");
        String runId = run.path("info").path("run_id").asText();
        api().post(AJAX + "/runs/log-batch", obj("run_id", runId,
                "metrics", List.of(Tracking.metric("loss", 0.5, 1, 0)))).ok();
        assertEquals(1, api().get(AJAX + "/metrics/get-history", "run_id", runId, "metric_key", "loss").ok()
                .path("metrics").size());
        assertEquals(1, api().get(AJAX + "/metrics/get-history-bulk-interval", "run_ids", runId,
                "metric_key", "loss").ok().path("metrics").size());
        assertEquals(List.of(runId), Tracking.runIds(api().post(AJAX + "/runs/search",
                obj("experiment_ids", List.of(id))).ok()));
        api().get(AJAX + "/runs/get", "run_id", "0123456789abcdef0123456789abcdef")
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(AJAX + "/experiments/create", obj("name", name)).error(400, "RESOURCE_ALREADY_EXISTS");
    }

    /** GET falls back to a JSON body when the query string is empty (protocol §1.2). */
    @Test
    default void getWithoutQueryStringReadsAJsonBody() {
        String id = tracking().newExperiment();
        Response r = api().send("GET", API + "/experiments/get", ApiClient.write(obj("experiment_id", id)),
                "application/json");
        assertEquals(id, r.ok().path("experiment").path("experiment_id").asText());
    }

    /** For a singular field given twice in a query string, MLflow (Flask's args.get) takes the first. */
    @Test
    default void repeatedSingularQueryParameterTakesTheFirst() {
        String first = tracking().newExperiment();
        String second = tracking().newExperiment();
        JsonNode body = api().get(API + "/experiments/get", "experiment_id", first, "experiment_id", second).ok();
        assertEquals(first, body.path("experiment").path("experiment_id").asText());
    }

    @Test
    default void unknownQueryParametersAreIgnored() {
        String id = tracking().newExperiment();
        api().get(API + "/experiments/get", "experiment_id", id, "verbose", "True", "x", "1").ok();
    }
}
