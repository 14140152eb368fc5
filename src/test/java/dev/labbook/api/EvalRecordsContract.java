package dev.labbook.api;

import static dev.labbook.api.EvalDatasets.V3;
import static dev.labbook.api.EvalDatasets.parse;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Evaluation dataset records: upserts merged by inputs, the dataset's schema and profile, paging, deletes. */
public interface EvalRecordsContract extends ServerContract {

    private EvalDatasets datasets() {
        return new EvalDatasets(api());
    }

    private String newDataset() {
        return datasets().create(unique("records"), List.of(tracking().newExperiment()), null)
                .path("dataset_id").asText();
    }

    private static Map<JsonNode, JsonNode> byInputs(List<JsonNode> records) {
        Map<JsonNode, JsonNode> map = new LinkedHashMap<>();
        records.forEach(r -> map.put(r.path("inputs"), r));
        return map;
    }

    @Test
    default void upsertMergesRecordsWithTheSameInputsAndRefreshesTheDataset() throws Exception {
        String id = newDataset();
        JsonNode before = datasets().get(id);
        Thread.sleep(2);
        assertArrayEquals(new int[] {3, 1}, datasets().upsert(id, "["
                + "{\"inputs\": {\"q\": \"a\", \"n\": 1}, \"expectations\": {\"e\": 1}},"
                + "{\"inputs\": {\"q\": \"b\", \"f\": 1.5}, \"outputs\": \"text\", \"tags\": {\"mlflow.user\": \"al\"},"
                + " \"source\": {\"source_type\": \"trace\", \"source_data\": {\"trace_id\": \"tr-1\"}}},"
                + "{\"inputs\": {\"n\": 1, \"q\": \"a\"}, \"expectations\": {\"f\": 2}, \"tags\": {\"x\": \"y\"}},"
                + "{\"inputs\": {}, \"outputs\": null}]"));
        JsonNode after = datasets().get(id);
        assertEquals("{\"num_records\": 3}", after.path("profile").asText());
        assertEquals("{\"inputs\": {\"q\": \"string\", \"n\": \"integer\", \"f\": \"float\"}, \"outputs\": \"string\", "
                + "\"expectations\": {\"e\": \"integer\", \"f\": \"integer\"}, \"version\": \"1.0\"}",
                after.path("schema").asText());
        assertEquals("al", after.path("last_updated_by").asText());
        assertTrue(after.path("last_update_time").asLong() > before.path("last_update_time").asLong());
        assertEquals(EvalDatasetsContract.digest(after.path("name").asText(), after.path("last_update_time").asLong()),
                after.path("digest").asText());
        assertNotEquals(before.path("digest"), after.path("digest"));

        Map<JsonNode, JsonNode> records = byInputs(datasets().all(id));
        JsonNode merged = records.get(parse("{\"q\": \"a\", \"n\": 1}"));
        assertEquals(parse("{\"e\": 1, \"f\": 2}"), merged.path("expectations"), "expectations merge key by key");
        assertEquals(parse("{\"x\": \"y\"}"), merged.path("tags"));
        assertEquals(parse("{}"), merged.path("outputs"), "a new record without outputs gets {}, as in MLflow");
        JsonNode traced = records.get(parse("{\"q\": \"b\", \"f\": 1.5}"));
        assertEquals(parse("{\"source_type\": \"TRACE\", \"source_data\": {\"trace_id\": \"tr-1\"}}"), traced.path("source"));
        assertEquals("tr-1", traced.path("source_id").asText());
        assertEquals("TRACE", traced.path("source_type").asText());
        assertEquals("al", traced.path("created_by").asText());
        assertEquals("text", traced.path("outputs").asText());
        JsonNode empty = records.get(parse("{}"));
        assertTrue(empty.path("outputs").isMissingNode() && empty.path("expectations").isMissingNode(), empty::toString);
        assertEquals(parse("{}"), empty.path("tags"));
        assertEquals(List.of("dataset_record_id", "dataset_id", "inputs", "tags", "created_time", "last_update_time"),
                fieldNames(empty), "MLflow's to_dict order, absent values left out");

        // A second upsert with the same inputs updates: outputs replaced, created time and author kept.
        assertArrayEquals(new int[] {0, 1}, datasets().upsert(id,
                "[{\"inputs\": {\"f\": 1.5, \"q\": \"b\"}, \"outputs\": {\"answer\": 42}, \"tags\": {\"mlflow.user\": \"bo\"}}]"));
        JsonNode updated = byInputs(datasets().all(id)).get(parse("{\"q\": \"b\", \"f\": 1.5}"));
        assertEquals(parse("{\"answer\": 42}"), updated.path("outputs"));
        assertEquals(traced.path("created_time"), updated.path("created_time"));
        assertEquals("al", updated.path("created_by").asText());
        assertEquals("bo", updated.path("last_updated_by").asText());
        assertEquals(parse("{\"mlflow.user\": \"bo\"}"), updated.path("tags"));
        // 1 and 1.0 are different inputs, as they are to Python's json.dumps.
        assertArrayEquals(new int[] {1, 0}, datasets().upsert(id, "[{\"inputs\": {\"q\": \"a\", \"n\": 1.0}}]"));

        JsonNode last = datasets().get(id);
        assertEquals("{\"num_records\": 4}", last.path("profile").asText());
        assertTrue(last.path("last_updated_by").isMissingNode(), "an upsert naming no user clears the last updater");
        assertArrayEquals(new int[] {0, 0}, datasets().upsert(id, "[]"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    default void recordsPageByCursorWithoutSkippingOrRepeatingWhileRecordsArrive() throws Exception {
        String id = newDataset();
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder records = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                records.append(i > 0 ? ", " : "").append("{\"inputs\": {\"i\": ").append(batch * 10 + i).append("}}");
            }
            datasets().upsert(id, records.append("]").toString());
            Thread.sleep(2);
        }
        Set<Integer> seen = new HashSet<>();
        List<Long> times = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            EvalDatasets.RecordsPage page = datasets().page(id, 7, token);
            pages++;
            for (JsonNode r : page.records()) {
                assertTrue(seen.add(r.path("inputs").path("i").asInt()), "sent twice: " + r);
                times.add(r.path("created_time").asLong());
            }
            token = page.next();
            if (token != null) {
                String cursor = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
                JsonNode lastSent = page.records().get(page.records().size() - 1);
                assertEquals(lastSent.path("created_time").asText() + ":" + lastSent.path("dataset_record_id").asText(),
                        cursor, "MLflow's cursor: created_time:dataset_record_id of the last record sent");
            }
            if (pages == 2) {
                datasets().upsert(id, "[{\"inputs\": {\"i\": 100}}, {\"inputs\": {\"i\": 0}}]");
            }
        } while (token != null);
        assertEquals(31, seen.size(), "every record once, the one added while paging too: " + seen);
        assertEquals(times.stream().sorted().toList(), times, "records come in creation order");
        assertEquals(5, pages);
        assertEquals("{\"num_records\": 31}", datasets().get(id).path("profile").asText());
        assertEquals(31, datasets().page(id, 0, null).records().size(), "max_results 0 means the default of 1000");

        String path = V3 + "/" + id + "/records";
        api().get(path, "page_token", "garbage").error(400, "INVALID_PARAMETER_VALUE");
        api().get(path, "page_token", Base64.getEncoder().encodeToString("x:y".getBytes(StandardCharsets.UTF_8)))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().get(path, "max_results", "-1").error(400, "INVALID_PARAMETER_VALUE");
        api().get(path, "max_results", "abc").error(400, "INVALID_PARAMETER_VALUE");
        assertEquals("[]", api().get(V3 + "/d-ffffffffffffffffffffffffffffffff/records").ok().path("records").asText());
    }

    @Test
    default void deletingRecordsLowersTheProfileToTheTextNull() {
        String id = newDataset();
        datasets().upsert(id, "[{\"inputs\": {\"q\": 1}}, {\"inputs\": {\"q\": 2}}, {\"inputs\": {\"q\": 3}}]");
        List<String> ids = datasets().all(id).stream().map(r -> r.path("dataset_record_id").asText()).toList();
        JsonNode before = datasets().get(id);
        String other = newDataset();
        datasets().upsert(other, "[{\"inputs\": {\"q\": 1}}]");
        String foreign = datasets().all(other).get(0).path("dataset_record_id").asText();

        assertEquals(1, datasets().deleteRecords(id, List.of(ids.get(0), "dr-nope", foreign)));
        assertEquals(1, datasets().all(other).size(), "another dataset's record stays");
        JsonNode after = datasets().get(id);
        assertEquals("{\"num_records\": 2}", after.path("profile").asText());
        assertEquals(before.path("last_update_time"), after.path("last_update_time"), "as in MLflow");
        assertEquals(0, datasets().deleteRecords(id, List.of()));
        assertEquals(2, datasets().deleteRecords(id, ids));
        assertEquals("null", datasets().get(id).path("profile").asText(), "MLflow writes json.dumps(None)");
        assertEquals(0, datasets().deleteRecords("d-ffffffffffffffffffffffffffffffff", ids));
        datasets().upsert(id, "[{\"inputs\": {\"q\": 1}}]");
        assertEquals("{\"num_records\": 1}", datasets().get(id).path("profile").asText());
    }

    @Test
    default void badRecordsAreRefusedAndStoreNothing() {
        String id = newDataset();
        for (String bad : List.of("not json", "{\"inputs\": {}}", "[1]", "[{\"inputs\": [1]}]", "[{\"inputs\": null}]",
                "[{\"inputs\": {\"q\": 1}, \"expectations\": [1]}]", "[{\"inputs\": {\"q\": 1}, \"tags\": \"t\"}]",
                "[{\"inputs\": {\"q\": 1}, \"source\": {\"source_type\": \"bogus\"}}]",
                "[{\"inputs\": {\"q\": 1}, \"source\": {\"source_type\": \"HUMAN\", \"extra\": 1}}]",
                "[{\"inputs\": {\"q\": 1}, \"source\": \"trace\"}]",
                "[{\"inputs\": {\"q\": 1}}, {\"inputs\": {\"q\": 2}, \"tags\": {\"mlflow.user\": \"" + "u".repeat(256) + "\"}}]")) {
            Response answer = datasets().upsertRaw(id, bad);
            answer.error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(V3 + "/" + id + "/records", ApiClient.obj()).error(400, "INVALID_PARAMETER_VALUE");
        assertEquals(List.of(), datasets().all(id));
        JsonNode dataset = datasets().get(id);
        assertTrue(dataset.path("profile").isMissingNode() && dataset.path("schema").isMissingNode(), dataset::toString);
        datasets().upsertRaw("d-ffffffffffffffffffffffffffffffff", "[{\"inputs\": {\"q\": 1}}]")
                .error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    /** Upserts of the same inputs at once still leave one record per input and an exact count. */
    @Test
    default void racingUpsertsOfTheSameInputsKeepOneRecordEach() throws Exception {
        String id = newDataset();
        StringBuilder records = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            records.append(i > 0 ? ", " : "").append("{\"inputs\": {\"i\": ").append(i).append("}}");
        }
        String body = records.append("]").toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        int inserted = 0;
        try {
            List<Callable<int[]>> calls = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                calls.add(() -> datasets().upsert(id, body));
            }
            for (Future<int[]> f : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                int[] counts = f.get();
                assertEquals(20, counts[0] + counts[1]);
                inserted += counts[0];
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, inserted, "each input was inserted once in all");
        assertEquals(20, datasets().all(id).size());
        assertEquals("{\"num_records\": 20}", datasets().get(id).path("profile").asText());
        assertNull(datasets().page(id, 20, null).next());
    }
}
