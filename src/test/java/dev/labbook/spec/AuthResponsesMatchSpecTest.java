package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.JSON;
import static dev.labbook.spec.Scenarios.endpointOf;
import static dev.labbook.spec.Scenarios.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.App;
import dev.labbook.auth.AuthSettings;
import dev.labbook.auth.Permission;
import dev.labbook.http.Route;
import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The auth routes against a server started with --auth: each answers as api-spec/openapi.json
 * says, for a valid request and for each documented error (400, 401, 403, 404).
 */
class AuthResponsesMatchSpecTest {
    private static final String ADMIN_PASSWORD = "spec-admin-password";
    private static SpecChecks checks;
    private static OpenApiSpec spec;
    private static App app;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Fixtures FIXTURES = new OfflineFixtures();
    private static AuthScenarios.Setup setup;

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        checks = new SpecChecks(spec);
        app = new App(SpecApps.inMemory("auth-responses").withAuth(new AuthSettings(true, Permission.READ, "admin",
                ADMIN_PASSWORD, false, Duration.ofSeconds(60)))).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        String admin = basic("admin", ADMIN_PASSWORD);
        call("POST", "/api/2.0/mlflow/users/create", Map.of("username", "spec-user", "password", "spec-user-password"), admin);
        call("POST", "/api/2.0/mlflow/users/create", Map.of("username", "spec-other", "password", "spec-other-password"), admin);
        String experiment = call("POST", "/api/2.0/mlflow/experiments/create", Map.of("name", "spec-auth"), admin)
                .path("experiment_id").asText();
        call("POST", "/api/2.0/mlflow/registered-models/create", Map.of("name", "spec-auth-model"), admin);
        String user = basic("spec-user", "spec-user-password");
        setup = new AuthScenarios.Setup() {
            @Override public String admin() { return admin; }
            @Override public String user() { return user; }
            @Override public String wrongPassword() { return basic("spec-user", "not-the-password"); }
            @Override public String userName() { return "spec-user"; }
            @Override public String otherName() { return "spec-other"; }
            @Override public String experiment() { return experiment; }
            @Override public String model() { return "spec-auth-model"; }
            @Override public String newUser() {
                String name = FIXTURES.unique("spec-new");
                call("POST", "/api/2.0/mlflow/users/create", Map.of("username", name, "password", "spec-new-password"), admin);
                return name;
            }
            @Override public String newToken() {
                return call("POST", "/api/2.0/labbook/tokens/create", Map.of("name", "spec"), user).at("/token/token_id").asText();
            }
            @Override public void grant(String username, String type, String id, String permission) {
                call("POST", "/api/3.0/mlflow/users/permissions/grant", Map.of("username", username, "resource_type", type,
                        "resource_id", id, "permission", permission), admin);
            }
        };
        setup.grant("spec-user", "experiment", experiment, "READ");
        setup.grant("spec-user", "registered_model", "spec-auth-model", "READ");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static List<Route> authRoutes() {
        return app.routes().routes().stream().filter(r -> AuthScenarios.isAuthEndpoint(endpointOf(r))).toList();
    }

    @TestFactory
    Stream<DynamicNode> everyAuthRouteAnswersAsTheSpecSays() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Route route : authRoutes()) {
            String key = SpecApps.key(route);
            List<DynamicNode> tests = new ArrayList<>();
            for (Case c : AuthScenarios.withAuth(endpointOf(route), setup)) {
                tests.add(dynamicTest(c.label(), () -> {
                    OpenApiSpec.Operation op = checks.operation(key);
                    Req req = c.request().apply(FIXTURES);
                    if (c.valid()) {
                        checks.checkRequest(op, req);
                    }
                    checks.checkResponse(op, c.status(), c.errorCode(), send(route, req));
                }));
            }
            nodes.add(dynamicContainer(key, tests));
        }
        assertFalse(nodes.isEmpty(), "no auth routes");
        return nodes.stream();
    }

    /** With the 404 of the server without --auth, every documented status but 500 has a case. */
    @Test
    void everyDocumentedStatusHasACase() {
        List<String> problems = new ArrayList<>();
        for (Route route : authRoutes()) {
            String endpoint = endpointOf(route);
            Set<Integer> documented = new TreeSet<>(spec.statuses(spec.operations().get(SpecApps.key(route))));
            documented.removeAll(Set.of(500, 404));
            documented.removeAll(AuthScenarios.unprovokable(endpoint));
            AuthScenarios.withAuth(endpoint, setup).forEach(c -> documented.remove(c.status()));
            if (!documented.isEmpty()) {
                problems.add(SpecApps.key(route) + ": documented statuses " + documented + " have no case with --auth");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theChallengeHeaderIsMlflows() throws Exception {
        Route current = authRoutes().stream().filter(r -> SpecApps.key(r).equals("GET /api/2.0/mlflow/users/current"))
                .findFirst().orElseThrow();
        HttpResponse<String> answer = send(current, new Req(List.of(), null, null, Map.of()));
        assertEquals(401, answer.statusCode());
        assertEquals("Basic realm=\"mlflow\"", answer.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode call(String method, String path, Object body, String authorization) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            return JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    private static HttpResponse<String> send(Route route, Req req) throws Exception {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, Object> pair : req.query()) {
            for (String value : values(pair.getValue())) {
                query.append(query.isEmpty() ? "?" : "&").append(URLEncoder.encode(pair.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + route.path() + query))
                .timeout(Duration.ofSeconds(60))
                .method(route.method().name().toUpperCase(Locale.ROOT), req.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(req.body()));
        if (req.contentType() != null) {
            builder.header("Content-Type", req.contentType());
        }
        req.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
