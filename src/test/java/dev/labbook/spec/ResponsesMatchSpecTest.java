package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.ARTIFACTS;
import static dev.labbook.spec.Scenarios.JSON;
import static dev.labbook.spec.Scenarios.UNPROVOKABLE;
import static dev.labbook.spec.Scenarios.casesFor;
import static dev.labbook.spec.Scenarios.endpointOf;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.isPathParameter;
import static dev.labbook.spec.Scenarios.validCase;
import static dev.labbook.spec.Scenarios.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import dev.labbook.http.Route;
import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
 * A second run against a database that has gone away checks the 503 answers. The requests are
 * in {@link Scenarios}, one {@code *Scenarios} file per feature; the checks are in {@link SpecChecks}.
 */
class ResponsesMatchSpecTest {
    private static OpenApiSpec spec;
    private static SpecChecks checks;
    private static App app;
    private static HttpClient http;
    private static String base;
    private static LiveFixtures live;

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        checks = new SpecChecks(spec);
        app = new App(servingArtifacts(SpecApps.inMemory("responses"))).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        live = new LiveFixtures(http, base);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A spec server that also serves the artifact proxy, from {@link Scenarios#ARTIFACTS}. */
    private static ServerConfig servingArtifacts(ServerConfig c) {
        return new ServerConfig(c.host(), c.port(), c.backendStoreUri(), c.defaultArtifactRoot(), ARTIFACTS.toString(),
                true, false, c.staticPrefix(), c.upgradeDatabaseOnStart(), c.databasePoolSize())
                .withExposePrometheus("metrics"); // Prometheus metrics
    }

    // ---------------------------------------------------------------------------------------------
    // The tests
    // ---------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> everyRouteAnswersAsTheSpecSays() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Route route : app.routes().routes()) {
            String key = SpecApps.key(route);
            List<Case> cases = casesFor(route);
            if (cases == null) {
                nodes.add(dynamicTest(key, () -> fail("no scenario for " + key + ": add a valid and a bad request for '"
                        + endpointOf(route) + "' to its feature's *Scenarios.register() (see Scenarios)")));
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Case c : cases) {
                tests.add(dynamicTest(c.label(), () -> {
                    OpenApiSpec.Operation op = checks.operation(key);
                    Req req = c.request().apply(live);
                    if (c.valid()) {
                        checks.checkRequest(op, req);
                    }
                    checks.checkResponse(op, c.status(), c.errorCode(), send(base, route, req).join());
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
            List<Case> cases = Objects.requireNonNullElse(casesFor(route), List.of());
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
                OpenApiSpec.Operation op = checks.operation(key);
                // The artifact proxy never touches the database; its 503 is about artifact storage.
                boolean usesDatabase = spec.response(op, 503) != null && route.group() != Route.Group.ARTIFACTS;
                Case valid = validCase(route);
                checks.checkResponse(op, usesDatabase ? 503 : valid.status(),
                        usesDatabase ? "TEMPORARILY_UNAVAILABLE" : null, answer.join());
            }));
        });
        assertFalse(tests.isEmpty(), "no route was called");
        return tests.stream();
    }

    /** Proves the checks bite: a real answer passes, and each kind of damage to it is reported at its path. */
    @Test
    void aWrongBodyFailsTheSpec() throws Exception {
        OpenApiSpec.Operation op = checks.operation("GET /api/2.0/mlflow/runs/get");
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
    // HTTP
    // ---------------------------------------------------------------------------------------------

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
                .method(route.method().name().toUpperCase(Locale.ROOT), req.bytes() != null
                        ? HttpRequest.BodyPublishers.ofByteArray(req.bytes())
                        : req.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(req.body(), StandardCharsets.UTF_8));
        if (req.contentType() != null) {
            builder.header("Content-Type", req.contentType());
        }
        req.headers().forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
