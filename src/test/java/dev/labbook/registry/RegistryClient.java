package dev.labbook.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw HTTP to one server's /api/2.0/mlflow routes, as the MLflow client sends them. */
final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    RegistryClient(String base) {
        this.base = base;
    }

    /** An answer: the status, the JSON body (null when not JSON), the raw body and the headers. */
    record Answer(int status, JsonNode json, String body, Map<String, List<String>> headers) {
        String errorCode() {
            return json == null ? null : json.path("error_code").asText(null);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    Answer post(String path, Object body) {
        return send("POST", path, "", body);
    }

    Answer patch(String path, Object body) {
        return send("PATCH", path, "", body);
    }

    Answer delete(String path, Object body) {
        return send("DELETE", path, "", body);
    }

    /** GET with a query from key, value pairs; a List value becomes a repeated key. */
    Answer get(String path, Object... keysAndValues) {
        return send("GET", path, query(keysAndValues), null);
    }

    /** A route outside /api/2.0/mlflow, e.g. /model-versions/get-artifact. */
    Answer getRaw(String fullPath, Object... keysAndValues) {
        return exchange("GET", base + fullPath + query(keysAndValues), null);
    }

    /** Insists on a 200 and returns its JSON. */
    JsonNode ok(Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("expected 200, got " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private Answer send(String method, String path, String query, Object body) {
        return exchange(method, base + "/api/2.0/mlflow" + path + query, body);
    }

    private Answer exchange(String method, String url, Object body) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), json, response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String query(Object... keysAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            for (Object v : value instanceof List<?> list ? list : List.of(value)) {
                query.append(query.isEmpty() ? "?" : "&").append(encode(keysAndValues[i].toString()))
                        .append('=').append(encode(v.toString()));
            }
        }
        return query.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
