package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.kv;
import static dev.labbook.api.Tracking.tags;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs: create, get, update, delete, restore, set-tag, delete-tag, run names (protocol §2.2, §4.3). */
public interface RunsContract extends ServerContract {
    String UNKNOWN_RUN = "0123456789abcdef0123456789abcdef";

    @Test
    default void createReturnsTheFullRun() {
        String exp = tracking().newExperiment();
        JsonNode run = api().post(API + "/runs/create", obj("experiment_id", exp, "user_id", "alice",
                "run_name", "first", "start_time", 1700000000000L,
                "tags", List.of(kv("mlflow.source.type", "LOCAL"), kv("note", "")))).ok().path("run");
        JsonNode info = run.path("info");
        String runId = info.path("run_id").asText();
        assertTrue(runId.matches("[0-9a-f]{32}"), runId);
        assertEquals(runId, info.path("run_uuid").asText());
        assertEquals(exp, info.path("experiment_id").asText());
        assertEquals("first", info.path("run_name").asText());
        assertEquals("alice", info.path("user_id").asText());
        assertEquals("RUNNING", info.path("status").asText());
        assertEquals("active", info.path("lifecycle_stage").asText());
        assertEquals(1700000000000L, info.path("start_time").asLong());
        assertEquals(tracking().experiment(exp).path("artifact_location").asText() + "/" + runId + "/artifacts",
                info.path("artifact_uri").asText());
        assertEquals(Map.of("mlflow.source.type", "LOCAL", "note", "", "mlflow.runName", "first"), tags(run));
        assertTrue(run.path("inputs").isObject(), run::toString);
        assertEquals(run, tracking().run(runId));
    }

    @Test
    default void createWithoutExperimentUsesTheDefaultExperiment() {
        long before = System.currentTimeMillis();
        JsonNode info = api().post(API + "/runs/create", obj()).ok().path("run").path("info");
        assertEquals("0", info.path("experiment_id").asText());
        assertTrue(info.path("start_time").asLong() >= before - 1000, info::toString);
        api().post(API + "/runs/delete", obj("run_id", info.path("run_id").asText())).ok();
    }

    @Test
    default void generatedRunNameIsMirroredInTheTag() {
        String exp = tracking().newExperiment();
        JsonNode run = tracking().createRun(exp);
        String name = run.path("info").path("run_name").asText();
        assertTrue(name.matches("[a-z]+-[a-z]+-\\d{1,3}") && name.length() <= 20, name);
        assertEquals(name, tags(run).get("mlflow.runName"));
    }

    @Test
    default void runNameFromTheTagOrBothAgreeing() {
        String exp = tracking().newExperiment();
        JsonNode fromTag = tracking().createRun(exp, "tags", List.of(kv("mlflow.runName", "tagged")));
        assertEquals("tagged", fromTag.path("info").path("run_name").asText());
        JsonNode both = tracking().createRun(exp, "run_name", "same", "tags", List.of(kv("mlflow.runName", "same")));
        assertEquals("same", both.path("info").path("run_name").asText());
        assertEquals("same", tags(both).get("mlflow.runName"));
    }

    @Test
    default void conflictingRunNamesAreRejectedAndCreateNothing() {
        String exp = tracking().newExperiment();
        api().post(API + "/runs/create", obj("experiment_id", exp, "run_name", "a",
                "tags", List.of(kv("mlflow.runName", "b")))).error(400, "INVALID_PARAMETER_VALUE");
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(exp), "run_view_type", "ALL")));
    }

    @Test
    default void createBadInputIsRejectedAndCreatesNothing() {
        String exp = tracking().newExperiment();
        String create = API + "/runs/create";
        api().post(create, obj("experiment_id", "987654321987")).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(create, obj("experiment_id", "not-a-number")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("experiment_id", exp, "start_time", "yesterday")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("experiment_id", exp, "tags", List.of(kv("bad*char", "v"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("experiment_id", exp, "tags", List.of(kv("k".repeat(251), "v"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("experiment_id", exp, "tags", List.of(obj("value", "v"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("experiment_id", exp, "tags", obj("key", "v"))).error(400, "INVALID_PARAMETER_VALUE");
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(exp), "run_view_type", "ALL")));
    }

    @Test
    default void getAcceptsRunUuidAndRejectsBadIds() {
        String runId = tracking().newRun(tracking().newExperiment());
        assertEquals(runId, api().get(API + "/runs/get", "run_uuid", runId).ok().path("run").path("info")
                .path("run_id").asText());
        api().get(API + "/runs/get", "run_id", UNKNOWN_RUN).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().get(API + "/runs/get").error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/runs/get", "run_id", "").error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void updateSetsStatusEndTimeAndName() {
        String runId = tracking().newRun(tracking().newExperiment());
        JsonNode info = api().post(API + "/runs/update", obj("run_id", runId, "run_uuid", runId,
                "status", "FINISHED", "end_time", 1700000009999L, "run_name", "renamed")).ok().path("run_info");
        assertEquals("FINISHED", info.path("status").asText());
        assertEquals(1700000009999L, info.path("end_time").asLong());
        assertEquals("renamed", info.path("run_name").asText());
        JsonNode run = tracking().run(runId);
        assertEquals(info, run.path("info"));
        assertEquals("renamed", tags(run).get("mlflow.runName"));
        JsonNode again = api().post(API + "/runs/update", obj("run_uuid", runId, "status", "KILLED")).ok()
                .path("run_info");
        assertEquals("KILLED", again.path("status").asText());
        assertEquals("renamed", again.path("run_name").asText());
        assertEquals(1700000009999L, again.path("end_time").asLong());
    }

    /** Enums may be sent as numbers (RunStatus FINISHED = 3), as protobuf JSON parsing allows. */
    @Test
    default void updateAcceptsTheStatusEnumAsANumber() {
        String runId = tracking().newRun(tracking().newExperiment());
        api().post(API + "/runs/update", obj("run_id", runId, "status", 3)).ok();
        assertEquals("FINISHED", tracking().run(runId).path("info").path("status").asText());
    }

    @Test
    default void updateBadInputIsRejectedAndChangesNothing() {
        String runId = tracking().newRun(tracking().newExperiment());
        JsonNode before = tracking().run(runId).path("info");
        String update = API + "/runs/update";
        api().post(update, obj("run_id", runId, "status", "DONE")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(update, obj("run_id", runId, "status", "FINISHED", "end_time", "later"))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(update, obj("status", "FINISHED")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(update, obj("run_id", UNKNOWN_RUN, "status", "FINISHED")).error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(before, tracking().run(runId).path("info"));
        api().post(API + "/runs/delete", obj("run_id", runId)).ok();
        api().post(update, obj("run_id", runId, "status", "FINISHED")).error(400, "INVALID_PARAMETER_VALUE");
        assertEquals("RUNNING", tracking().run(runId).path("info").path("status").asText());
    }

    @Test
    default void deleteAndRestoreRun() {
        String exp = tracking().newExperiment();
        String runId = tracking().newRun(exp);
        api().post(API + "/runs/delete", obj("run_id", runId)).ok();
        assertEquals("deleted", tracking().run(runId).path("info").path("lifecycle_stage").asText());
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(exp))));
        assertEquals(List.of(runId), Tracking.runIds(tracking().searchRuns(List.of(exp), "run_view_type", "DELETED_ONLY")));
        assertEquals(List.of(runId), Tracking.runIds(tracking().searchRuns(List.of(exp), "run_view_type", "ALL")));
        api().post(API + "/runs/restore", obj("run_id", runId)).ok();
        assertEquals("active", tracking().run(runId).path("info").path("lifecycle_stage").asText());
        assertEquals(List.of(runId), Tracking.runIds(tracking().searchRuns(List.of(exp))));
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(exp), "run_view_type", "DELETED_ONLY")));
    }

    @Test
    default void deleteAndRestoreBadInput() {
        api().post(API + "/runs/delete", obj("run_id", UNKNOWN_RUN)).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(API + "/runs/restore", obj("run_id", UNKNOWN_RUN)).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(API + "/runs/delete", obj()).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/restore", obj("run_id", "")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/delete", obj("run_id", List.of(UNKNOWN_RUN))).error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void setTagUpsertsAndDeleteTagRemoves() {
        String runId = tracking().newRun(tracking().newExperiment());
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "stage", "value", "one")).ok();
        api().post(API + "/runs/set-tag", obj("run_uuid", runId, "key", "stage", "value", "two")).ok();
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "unicode/ключ", "value", "значение ✓")).ok();
        Map<String, String> tags = tags(tracking().run(runId));
        assertEquals("two", tags.get("stage"));
        assertEquals("значение ✓", tags.get("unicode/ключ"));
        api().post(API + "/runs/delete-tag", obj("run_id", runId, "key", "stage")).ok();
        assertFalse(tags(tracking().run(runId)).containsKey("stage"));
        api().post(API + "/runs/delete-tag", obj("run_id", runId, "key", "stage")).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void tagValuesOver8000CharactersAreTruncated() {
        String runId = tracking().newRun(tracking().newExperiment());
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "long", "value", "t".repeat(9000))).ok();
        String emoji = "\uD83D\uDE00";
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "emoji", "value", emoji.repeat(8001))).ok();
        Map<String, String> tags = tags(tracking().run(runId));
        assertEquals("t".repeat(8000), tags.get("long"));
        String cut = tags.get("emoji");
        assertEquals(8000, cut.codePointCount(0, cut.length()), "8000 characters, not 8000 UTF-16 units");
        assertTrue(cut.equals(emoji.repeat(8000)), "the value is cut between characters, not inside one");
    }

    @Test
    default void setTagBadInputIsRejectedAndWritesNothing() {
        String exp = tracking().newExperiment();
        String runId = tracking().newRun(exp);
        Map<String, String> before = tags(tracking().run(runId));
        String setTag = API + "/runs/set-tag";
        for (String bad : List.of("../x", "a//b", "/abs", "bad*char", "k".repeat(251), "", ".", "a/./b", "x/")) {
            api().post(setTag, obj("run_id", runId, "key", bad, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(setTag, obj("run_id", runId, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(setTag, obj("key", "k", "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(setTag, obj("run_id", UNKNOWN_RUN, "key", "k", "value", "v")).error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(before, tags(tracking().run(runId)));
        api().post(API + "/runs/delete", obj("run_id", runId)).ok();
        api().post(setTag, obj("run_id", runId, "key", "k", "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/delete-tag", obj("run_id", runId, "key", "mlflow.runName"))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertEquals(before, tags(tracking().run(runId)));
    }

    @Test
    default void deleteTagBadInput() {
        String runId = tracking().newRun(tracking().newExperiment());
        api().post(API + "/runs/delete-tag", obj("run_id", runId)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/delete-tag", obj("key", "k")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/runs/delete-tag", obj("run_id", UNKNOWN_RUN, "key", "k"))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void settingTheRunNameTagRenamesTheRun() {
        String runId = tracking().newRun(tracking().newExperiment());
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "mlflow.runName", "value", "via-tag")).ok();
        JsonNode run = tracking().run(runId);
        assertEquals("via-tag", run.path("info").path("run_name").asText());
        assertEquals("via-tag", tags(run).get("mlflow.runName"));
        tracking().logBatch(runId, List.of(), List.of(), List.of(kv("mlflow.runName", "via-batch")));
        run = tracking().run(runId);
        assertEquals("via-batch", run.path("info").path("run_name").asText());
        assertEquals("via-batch", tags(run).get("mlflow.runName"));
        String name = unique("searchable");
        api().post(API + "/runs/update", obj("run_id", runId, "run_name", name)).ok();
        JsonNode found = tracking().searchRuns(List.of(run.path("info").path("experiment_id").asText()),
                "filter", "tags.`mlflow.runName` = '" + name + "' AND attributes.run_name = '" + name + "'");
        assertEquals(List.of(runId), Tracking.runIds(found));
    }

    /** Keys and values are exact strings: a trailing space makes another key (MariaDB PAD SPACE must not leak). */
    @Test
    default void trailingSpacesAreSignificantInKeysAndValues() {
        String exp = tracking().newExperiment();
        String runId = tracking().newRun(exp);
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "t", "value", "1")).ok();
        api().post(API + "/runs/set-tag", obj("run_id", runId, "key", "t ", "value", "2")).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "p", "value", "1")).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "p ", "value", "2")).ok();
        api().post(API + "/runs/log-parameter", obj("run_id", runId, "key", "v", "value", "x ")).ok();
        JsonNode run = tracking().run(runId);
        assertEquals("1", tags(run).get("t"));
        assertEquals("2", tags(run).get("t "));
        assertEquals(Map.of("p", "1", "p ", "2", "v", "x "), Tracking.params(run));
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(exp), "filter", "params.v = 'x'")));
        assertEquals(List.of(runId), Tracking.runIds(tracking().searchRuns(List.of(exp), "filter", "params.v = 'x '")));
    }

    /**
     * Params, tags and latest metrics are listed by key in the schema's binary order (by code point:
     * "B" before "a", "a" before "a ", U+FF21 before U+1D400), in get-run and search-runs alike.
     */
    @Test
    default void childrenAreListedInBinaryKeyOrder() {
        List<String> keys = List.of("b", "\uFF21", "a ", "B", "\uD835\uDC00", "_", "a", "\u00E9", "1", "ab", "z");
        List<String> expected = keys.stream()
                .sorted((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)))
                .toList();
        String exp = tracking().newExperiment();
        String runId = tracking().newRun(exp);
        tracking().logBatch(runId, keys.stream().map(k -> Tracking.metric(k, 1, 1, 0)).toList(),
                keys.stream().map(k -> kv(k, "v")).toList(), keys.stream().map(k -> kv("t" + k, "v")).toList());
        JsonNode found = tracking().searchRuns(List.of(exp)).path("runs").path(0);
        for (JsonNode run : List.of(tracking().run(runId), found)) {
            assertEquals(expected, List.copyOf(Tracking.params(run).keySet()), run::toString);
            assertEquals(expected, List.copyOf(Tracking.latestMetrics(run).keySet()), run::toString);
            List<String> tagKeys = new ArrayList<>(tags(run).keySet());
            tagKeys.remove("mlflow.runName");
            assertEquals(expected.stream().map(k -> "t" + k).toList(), tagKeys, run::toString);
        }
    }
}
