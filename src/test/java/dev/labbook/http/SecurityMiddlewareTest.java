package dev.labbook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.config.SecuritySettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MLflow 3.5+'s security middleware with its defaults: Host allow-list, CORS, CSRF refusal, headers. */
class SecurityMiddlewareTest {
    private static final String GET_EXPERIMENT = "/api/2.0/mlflow/experiments/get?experiment_id=0";
    private static final String CREATE = "/api/2.0/mlflow/experiments/create";
    private static SecuredServer server;

    @BeforeAll
    static void start() {
        server = SecuredServer.start(SecuritySettings.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Answer get(String path, Map<String, String> headers) throws IOException {
        return server.http.send("GET", path, headers, null);
    }

    private static RawHttp.Answer create(String name, Map<String, String> headers) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
        all.putAll(headers);
        return server.http.send("POST", CREATE, all, "{\"name\": \"" + name + "\"}");
    }

    private static boolean experimentExists(String name) throws IOException {
        String path = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + name;
        return get(path, Map.of()).status() == 200;
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:5000", "127.0.0.1", "127.0.0.1:8080", "[::1]:5000", "0.0.0.0:80",
            "10.0.0.7", "10.12.3.4:5000", "192.168.1.20:5000", "172.16.0.1", "172.31.255.255:443", "fd00::1"})
    void localAndPrivateHostsAreAcceptedByDefault(String host) throws IOException {
        RawHttp.Answer answer = get(GET_EXPERIMENT, Map.of("Host", host));
        assertEquals(200, answer.status(), host + ": " + answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:5000", "172.32.0.1", "172.15.0.1:80", "8.8.8.8",
            "10.evil.example", "192.168.evil.example", "localhost.evil.example"})
    void foreignHostsAreRefusedAsMlflowDoes(String host) throws IOException {
        RawHttp.Answer answer = get(GET_EXPERIMENT, Map.of("Host", host));
        assertEquals(403, answer.status(), host);
        assertEquals("text/plain", answer.header("Content-Type"));
        assertEquals("Invalid Host header - possible DNS rebinding attack detected", answer.body());
    }

    @Test
    void aForeignHostChangesNothing() throws IOException {
        RawHttp.Answer answer = create("rebound-" + System.nanoTime(), Map.of("Host", "attacker.example"));
        assertEquals(403, answer.status());
        assertEquals(false, answer.body().contains("experiment_id"));
        String name = "rebound-check-" + System.nanoTime();
        create(name, Map.of("Host", "attacker.example"));
        assertEquals(false, experimentExists(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/version", "/health/ready"})
    void probesAnswerWhateverTheHost(String path) throws IOException {
        // Kubernetes probes send the pod IP, which may lie outside the private ranges.
        assertEquals(200, get(path, Map.of("Host", "100.64.3.4:5000")).status());
    }

    @Test
    void crossOriginStateChangesAreRefusedAndChangeNothing() throws IOException {
        for (String type : List.of("application/json", "text/plain")) {
            String name = "csrf-" + System.nanoTime();
            RawHttp.Answer answer = create(name, Map.of("Origin", "https://evil.example", "Content-Type", type));
            assertEquals(403, answer.status(), type);
            assertEquals("Cross-origin request blocked", answer.body());
            assertEquals(false, experimentExists(name));
        }
        RawHttp.Answer nullOrigin = create("csrf-null-" + System.nanoTime(), Map.of("Origin", "null"));
        assertEquals(403, nullOrigin.status());
        RawHttp.Answer delete = server.http.send("DELETE", "/api/2.0/mlflow-artifacts/artifacts/0/x.txt",
                Map.of("Origin", "https://evil.example"), null);
        assertEquals(403, delete.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3000", "http://127.0.0.1:5000", "https://localhost", "http://[::1]:8080"})
    void localhostOriginsMayChangeState(String origin) throws IOException {
        String name = "local-origin-" + System.nanoTime();
        RawHttp.Answer answer = create(name, Map.of("Origin", origin));
        assertEquals(200, answer.status(), origin + ": " + answer.body());
        assertTrue(experimentExists(name));
    }

    @Test
    void readsFromAnotherOriginAreServedWithoutGrantingTheOrigin() throws IOException {
        RawHttp.Answer answer = get(GET_EXPERIMENT, Map.of("Origin", "https://evil.example"));
        assertEquals(200, answer.status());
        assertNull(answer.header("Access-Control-Allow-Origin"));
        RawHttp.Answer local = get(GET_EXPERIMENT, Map.of("Origin", "http://localhost:3000"));
        assertEquals("http://localhost:3000", local.header("Access-Control-Allow-Origin"));
        assertEquals("true", local.header("Access-Control-Allow-Credentials"));
    }

    @Test
    void preflightsAreAnsweredForLocalOriginsOnly() throws IOException {
        RawHttp.Answer ok = server.http.send("OPTIONS", CREATE, Map.of("Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), null);
        assertEquals(200, ok.status());
        assertEquals("http://localhost:3000", ok.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT, DELETE, OPTIONS, PATCH", ok.header("Access-Control-Allow-Methods"));
        assertEquals("content-type", ok.header("Access-Control-Allow-Headers"));
        assertEquals("600", ok.header("Access-Control-Max-Age"));

        RawHttp.Answer foreign = server.http.send("OPTIONS", CREATE, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"), null);
        assertEquals(400, foreign.status());
        assertEquals("Disallowed CORS origin", foreign.body());
        assertNull(foreign.header("Access-Control-Allow-Origin"));

        RawHttp.Answer method = server.http.send("OPTIONS", CREATE, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "TRACE"), null);
        assertEquals("Disallowed CORS origin, method", method.body());
    }

    @Test
    void plainOptionsOnAnApiRouteAnswersNoContentWithItsMethods() throws IOException {
        RawHttp.Answer answer = server.http.send("OPTIONS", "/api/2.0/mlflow/experiments/search", Map.of(), null);
        assertEquals(204, answer.status());
        assertEquals(List.of("GET", "HEAD", "OPTIONS", "POST"),
                List.of(answer.header("Allow").split(", ")).stream().sorted().toList());
        assertEquals(404, server.http.send("OPTIONS", "/api/2.0/mlflow/no-such-route", Map.of(), null).status());
    }

    @Test
    void everyAnswerForbidsSniffingAndForeignFraming() throws IOException {
        for (RawHttp.Answer answer : List.of(get(GET_EXPERIMENT, Map.of()), get("/health", Map.of()),
                get("/api/2.0/mlflow/experiments/get?experiment_id=999999", Map.of()), get("/no-such-page", Map.of()),
                create("", Map.of()))) {
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer.body());
            assertEquals("SAMEORIGIN", answer.header("X-Frame-Options"), answer.body());
        }
    }

    @Test
    void theContentTypeErrorDoesNotEchoTheHeader() throws IOException {
        RawHttp.Answer answer = create("xss-" + System.nanoTime(), Map.of("Content-Type", "text/html; x=<script>"));
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("INVALID_PARAMETER_VALUE"), answer.body());
        assertEquals(false, answer.body().contains("<script>"), answer.body());
    }
}
