package dev.labbook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.config.SecuritySettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags: --allowed-hosts, --cors-allowed-origins (lists, wildcards, '*'), --x-frame-options, off switch. */
class SecuritySettingsBehaviourTest {
    private static final String GET_EXPERIMENT = "/api/2.0/mlflow/experiments/get?experiment_id=0";
    private static final String SEARCH = "/api/2.0/mlflow/experiments/search";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String SEARCH_BODY = "{\"max_results\": 1}";

    private static SecuritySettings settings(List<String> hosts, List<String> origins, String frames, boolean off) {
        return new SecuritySettings(hosts, origins, frames, off, SecuritySettings.DEFAULT_MAX_JSON_BODY_BYTES);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return all;
    }

    @Test
    void anExplicitHostListReplacesTheDefaults() throws IOException {
        try (SecuredServer server = SecuredServer.start(settings(List.of("mlflow.example.com", "*.internal:5000"),
                List.of(), "SAMEORIGIN", false))) {
            assertEquals(200, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "mlflow.example.com"), null).status());
            assertEquals(200, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "db.internal:5000"), null).status());
            assertEquals(403, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "db.internal:5001"), null).status());
            // The defaults are gone: only the listed hosts are accepted.
            assertEquals(403, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "127.0.0.1"), null).status());
            assertEquals(403, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "10.0.0.1"), null).status());
        }
    }

    @Test
    void aStarAcceptsEveryHost() throws IOException {
        try (SecuredServer server = SecuredServer.start(settings(List.of("*"), List.of(), "SAMEORIGIN", false))) {
            assertEquals(200, server.http.send("GET", GET_EXPERIMENT, Map.of("Host", "anything.example"), null).status());
        }
    }

    @Test
    void listedOriginsMayChangeStateAndGetCredentialedCors() throws IOException {
        try (SecuredServer server = SecuredServer.start(settings(List.of(),
                List.of("https://app.example.com", "https://*.corp.example"), "SAMEORIGIN", false))) {
            RawHttp.Answer listed = server.http.send("POST", SEARCH,
                    with(JSON, "Origin", "https://app.example.com"), SEARCH_BODY);
            assertEquals(200, listed.status());
            assertEquals("https://app.example.com", listed.header("Access-Control-Allow-Origin"));
            assertEquals("true", listed.header("Access-Control-Allow-Credentials"));
            assertEquals(200, server.http.send("POST", SEARCH,
                    with(JSON, "Origin", "https://ui.corp.example"), SEARCH_BODY).status());
            assertEquals(403, server.http.send("POST", SEARCH,
                    with(JSON, "Origin", "https://app.example.com.evil.example"), SEARCH_BODY).status());
            // localhost stays allowed next to a configured list
            assertEquals(200, server.http.send("POST", SEARCH,
                    with(JSON, "Origin", "http://localhost:3000"), SEARCH_BODY).status());
        }
    }

    @Test
    void aStarOriginAllowsEveryOriginWithoutCredentials() throws IOException {
        try (SecuredServer server = SecuredServer.start(settings(List.of(), List.of("*"), "SAMEORIGIN", false))) {
            RawHttp.Answer answer = server.http.send("POST", SEARCH,
                    with(JSON, "Origin", "https://anyone.example"), SEARCH_BODY);
            assertEquals(200, answer.status());
            assertEquals("*", answer.header("Access-Control-Allow-Origin"));
            assertNull(answer.header("Access-Control-Allow-Credentials"));
            RawHttp.Answer preflight = server.http.send("OPTIONS", SEARCH, Map.of("Origin", "https://anyone.example",
                    "Access-Control-Request-Method", "DELETE"), null);
            assertEquals(200, preflight.status());
            assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void frameOptionsFollowTheFlag() throws IOException {
        try (SecuredServer deny = SecuredServer.start(settings(List.of(), List.of(), "deny", false))) {
            assertEquals("DENY", deny.http.send("GET", GET_EXPERIMENT, Map.of(), null).header("X-Frame-Options"));
        }
        try (SecuredServer none = SecuredServer.start(settings(List.of(), List.of(), "NONE", false))) {
            RawHttp.Answer answer = none.http.send("GET", GET_EXPERIMENT, Map.of(), null);
            assertNull(answer.header("X-Frame-Options"));
            assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> settings(List.of(), List.of(), "ALLOW-FROM https://x.example", false));
        assertTrue(bad.getMessage().contains("--x-frame-options"));
    }

    @Test
    void disabledMiddlewareChecksNothingAndAddsNoHeaders() throws IOException {
        try (SecuredServer server = SecuredServer.start(settings(List.of(), List.of(), "SAMEORIGIN", true))) {
            RawHttp.Answer answer = server.http.send("POST", SEARCH, with(with(JSON, "Origin", "https://evil.example"),
                    "Host", "evil.example"), SEARCH_BODY);
            assertEquals(200, answer.status());
            assertNull(answer.header("X-Frame-Options"));
            assertNull(answer.header("X-Content-Type-Options"));
        }
    }

    @Test
    void underAStaticPrefixOnlyThePrefixedProbesAreExempt() throws IOException {
        try (SecuredServer server = SecuredServer.start(SecuritySettings.defaults(), "/mlflow")) {
            Map<String, String> foreign = Map.of("Host", "evil.example");
            assertEquals(200, server.http.send("GET", "/mlflow/health", foreign, null).status());
            assertEquals(403, server.http.send("GET", "/mlflow" + GET_EXPERIMENT, foreign, null).status());
            assertEquals(403, server.http.send("POST", "/mlflow" + SEARCH,
                    with(JSON, "Origin", "https://evil.example"), SEARCH_BODY).status());
        }
    }
}
