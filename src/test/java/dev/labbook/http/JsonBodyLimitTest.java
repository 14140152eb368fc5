package dev.labbook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.config.SecuritySettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON endpoints read a bounded body; streamed artifact uploads are never limited. */
class JsonBodyLimitTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int LIMIT = 64 * 1024;

    private static SecuritySettings limit(long bytes) {
        return new SecuritySettings(List.of(), List.of(), "SAMEORIGIN", false, bytes);
    }

    private static HttpResponse<String> send(int port, String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method, body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * With Expect: 100-continue the client sends the body only once the server asks for it, so a
     * 413 decided from Content-Length alone always reaches it. Without, the server may answer and
     * close while the client is still writing, and the client sees a broken pipe instead.
     */
    private static HttpResponse<String> sendExpectingContinue(int port, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String experimentCreate(String name, int padding) {
        return "{\"name\": \"" + name + "\", \"padding\": \"" + "x".repeat(padding) + "\"}";
    }

    private static void assertTooLarge(HttpResponse<String> response) throws IOException {
        assertEquals(413, response.statusCode(), response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals("BAD_REQUEST", body.get("error_code").asText());
        assertTrue(body.get("message").asText().contains(String.valueOf(LIMIT)), response.body());
    }

    private static boolean exists(int port, String name) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + name)).build();
        return HTTP.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndChangesNothing() throws Exception {
        try (SecuredServer server = SecuredServer.start(limit(LIMIT))) {
            int port = server.app.port();
            String declared = "declared-" + System.nanoTime();
            assertTooLarge(sendExpectingContinue(port, "/api/2.0/mlflow/experiments/create",
                    experimentCreate(declared, LIMIT)));
            assertEquals(false, exists(port, declared));

            // Without a Content-Length (chunked), the limit applies while the body is read.
            String chunked = "chunked-" + System.nanoTime();
            byte[] bytes = experimentCreate(chunked, LIMIT).getBytes(StandardCharsets.UTF_8);
            assertTooLarge(send(port, "POST", "/ajax-api/2.0/mlflow/experiments/create",
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
            assertEquals(false, exists(port, chunked));

            String small = "small-" + System.nanoTime();
            assertEquals(200, send(port, "POST", "/api/2.0/mlflow/experiments/create",
                    HttpRequest.BodyPublishers.ofString(experimentCreate(small, LIMIT / 2))).statusCode());
            assertTrue(exists(port, small));
        }
    }

    @Test
    void artifactUploadsStreamPastTheLimit() throws Exception {
        try (SecuredServer server = SecuredServer.start(limit(LIMIT))) {
            int port = server.app.port();
            byte[] file = new byte[LIMIT * 4];
            java.util.Arrays.fill(file, (byte) 'a');
            String path = "/api/2.0/mlflow-artifacts/artifacts/limit-test/big.bin";
            HttpResponse<String> put = send(port, "PUT", path,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(file)));
            assertEquals(200, put.statusCode(), put.body());
            HttpResponse<byte[]> back = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(file.length, back.body().length);
        }
    }

    @Test
    void theDefaultLimitFitsTheLargestLegalDataset() throws Exception {
        try (SecuredServer server = SecuredServer.start(SecuritySettings.defaults())) {
            int port = server.app.port();
            HttpResponse<String> run = send(port, "POST", "/api/2.0/mlflow/runs/create",
                    HttpRequest.BodyPublishers.ofString("{\"experiment_id\": \"0\"}"));
            String runId = MAPPER.readTree(run.body()).at("/run/info/run_id").asText();
            ObjectNode dataset = MAPPER.createObjectNode().put("name", "big").put("digest", "d1")
                    .put("source_type", "local").put("source", "s".repeat(65535))
                    .put("schema", "{\"k\":\"" + "\\".repeat(1048575 - 10) + "\"}")
                    .put("profile", "p".repeat(16777215));
            ObjectNode body = MAPPER.createObjectNode().put("run_id", runId);
            body.putArray("datasets").addObject().set("dataset", dataset);
            byte[] json = MAPPER.writeValueAsBytes(body);
            assertTrue(json.length > 18_000_000, "payload is " + json.length + " bytes");
            HttpResponse<String> logged = send(port, "POST", "/api/2.0/mlflow/runs/log-inputs",
                    HttpRequest.BodyPublishers.ofByteArray(json));
            assertEquals(200, logged.statusCode(), logged.body().substring(0, Math.min(300, logged.body().length())));
        }
    }
}
