package dev.labbook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain HTTP client for the MLflow REST protocol, as a client sees it: no Labbook classes, only
 * status codes, headers and JSON text.
 */
public final class ApiClient {
    public static final String API = "/api/2.0/mlflow";
    public static final String AJAX = "/ajax-api/2.0/mlflow";

    /** Parses what the server sends, including the bare NaN/Infinity tokens some servers emit. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    public ApiClient(String base) {
        this.base = base;
    }

    /** One HTTP answer. {@link #json()} fails the test when the body is not JSON. */
    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON (status " + status + "): " + body, e);
            }
        }

        public boolean isJson() {
            try {
                JsonNode node = MAPPER.readTree(body);
                return node != null && !node.isMissingNode();
            } catch (IOException e) {
                return false;
            }
        }

        /** The JSON body of a 200 answer; anything else fails the test with the body shown. */
        public JsonNode ok() {
            assertEquals(200, status, () -> "expected 200, got " + status + ": " + body);
            assertTrue(contentType != null && contentType.startsWith("application/json"),
                    () -> "expected a JSON content type, got " + contentType);
            JsonNode node = json();
            assertTrue(node.isObject(), () -> "expected a JSON object, got " + body);
            return node;
        }

        /** Asserts MLflow's error shape: this status, {"error_code": code, "message": ...}. */
        public Response error(int expectedStatus, String expectedCode) {
            assertEquals(expectedStatus, status, () -> "expected HTTP " + expectedStatus + " " + expectedCode
                    + ", got " + status + ": " + body);
            assertTrue(contentType != null && contentType.startsWith("application/json"),
                    () -> "errors are JSON, got Content-Type " + contentType + ": " + body);
            JsonNode node = json();
            assertEquals(expectedCode, node.path("error_code").asText(null), () -> "error_code of " + body);
            assertTrue(node.path("message").isTextual() && !node.path("message").asText().isEmpty(),
                    () -> "error without a message: " + body);
            return this;
        }

        public String message() {
            return json().path("message").asText();
        }
    }

    public Response get(String path, String... queryPairs) {
        return send(HttpRequest.newBuilder(uri(path + query(queryPairs))).GET());
    }

    public Response post(String path, Object body) {
        return postRaw(path, body instanceof String s ? s : write(body), "application/json");
    }

    /** A POST with exactly this body; a null content type sends no Content-Type header at all. */
    public Response postRaw(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** A POST with extra request headers (the OTLP intake names its experiment in one). */
    public Response postRaw(String path, byte[] body, String contentType, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request);
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    /** key, value, key, value, ...: each pair becomes one query parameter (keys may repeat). */
    public static String query(String... pairs) {
        if (pairs.length % 2 != 0) {
            fail("query pairs must come in twos");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? '?' : '&').append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A JSON object from key, value pairs; values go through Jackson (lists, maps, nodes, numbers).
     * The result is re-read from its text, so it compares equal to the same JSON read from a response
     * (Jackson's number nodes are only equal to nodes of the same width).
     */
    public static ObjectNode obj(Object... pairs) {
        if (pairs.length % 2 != 0) {
            fail("object pairs must come in twos");
        }
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], MAPPER.valueToTree(pairs[i + 1]));
        }
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(node));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static ArrayNode arr(Object... items) {
        ArrayNode node = MAPPER.createArrayNode();
        for (Object item : items) {
            node.add(MAPPER.<JsonNode>valueToTree(item));
        }
        return node;
    }
}
