package dev.labbook.cli;

import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code labbook aot-train}: a short, self-contained run of the server for JDK 25's ahead-of-time
 * cache. Run once as {@code java -XX:AOTCacheOutput=labbook.aot -jar labbook.jar aot-train}; later
 * starts with {@code -XX:AOTCache=labbook.aot} find the classes it used already loaded and linked.
 * It serves an in-memory database on a free loopback port, calls the everyday endpoints once, and exits.
 */
@Command(name = "aot-train", mixinStandardHelpOptions = true,
        description = "Exercise the server briefly so that -XX:AOTCacheOutput can record an AOT cache, then exit.")
public final class AotTrainCommand implements Callable<Integer> {
    private static final String API = "/api/2.0/mlflow";

    @Override
    public Integer call() throws Exception {
        // MariaDB is the production store: load its driver too, though training runs on H2.
        Class.forName("org.mariadb.jdbc.Driver");
        Path artifacts = Files.createTempDirectory("labbook-aot-train-");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, "h2:mem:aot-train;DB_CLOSE_DELAY=-1", null,
                artifacts.toString(), true, false, "", true, 4);
        try (App app = new App(config).start("127.0.0.1", 0)) {
            Client client = new Client("http://127.0.0.1:" + app.port());
            String experiment = client.json("POST", API + "/experiments/create", "{\"name\": \"aot-train\"}")
                    .replaceAll("(?s).*\"experiment_id\"\\s*:\\s*\"([0-9]+)\".*", "$1");
            String run = client.json("POST", API + "/runs/create", "{\"experiment_id\": \"" + experiment + "\"}")
                    .replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
            for (String call : List.of(
                    "POST /runs/log-batch {\"run_id\": \"%1$s\", \"metrics\": [{\"key\": \"loss\", \"value\": 0.5, "
                            + "\"timestamp\": 1, \"step\": 1}], \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], "
                            + "\"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}",
                    "POST /runs/log-metric {\"run_id\": \"%1$s\", \"key\": \"acc\", \"value\": 0.9, \"timestamp\": 2}",
                    "POST /runs/search {\"experiment_ids\": [\"%2$s\"], \"filter\": \"params.lr = '0.1'\", "
                            + "\"order_by\": [\"metrics.loss DESC\"]}",
                    "GET /runs/get?run_id=%1$s",
                    "GET /metrics/get-history?run_id=%1$s&metric_key=loss",
                    "GET /metrics/get-history-bulk-interval?run_ids=%1$s&metric_key=loss&max_results=10",
                    "GET /experiments/get?experiment_id=%2$s",
                    "POST /experiments/search {\"max_results\": 10}",
                    "POST /runs/update {\"run_id\": \"%1$s\", \"status\": \"FINISHED\", \"end_time\": 3}")) {
                String[] parts = call.formatted(run, experiment).split(" ", 3);
                client.json(parts[0], API + parts[1], parts.length > 2 ? parts[2] : null);
            }
            client.json("GET", "/health", null);
        } finally {
            deleteQuietly(artifacts);
        }
        return 0;
    }

    private static void deleteQuietly(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Just enough HTTP to drive the server; a failed call fails the training. */
    private record Client(String base, HttpClient http) {
        Client(String base) {
            this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        String json(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body();
        }
    }
}
