package dev.labbook.registry;

import static dev.labbook.registry.RegistryClient.obj;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.LabbookServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A running server for one test class, on the backend the subclass names, with small builders for
 * the data the registry tests need. The contracts extending it run unchanged on H2 and MariaDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryServer {
    protected LabbookServer server;
    protected RegistryClient api;

    /** The --backend-store-uri to start on; called once, before the server starts. */
    protected abstract String backendStoreUri() throws Exception;

    /** Releases what backendStoreUri() made, after the server stopped. */
    protected void releaseBackend() throws Exception {
    }

    @BeforeAll
    void startServer() throws Exception {
        server = LabbookServer.start(backendStoreUri());
        api = new RegistryClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        releaseBackend();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A new registered model with no versions. */
    String model() {
        String name = unique("model");
        api.ok(api.post("/registered-models/create", obj("name", name)));
        return name;
    }

    /** Registers a new version from an object-store source, which needs no run; returns its number. */
    String version(String name) {
        return api.ok(api.post("/model-versions/create", obj("name", name, "source", "s3://bucket/" + unique("m"))))
                .at("/model_version/version").asText();
    }

    /** A new run in a new experiment: its ids and its artifact URI (a local directory). */
    record Run(String id, String experimentId, String artifactUri) {}

    Run run() {
        String experiment = api.ok(api.post("/experiments/create", obj("name", unique("exp"))))
                .path("experiment_id").asText();
        JsonNode info = api.ok(api.post("/runs/create", obj("experiment_id", experiment))).at("/run/info");
        return new Run(info.path("run_id").asText(), experiment, info.path("artifact_uri").asText());
    }

    /** Writes a file into a run's artifacts, as a client logging to a local artifact root does. */
    static void writeArtifact(Run run, String relativePath, String content) throws IOException {
        Path file = Path.of(run.artifactUri()).resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path(field).asText()).toList();
    }
}
