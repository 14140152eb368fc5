package dev.labbook.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.App;
import dev.labbook.api.ApiClient;
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
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** An in-process server with --auth on an in-memory H2 database, and clients that call it as some user. */
final class AuthApp implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final App app;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AuthApp(Permission defaultPermission) {
        this(defaultPermission, "h2:mem:auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    AuthApp(Permission defaultPermission, String backendStoreUri) {
        Path artifacts;
        try {
            artifacts = Files.createTempDirectory("labbook-auth-artifacts-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServerConfig config = new ServerConfig("127.0.0.1", 0, backendStoreUri,
                null, artifacts.toString(), true, false, "", true, 4)
                .withAuth(new AuthSettings(true, defaultPermission, ADMIN, ADMIN_PASSWORD, false, Duration.ofSeconds(60)));
        this.app = new App(config).start("127.0.0.1", 0);
        this.base = "http://127.0.0.1:" + app.port();
    }

    App app() {
        return app;
    }

    Client admin() {
        return as(ADMIN, ADMIN_PASSWORD);
    }

    Client as(String username, String password) {
        return new Client("Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Client bearer(String token) {
        return new Client("Bearer " + token);
    }

    Client anonymous() {
        return new Client(null);
    }

    /** Creates a user as the admin and returns a client logged in as them. */
    Client newUser(String username) {
        String password = username + "-password-123";
        admin().post("/api/2.0/mlflow/users/create", Map.of("username", username, "password", password)).ok();
        return as(username, password);
    }

    @Override
    public void close() {
        app.close();
    }

    /** Requests with one Authorization header (or none). */
    final class Client {
        private final String authorization;

        private Client(String authorization) {
            this.authorization = authorization;
        }

        Answer get(String path, Object... keysAndValues) {
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                query.append(query.isEmpty() ? "?" : "&").append(keysAndValues[i]).append('=')
                        .append(URLEncoder.encode(String.valueOf(keysAndValues[i + 1]), StandardCharsets.UTF_8));
            }
            return send("GET", path + query, null);
        }

        Answer post(String path, Object body) {
            return send("POST", path, body);
        }

        Answer patch(String path, Object body) {
            return send("PATCH", path, body);
        }

        Answer delete(String path, Object body) {
            return send("DELETE", path, body);
        }

        Answer send(String method, String path, Object body) {
            return send(method, path, body, Map.of());
        }

        /** A JSON body (if any) with extra headers, such as the OTLP intake's experiment header. */
        Answer send(String method, String path, Object body, Map<String, String> headers) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                headers.forEach(request::header);
                if (body == null) {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                } else {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(ApiClient.MAPPER.writeValueAsString(body)));
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body(),
                        response.headers().firstValue("WWW-Authenticate").orElse(null));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String createExperiment(String name) {
            return post("/api/2.0/mlflow/experiments/create", Map.of("name", name)).ok().path("experiment_id").asText();
        }

        String createRun(String experimentId) {
            JsonNode run = post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId)).ok();
            return run.at("/run/info/run_id").asText();
        }
    }

    /** One HTTP answer, with the Basic challenge header if there was one. */
    record Answer(int status, String contentType, String body, String wwwAuthenticate) {
        private ApiClient.Response plain() {
            return new ApiClient.Response(status, contentType, body);
        }

        JsonNode ok() {
            return plain().ok();
        }

        JsonNode json() {
            return plain().json();
        }

        Answer error(int expectedStatus, String expectedCode) {
            plain().error(expectedStatus, expectedCode);
            return this;
        }
    }

    static void assertDenied(Answer response) {
        response.error(403, "PERMISSION_DENIED");
    }

    static void assertUnauthenticated(Answer response) {
        response.error(401, "UNAUTHENTICATED");
        assertEquals("Basic realm=\"mlflow\"", response.wwwAuthenticate());
    }
}
