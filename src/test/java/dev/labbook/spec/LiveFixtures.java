package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.JSON;
import static dev.labbook.spec.Scenarios.SEQUENCE;
import static dev.labbook.spec.Scenarios.dataset;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.writeFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fixtures created on a running server through its API (and, for artifacts, its storage folders). */
final class LiveFixtures implements Fixtures {
    private final HttpClient http;
    private final String base;
    private String richExperiment;
    private String richRun;
    private String secondRichRun;

    /** Fixtures on the server at {@code base} (such as http://127.0.0.1:8080), called through {@code http}. */
    LiveFixtures(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    @Override public String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }

    @Override public String experiment() {
        return createExperiment(unique("spec-exp")).experimentId;
    }

    @Override public String experimentName() {
        String name = unique("spec-named");
        createExperiment(name);
        return name;
    }

    @Override public String deletedExperiment() {
        String id = experiment();
        call("/experiments/delete", obj("experiment_id", id));
        return id;
    }

    @Override public String run() {
        return createRun(experiment());
    }

    @Override public String deletedRun() {
        String id = run();
        call("/runs/delete", obj("run_id", id));
        return id;
    }

    @Override public synchronized String richExperiment() {
        if (richExperiment == null) {
            String experiment = experiment();
            long now = System.currentTimeMillis();
            String first = createRun(experiment);
            List<Object> points = new ArrayList<>();
            for (int step = 0; step < 5; step++) {
                points.add(obj("key", "loss", "value", 1.0 / (step + 1), "timestamp", now + step, "step", step));
            }
            points.add(obj("key", "unstable", "value", "NaN", "timestamp", now, "step", 0));
            call("/runs/log-batch", obj("run_id", first, "metrics", points,
                    "params", List.of(obj("key", "lr", "value", "0.01")),
                    "tags", List.of(obj("key", "stage", "value", "train"))));
            call("/runs/log-inputs", obj("run_id", first, "datasets", List.of(dataset("spec-train", "abc123"))));
            call("/runs/update", obj("run_id", first, "status", "FINISHED", "end_time", now + 10));
            String second = createRun(experiment);
            call("/runs/log-metric", obj("run_id", second, "key", "loss", "value", 0.7, "timestamp", now, "step", 0));
            richExperiment = experiment;
            richRun = first;
            secondRichRun = second;
        }
        return richExperiment;
    }

    @Override public String richRun() {
        richExperiment();
        return richRun;
    }

    @Override public String secondRichRun() {
        richExperiment();
        return secondRichRun;
    }

    /** Uploads through the proxy. */
    @Override public String artifactFile() {
        String path = unique("spec-file") + "/file.bin";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofString("live artifact bytes"))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("setting up: upload answered " + answer.statusCode() + " " + answer.body());
            }
            return path;
        } catch (IOException e) {
            throw new AssertionError("setting up: upload failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The spec server keeps run artifacts in a local folder (file: URIs), where the file is written directly. */
    @Override public String runWithArtifact() {
        JsonNode answer = call("/runs/create", obj("experiment_id", experiment(), "start_time", System.currentTimeMillis()));
        writeFile(Path.of(URI.create(answer.at("/run/info/artifact_uri").asText())).resolve("spec/hello.bin"),
                "hello from a run");
        return answer.at("/run/info/run_id").asText();
    }

    @Override public String registeredModel() {
        String name = unique("spec-model");
        call("/registered-models/create", obj("name", name, "tags", List.of(obj("key", "team", "value", "vision"))));
        JsonNode run = call("/runs/create", obj("experiment_id", experiment(), "start_time", System.currentTimeMillis()))
                .at("/run/info");
        String artifactUri = run.path("artifact_uri").asText();
        try {
            Path model = (artifactUri.startsWith("file:") ? Path.of(URI.create(artifactUri)) : Path.of(artifactUri))
                    .resolve("model");
            Files.createDirectories(model);
            Files.writeString(model.resolve("MLmodel"), "artifact_path: model\nflavors: {}\n");
        } catch (IOException e) {
            throw new AssertionError("setting up: cannot write the model's files under " + artifactUri, e);
        }
        call("/model-versions/create", obj("name", name, "source", artifactUri + "/model",
                "run_id", run.path("run_id").asText(), "tags", List.of(obj("key", "spec.tag", "value", "x"))));
        call("/registered-models/alias", obj("name", name, "alias", "champion", "version", "1"));
        return name;
    }

    private String loggedModelExperiment;

    @Override public String loggedModel() {
        return createLoggedModel(experiment());
    }

    @Override public synchronized String loggedModelExperiment() {
        if (loggedModelExperiment == null) {
            String experiment = experiment();
            createLoggedModel(experiment);
            loggedModelExperiment = experiment;
        }
        return loggedModelExperiment;
    }

    private String createLoggedModel(String experimentId) {
        String run = createRun(experimentId);
        JsonNode model = call("/logged-models", obj("experiment_id", experimentId, "name", "spec-model",
                "source_run_id", run, "params", List.of(obj("key", "lr", "value", "0.01")),
                "tags", List.of(obj("key", "team", "value", "vision")))).path("model");
        String id = model.at("/info/model_id").asText();
        call("/runs/log-batch", obj("run_id", run, "metrics", List.of(obj("key", "acc", "value", 0.9,
                "timestamp", System.currentTimeMillis(), "step", 0, "model_id", id,
                "dataset_name", "spec-eval", "dataset_digest", "abc123"))));
        call("/runs/outputs", obj("run_id", run, "models", List.of(obj("model_id", id, "step", 0))));
        try {
            Path root = Path.of(URI.create(model.at("/info/artifact_uri").asText()));
            Files.createDirectories(root);
            Files.writeString(root.resolve("MLmodel"), "artifact_path: model\nflavors: {}\n");
        } catch (IOException e) {
            throw new AssertionError("setting up: cannot write the model's MLmodel", e);
        }
        patch("/logged-models/" + id, obj("status", "LOGGED_MODEL_READY"));
        return id;
    }

    private final Map<String, String> traceExperiments = new ConcurrentHashMap<>();

    @Override public String trace() {
        String experiment = experiment();
        String hex = OtlpBodies.newTraceHex();
        String traceId = "tr-" + hex;
        send("POST", "/v1/traces", OtlpBodies.PROTOBUF, OtlpBodies.protobuf(hex),
                Map.of(OtlpBodies.EXPERIMENT_HEADER, experiment));
        Map<String, Object> info = traceInfo(traceId, experiment);
        info.put("client_request_id", unique("spec-request"));
        info.put("execution_duration", "0.033s");
        info.put("state", "OK");
        info.put("trace_metadata", obj("mlflow.trace_schema.version", "3", "mlflow.trace.sizeStats", "{\"num_spans\": 2}"));
        info.put("tags", obj("mlflow.traceName", "spec-root", "team", "vision"));
        info.put("request_preview", "What is Labbook?");
        info.put("response_preview", "A tracking server.");
        info.put("assessments", List.of(obj("assessment_name", "relevance",
                "source", obj("source_type", "LLM_JUDGE", "source_id", "spec-judge"),
                "feedback", obj("value", 0.9), "rationale", "On topic.", "metadata", obj("judge.model", "spec"))));
        json("POST", "/api/3.0/mlflow/traces", obj("trace", obj("trace_info", info)));
        json("POST", "/api/3.0/mlflow/traces/" + traceId + "/assessments", obj("assessment", obj(
                "assessment_name", "expected_facts", "source", obj("source_type", "HUMAN", "source_id", "spec"),
                "expectation", obj("value", List.of("tracks runs", "stores traces")))));
        traceExperiments.put(traceId, experiment);
        return traceId;
    }

    @Override public String traceExperiment(String traceId) {
        String experiment = traceExperiments.get(traceId);
        if (experiment == null) {
            throw new AssertionError("setting up: " + traceId + " is not a fixture trace");
        }
        return experiment;
    }

    @Override public String spanlessTrace() {
        String experiment = experiment();
        String traceId = "tr-" + OtlpBodies.newTraceHex();
        Map<String, Object> info = traceInfo(traceId, experiment);
        info.put("tags", obj("mlflow.traceName", "spec-artifact"));
        json("POST", "/api/3.0/mlflow/traces", obj("trace", obj("trace_info", info)));
        traceExperiments.put(traceId, experiment);
        return traceId;
    }

    @Override public String scorer(String experimentId) {
        String serialized = "{\"name\": \"" + SCORER + "\", \"builtin_scorer_class\": \"Safety\", "
                + "\"builtin_scorer_pydantic_data\": {\"name\": \"" + SCORER + "\", \"model\": \"openai:/gpt-4o-mini\"}}";
        Map<String, Object> body = obj("experiment_id", experimentId, "name", SCORER, "serialized_scorer", serialized);
        json("POST", "/api/3.0/mlflow/scorers/register", body);
        return json("POST", "/api/3.0/mlflow/scorers/register", body).path("scorer_id").asText();
    }

    @Override public String issue(String experimentId) {
        return json("POST", "/api/3.0/mlflow/issues", obj("experiment_id", experimentId, "name", "Slow answers",
                "description", "p99 above 10 s", "severity", "high", "categories", List.of("latency"),
                "metadata", obj("owner", "ops"))).at("/issue/issue_id").asText();
    }

    @Override public String assessment(String traceId) {
        return json("POST", "/api/3.0/mlflow/traces/" + traceId + "/assessments", obj("assessment", obj(
                "assessment_name", "correct", "source", obj("source_type", "HUMAN", "source_id", "spec"),
                "feedback", obj("value", true)))).at("/assessment/assessment_id").asText();
    }

    @Override public String labelSchema(String experimentId) {
        return json("POST", "/api/3.0/mlflow/label-schemas/create", obj("experiment_id", experimentId, "name", QUESTION,
                "type", "FEEDBACK", "input", obj("categorical", obj("options", List.of("good", "bad")))))
                .at("/label_schema/schema_id").asText();
    }

    @Override public String reviewQueue(String traceId) {
        String queue = json("POST", "/api/3.0/mlflow/review-queues/create", obj("experiment_id", traceExperiment(traceId),
                "name", QUEUE, "queue_type", "CUSTOM", "users", List.of("spec-reviewer")))
                .at("/review_queue/queue_id").asText();
        json("POST", "/api/3.0/mlflow/review-queues/items/add", obj("queue_id", queue, "item_ids", List.of(traceId)));
        return queue;
    }

    private final Map<String, String> datasetExperiments = new ConcurrentHashMap<>();

    @Override public String evalDataset() {
        String experiment = experiment();
        String id = json("POST", "/api/3.0/mlflow/datasets/create", obj("name", unique("spec-dataset"),
                "experiment_ids", List.of(experiment), "tags", "{\"team\": \"vision\"}"))
                .at("/dataset/dataset_id").asText();
        json("POST", "/api/3.0/mlflow/datasets/" + id + "/records", obj("records",
                "[{\"inputs\": {\"question\": \"What is MLflow?\"}, \"expectations\": {\"answer\": \"A platform\"}}, "
                        + "{\"inputs\": {\"question\": \"What is Labbook?\"}, \"outputs\": \"A server\"}]"));
        datasetExperiments.put(id, experiment);
        return id;
    }

    @Override public String evalDatasetExperiment(String datasetId) {
        return datasetExperiments.get(datasetId);
    }

    private static Map<String, Object> traceInfo(String traceId, String experiment) {
        return obj("trace_id", traceId, "trace_location", obj("type", "MLFLOW_EXPERIMENT",
                "mlflow_experiment", obj("experiment_id", experiment)),
                "request_time", Instant.ofEpochMilli(System.currentTimeMillis()).toString());
    }

    private JsonNode json(String method, String path, Object body) {
        try {
            return send(method, path, "application/json", JSON.writeValueAsBytes(body), Map.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a body to {@code path} (from the server root) and insists on a 200; the JSON answer, if any. */
    private JsonNode send(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("setting up: " + path + " answered " + answer.statusCode() + " " + answer.body());
            }
            return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("setting up: " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** PATCHes /api/2.0/mlflow{path} and insists on a 200. */
    private void patch(String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("setting up: " + path + " answered " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new AssertionError("setting up: " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private record Created(String experimentId) {}

    private Created createExperiment(String name) {
        JsonNode answer = call("/experiments/create", obj("name", name,
                "tags", List.of(obj("key", "team", "value", "vision"))));
        return new Created(answer.path("experiment_id").asText());
    }

    private String createRun(String experimentId) {
        JsonNode answer = call("/runs/create", obj("experiment_id", experimentId, "start_time", System.currentTimeMillis(),
                "tags", List.of(obj("key", "spec.tag", "value", "x"))));
        return answer.at("/run/info/run_id").asText();
    }

    /** POSTs to /api/2.0/mlflow{path} and insists on a 200. */
    private JsonNode call(String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("setting up: " + path + " answered " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("setting up: " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
