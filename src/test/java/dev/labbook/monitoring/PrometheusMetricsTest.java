package dev.labbook.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /metrics: off by default, and with --expose-prometheus the numbers follow the requests made. */
class PrometheusMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String GET_EXPERIMENT = "route=\"/api/2.0/mlflow/experiments/get\"";

    private static ServerConfig config(String staticPrefix) {
        return new ServerConfig("127.0.0.1", 0, "h2:mem:prometheus-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "file:///tmp/labbook-prometheus-artifacts", null, false, false, staticPrefix, true, 4);
    }

    @Test
    void withoutTheFlagMetricsAreAnUnknownPath() throws Exception {
        try (App app = new App(config("")).start("127.0.0.1", 0)) {
            HttpResponse<String> answer = get(app, "/metrics");
            assertEquals(404, answer.statusCode());
            assertEquals("Not Found", answer.body());
        }
    }

    @Test
    void requestsAreCountedPerRouteTemplateAndStatus() throws Exception {
        try (App app = new App(config("").withExposePrometheus("unused-dir")).start("127.0.0.1", 0)) {
            String before = scrape(app);
            double okBefore = value(before, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"200\"");
            double missingBefore = value(before, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"404\"");

            for (int i = 0; i < 3; i++) {
                assertEquals(200, get(app, "/api/2.0/mlflow/experiments/get?experiment_id=0").statusCode());
            }
            assertEquals(404, get(app, "/api/2.0/mlflow/experiments/get?experiment_id=424242").statusCode());
            assertEquals(400, get(app, "/api/2.0/mlflow/experiments/get").statusCode());
            assertEquals(200, get(app, "/health").statusCode());

            String after = scrape(app);
            assertEquals(okBefore + 3, value(after, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"200\""));
            assertEquals(missingBefore + 1, value(after, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"404\""));
            assertEquals(1, value(after, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"400\""));
            assertEquals(3, value(after, "labbook_http_request_duration_seconds_count", GET_EXPERIMENT,
                    "status=\"200\""));
            assertEquals(3, value(after, "labbook_http_request_duration_seconds_bucket", GET_EXPERIMENT,
                    "status=\"200\"", "le=\"+Inf\""));
            assertTrue(value(after, "labbook_http_request_duration_seconds_sum", GET_EXPERIMENT, "status=\"200\"") > 0);
            assertTrue(!after.contains("route=\"/health\""), "probes are not counted");
            assertTrue(!after.contains("route=\"/metrics\""), "the scrape itself is not counted");

            assertEquals(4, value(after, "labbook_db_pool_max_connections"));
            assertTrue(value(after, "labbook_db_pool_idle_connections") + value(after, "labbook_db_pool_active_connections") >= 1,
                    "the pool has opened connections by now");
            assertTrue(value(after, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
            assertTrue(after.contains("jvm_gc_collection_seconds_count") || after.contains("jvm_gc_collection_seconds"),
                    "GC metrics are exported");
            assertTrue(value(after, "jvm_threads_current") > 0);
        }
    }

    @Test
    void routesAreLabelledWithoutTheStaticPrefix() throws Exception {
        try (App app = new App(config("/mlflow").withExposePrometheus("unused-dir")).start("127.0.0.1", 0)) {
            assertEquals(200, get(app, "/mlflow/api/2.0/mlflow/experiments/get?experiment_id=0").statusCode());
            assertEquals(404, get(app, "/mlflow/no/such/path").statusCode());
            String text = get(app, "/mlflow/metrics").body();
            assertEquals(1, value(text, "labbook_http_requests_total", GET_EXPERIMENT, "status=\"200\""));
            assertEquals(1, value(text, "labbook_http_requests_total", "route=\"unmatched\"", "status=\"404\""));
        }
    }

    private static String scrape(App app) throws Exception {
        HttpResponse<String> answer = get(app, "/metrics");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return answer.body();
    }

    private static HttpResponse<String> get(App app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample of {@code name} whose labels include all of {@code labels}; 0 when none. */
    private static double value(String text, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(text);
        while (sample.find()) {
            String found = sample.group(1) == null ? "" : sample.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }
}
