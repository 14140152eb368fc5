package dev.labbook.api;

import static dev.labbook.api.ApiClient.AJAX;
import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** log-inputs and the UI's search-datasets (protocol §2.2, §4.1). */
public interface DatasetsContract extends ServerContract {
    String UNKNOWN_RUN = "00112233445566778899aabbccddeeff";

    private String freshRun() {
        return tracking().newRun(tracking().newExperiment());
    }

    /** A dataset input as mlflow.log_input sends it. */
    static ObjectNode dataset(String name, String context) {
        return obj("dataset", obj("name", name, "digest", "abc123", "source_type", "local",
                "source", "{\"uri\": \"/data/" + name + "\"}", "schema", "{}"),
                "tags", List.of(obj("key", "mlflow.data.context", "value", context)));
    }

    @Test
    default void logInputsAttachesDatasetsOnce() {
        String exp = tracking().newExperiment();
        String runId = tracking().newRun(exp);
        api().post(API + "/runs/log-inputs", obj("run_id", runId, "datasets", List.of(dataset("train-set", "training"))))
                .ok();
        api().post(API + "/runs/log-inputs", obj("run_id", runId, "datasets", List.of(dataset("train-set", "training"))))
                .ok();
        JsonNode inputs = tracking().run(runId).path("inputs").path("dataset_inputs");
        assertEquals(1, inputs.size(), inputs::toString);
        JsonNode d = inputs.get(0).path("dataset");
        assertEquals("train-set", d.path("name").asText());
        assertEquals("abc123", d.path("digest").asText());
        assertEquals("local", d.path("source_type").asText());
        assertEquals("{\"uri\": \"/data/train-set\"}", d.path("source").asText());
        assertEquals(obj("key", "mlflow.data.context", "value", "training"), inputs.get(0).path("tags").get(0));
        JsonNode summaries = api().post(AJAX + "/experiments/search-datasets", obj("experiment_ids", List.of(exp))).ok()
                .path("dataset_summaries");
        assertEquals(1, summaries.size(), summaries::toString);
        assertEquals(obj("experiment_id", exp, "name", "train-set", "digest", "abc123", "context", "training"),
                summaries.get(0));
        assertEquals(List.of(runId), Tracking.runIds(tracking().searchRuns(List.of(exp),
                "filter", "datasets.name = 'train-set' AND datasets.context = 'training'")));
    }

    @Test
    default void logInputsBadInputIsRejectedAndWritesNothing() {
        String runId = freshRun();
        String logInputs = API + "/runs/log-inputs";
        List<ObjectNode> bad = List.of(
                obj("datasets", List.of(dataset("d", "training"))),
                obj("run_id", runId, "datasets", List.of(obj("tags", List.of()))),
                obj("run_id", runId, "datasets", List.of(obj("dataset", obj("digest", "x", "source_type", "local",
                        "source", "s")))),
                obj("run_id", runId, "datasets", List.of(obj("dataset", obj("name", "d", "digest", "x".repeat(37),
                        "source_type", "local", "source", "s")))),
                obj("run_id", runId, "datasets", List.of(obj("dataset", obj("name", "n".repeat(501), "digest", "x",
                        "source_type", "local", "source", "s")))),
                obj("run_id", runId, "datasets", "not-a-list"));
        for (ObjectNode body : bad) {
            api().post(logInputs, body).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(logInputs, obj("run_id", UNKNOWN_RUN, "datasets", List.of(dataset("d", "training"))))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(0, tracking().run(runId).path("inputs").path("dataset_inputs").size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 21})
    default void searchDatasetsNeedsOneToTwentyExperiments(int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(Integer::toString).toList();
        api().post(AJAX + "/experiments/search-datasets", obj("experiment_ids", ids))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void searchDatasetsRequiresJson() {
        api().postRaw(AJAX + "/experiments/search-datasets", "{\"experiment_ids\": [\"0\"]}", null)
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(AJAX + "/experiments/search-datasets", obj("experiment_ids", List.of("0"))).ok();
    }
}
