package dev.labbook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.config.SecuritySettings;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What fuzzing (.ci/fuzz) found answered 500, now answered as MLflow's client errors. */
class FuzzFindingsTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static SecuredServer server;

    @BeforeAll
    static void start() {
        server = SecuredServer.start(SecuritySettings.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/2.0/mlflow/runs/search|{\"experiment_ids\": [\"0\"], \"max_results\": %s}",
            "/api/2.0/mlflow/experiments/search|{\"max_results\": %s}",
            "/api/2.0/mlflow/runs/create|{\"experiment_id\": \"0\", \"start_time\": %s}",
            "/api/2.0/mlflow/logged-models/search|{\"experiment_ids\": [\"0\"], \"max_results\": %s}"})
    void int64BeyondSixtyFourBitsIsAnInvalidParameter(String path, String template) throws IOException {
        for (String value : new String[] {"9223372036854775808", "\"9223372036854775808\"", "-9223372036854775809"}) {
            RawHttp.Answer answer = server.http.send("POST", path, JSON, template.formatted(value));
            assertEquals(400, answer.status(), path + " " + value + ": " + answer.body());
            assertTrue(answer.body().contains("INVALID_PARAMETER_VALUE"), answer.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/2.0/mlflow-artifacts/artifacts/fuzz-dir",
            "/ajax-api/2.0/mlflow-artifacts/artifacts/fuzz-dir"})
    void uploadingOverADirectoryIsRefused(String path) throws IOException {
        assertEquals(200, server.http.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/fuzz-dir/inner.txt",
                Map.of(), "inner").status());
        RawHttp.Answer answer = server.http.send("PUT", path, Map.of(), "over");
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains("INVALID_PARAMETER_VALUE"), answer.body());
        assertEquals("inner", server.http.send("GET", "/api/2.0/mlflow-artifacts/artifacts/fuzz-dir/inner.txt",
                Map.of(), null).body());
    }
}
