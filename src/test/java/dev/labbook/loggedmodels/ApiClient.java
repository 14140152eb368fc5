package dev.labbook.loggedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw HTTP against a started server, the way the MLflow client sends requests. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    ApiClient(String base) {
        this.base = base;
    }

    /** An answer: status, body text, and the body as JSON when it is JSON. */
    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        Answer expect(int expected) {
            assertEquals(expected, status, body);
            return this;
        }

        /** Asserts an MLflow error with this status and error_code. */
        void error(int expectedStatus, String code) {
            assertEquals(expectedStatus, status, body);
            assertEquals(code, json().path("error_code").asText(), body);
        }
    }

    Answer send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(answer.statusCode(), answer.body(), answer.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Answer post(String path, Object body) {
        return send("POST", "/api/2.0/mlflow" + path, body);
    }

    Answer patch(String path, Object body) {
        return send("PATCH", "/api/2.0/mlflow" + path, body);
    }

    Answer delete(String path) {
        return send("DELETE", "/api/2.0/mlflow" + path, null);
    }

    Answer get(String pathAndQuery) {
        return send("GET", "/api/2.0/mlflow" + pathAndQuery, null);
    }

    /** POSTs and insists on 200. */
    JsonNode ok(String path, Object body) {
        return post(path, body).expect(200).json();
    }

    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
