package dev.labbook.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.Json;
import dev.labbook.http.JsonObject;
import dev.labbook.http.JsonWritable;
import dev.labbook.loggedmodels.ModelMetric;
import dev.labbook.loggedmodels.ModelOutput;
import dev.labbook.metrics.Metric;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Page;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs write their JSON straight to the generator. These tests hold that writer to the bytes the
 * JsonObject trees it replaced produced ({@link TreeJson} is that code, kept as the reference).
 */
class RunJsonTest {
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String UNICODE = "ünï “quoted” \"q\" back\\slash tab\t nl\n ctl\u0001 ls\u2028 中文 😀";

    private static final Run FULL = new Run(
            new RunInfo("0123456789abcdef0123456789abcdef", 7, "run " + UNICODE, "", "FINISHED",
                    1_700_000_000_123L, 1_700_000_999_999L, "s3://bucket/0/artifacts", "active"),
            List.of(new Metric("nan", Double.NaN, 1, 0),
                    new Metric("inf", Double.POSITIVE_INFINITY, 2, 1),
                    new Metric("-inf", Double.NEGATIVE_INFINITY, 3, -1),
                    new Metric("max", Double.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE),
                    new Metric("min", -Double.MAX_VALUE, 0, 0),
                    new Metric("tiny", Double.MIN_VALUE, 0, 0),
                    new Metric("zero", 0.0, 0, 0),
                    new Metric("negzero", -0.0, 0, 0),
                    new Metric("fraction", 0.1 + 0.2, 5, 6),
                    new Metric("integral", 42.0, 5, 6),
                    new Metric("big", 1e20, 5, 6),
                    new Metric("small", 1.5e-7, 5, 6),
                    new Metric("metric " + UNICODE, 1.0 / 3, 9, 9)),
            List.of(new KeyValue("p", "1"), new KeyValue("empty", ""), new KeyValue("param " + UNICODE, UNICODE)),
            List.of(new KeyValue("mlflow.runName", "run " + UNICODE), new KeyValue("unset", null)),
            List.of(new DatasetInput(new DatasetInput.Dataset("train " + UNICODE, "d1g35t", "local", "{\"uri\": \"/x\"}",
                            "{\"mlflow_colspec\": []}", "{\"num_rows\": 3}"),
                            List.of(new KeyValue("mlflow.data.context", "training"), new KeyValue("k", UNICODE))),
                    new DatasetInput(new DatasetInput.Dataset("eval", "d2", "http", "https://e", null, null), List.of())),
            List.of("m-1", "m-" + UNICODE),
            List.of(new ModelOutput("m-out", 0), new ModelOutput("m-out-2", Long.MAX_VALUE)));

    private static final Run EMPTY = new Run(
            new RunInfo("fedcba9876543210fedcba9876543210", 0, null, null, "RUNNING", 0, null, null, "deleted"),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    @Test
    void aRunIsWrittenAsItsTreeWas() throws IOException {
        for (Run run : List.of(FULL, EMPTY)) {
            assertSameJson(TreeJson.run(run), run);
        }
    }

    @Test
    void theRunsPageIsWrittenAsItsTreeWas() throws IOException {
        for (Page<Run> page : List.of(new Page<>(List.of(FULL, EMPTY, FULL), "next=token/+"),
                new Page<Run>(List.of(EMPTY), null), new Page<Run>(List.of(), null))) {
            JsonObject tree = JsonObject.empty()
                    .with("runs", page.items().stream().map(TreeJson::run).toList())
                    .with("next_page_token", page.nextPageToken());
            assertSameJson(tree, RunHandlers.searchResponse(page));
        }
    }

    /** get-run, create-run and update-run nest the writers in a JsonObject; GraphQL reads them as trees. */
    @Test
    void nestedInAMapOrReadAsATreeTheyAreTheSame() throws IOException {
        for (Run run : List.of(FULL, EMPTY)) {
            JsonObject tree = JsonObject.empty().with("run", TreeJson.run(run));
            JsonObject nested = JsonObject.empty().with("run", run);
            assertArrayEquals(MAPPER.writeValueAsBytes(tree), MAPPER.writeValueAsBytes(nested));
            assertEquals(MAPPER.valueToTree(tree), MAPPER.valueToTree(nested));
            assertArrayEquals(MAPPER.writeValueAsBytes(TreeJson.info(run.info())), MAPPER.writeValueAsBytes(run.info()));
        }
        Page<Run> page = new Page<>(List.of(FULL, EMPTY), "t");
        assertEquals(MAPPER.valueToTree(JsonObject.empty().with("runs", page.items().stream().map(TreeJson::run).toList())
                        .with("next_page_token", "t")),
                MAPPER.valueToTree(RunHandlers.searchResponse(page)));
    }

    /** The metric history and logged-model routes use the same writers for their points. */
    @Test
    void metricPointsWithRunOrModelAreWrittenAsTheirTreesWere() throws IOException {
        for (Metric metric : FULL.metrics()) {
            assertSameJson(TreeJson.metric(metric).with("run_id", "r"), metric.withRunId("r"));
            ModelMetric linked = new ModelMetric("m-1", "r", metric, "ds " + UNICODE, null);
            assertSameJson(TreeJson.metric(metric).with("dataset_name", "ds " + UNICODE).with("model_id", "m-1")
                    .with("run_id", "r"), linked);
        }
    }

    /**
     * The same bytes JsonEndpoint sent for the tree (writeValueAsBytes: UTF-8, so characters outside
     * the BMP are escaped as surrogate pairs, unlike writeValueAsString), and the same JSON value.
     */
    private static void assertSameJson(JsonObject tree, JsonWritable writable) throws IOException {
        String streamed = streamed(writable);
        assertEquals(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8), streamed);
        assertEquals(MAPPER.readTree(MAPPER.writeValueAsString(tree)), MAPPER.readTree(streamed));
    }

    /** As JsonEndpoint streams a response: a generator from the mapper's factory on the output stream. */
    private static String streamed(JsonWritable writable) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            writable.writeJson(json);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The JsonObject trees runs were sent as before they wrote themselves. */
    private static final class TreeJson {
        static JsonObject run(Run run) {
            JsonObject data = JsonObject.empty()
                    .with("metrics", run.metrics().stream().map(TreeJson::metric).toList())
                    .with("params", run.params().stream().map(TreeJson::keyValue).toList())
                    .with("tags", run.tags().stream().map(TreeJson::keyValue).toList());
            JsonObject inputs = JsonObject.empty()
                    .with("dataset_inputs", run.datasetInputs().stream().map(TreeJson::datasetInput).toList())
                    .with("model_inputs", run.modelInputs().stream()
                            .map(id -> JsonObject.empty().with("model_id", id)).toList());
            return JsonObject.empty()
                    .withMessage("info", info(run.info()))
                    .withMessage("data", data)
                    .withMessage("inputs", inputs)
                    .withMessage("outputs", JsonObject.empty().with("model_outputs", run.modelOutputs().stream()
                            .map(o -> JsonObject.empty().with("model_id", o.modelId()).with("step", o.step())).toList()));
        }

        static JsonObject info(RunInfo i) {
            return JsonObject.empty()
                    .with("run_id", i.runId())
                    .with("run_uuid", i.runId())
                    .with("run_name", i.runName())
                    .with("experiment_id", Long.toString(i.experimentId()))
                    .with("user_id", i.userId())
                    .with("status", i.status())
                    .with("start_time", i.startTime())
                    .with("end_time", i.endTime())
                    .with("artifact_uri", i.artifactUri())
                    .with("lifecycle_stage", i.lifecycleStage());
        }

        static JsonObject metric(Metric m) {
            return JsonObject.empty().with("key", m.key()).with("value", m.value()).with("timestamp", m.timestamp())
                    .with("step", m.step());
        }

        static JsonObject keyValue(KeyValue kv) {
            return JsonObject.empty().with("key", kv.key()).with("value", kv.value());
        }

        static JsonObject datasetInput(DatasetInput input) {
            DatasetInput.Dataset d = input.dataset();
            return JsonObject.empty()
                    .with("tags", input.tags().stream().map(TreeJson::keyValue).toList())
                    .withMessage("dataset", JsonObject.empty()
                            .with("name", d.name())
                            .with("digest", d.digest())
                            .with("source_type", d.sourceType())
                            .with("source", d.source())
                            .with("schema", d.schema())
                            .with("profile", d.profile()));
        }
    }
}
