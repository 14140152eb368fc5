package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.kv;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Experiments: create, get, get-by-name, update, delete, restore, tags (protocol §2.1, §4.2). */
public interface ExperimentsContract extends ServerContract {

    private JsonNode byName(String name) {
        return api().get(API + "/experiments/get-by-name", "experiment_name", name).ok().path("experiment");
    }

    private void assertNoExperimentNamed(String name) {
        api().get(API + "/experiments/get-by-name", "experiment_name", name).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    private static Map<String, String> tagsOf(JsonNode experiment) {
        Map<String, String> tags = new LinkedHashMap<>();
        experiment.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        return tags;
    }

    @Test
    default void createThenGetReturnsEveryField() {
        String name = unique("create");
        long before = System.currentTimeMillis();
        JsonNode created = api().post(API + "/experiments/create",
                obj("name", name, "tags", List.of(kv("team", "vision"), kv("empty", "")))).ok();
        String id = created.path("experiment_id").asText();
        JsonNode e = tracking().experiment(id);
        assertEquals(id, e.path("experiment_id").asText());
        assertTrue(e.path("experiment_id").isTextual(), "experiment_id is a string");
        assertEquals(name, e.path("name").asText());
        assertEquals("active", e.path("lifecycle_stage").asText());
        assertEquals(artifactRoot() + "/" + id, e.path("artifact_location").asText());
        assertTrue(e.path("creation_time").isIntegralNumber() && e.path("creation_time").asLong() >= before - 1000,
                e::toString);
        assertTrue(e.path("last_update_time").asLong() >= e.path("creation_time").asLong(), e::toString);
        assertEquals(Map.of("team", "vision", "empty", ""), tagsOf(e));
        assertEquals(e, byName(name));
    }

    @Test
    default void createWithAnExplicitArtifactLocation() {
        String name = unique("located");
        String id = api().post(API + "/experiments/create", obj("name", name, "artifact_location", "s3://bucket/x/" + name))
                .ok().path("experiment_id").asText();
        assertEquals("s3://bucket/x/" + name, tracking().experiment(id).path("artifact_location").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"runs:/0123456789abcdef0123456789abcdef/model", "s3://bucket/path?x=1", "s3://bucket/p#frag"})
    default void createWithABadArtifactLocationIs400AndWritesNothing(String location) {
        String name = unique("bad-location");
        api().post(API + "/experiments/create", obj("name", name, "artifact_location", location))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertNoExperimentNamed(name);
    }

    @Test
    default void createWithoutANameIs400() {
        api().post(API + "/experiments/create", obj()).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("name", "")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("artifact_location", "/tmp/x")).error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void experimentNameLimitIs500Characters() {
        String base = unique("long");
        String ok = base + "x".repeat(500 - base.length());
        String tooLong = base + "y".repeat(501 - base.length());
        tracking().createExperiment(ok);
        assertEquals(500, byName(ok).path("name").asText().length());
        api().post(API + "/experiments/create", obj("name", tooLong)).error(400, "INVALID_PARAMETER_VALUE");
        assertNoExperimentNamed(tooLong);
    }

    @Test
    default void experimentNameLengthCountsCharactersNotUtf16Units() {
        String base = unique("emoji");
        String name = base + "\uD83D\uDE00".repeat(500 - base.length());
        assertEquals(500, name.codePointCount(0, name.length()));
        String id = tracking().createExperiment(name);
        assertEquals(name, tracking().experiment(id).path("name").asText());
    }

    @Test
    default void duplicateNameIsResourceAlreadyExists() {
        String name = unique("dup");
        String id = tracking().createExperiment(name);
        api().post(API + "/experiments/create", obj("name", name, "tags", List.of(kv("second", "yes"))))
                .error(400, "RESOURCE_ALREADY_EXISTS");
        assertEquals(id, byName(name).path("experiment_id").asText());
        assertFalse(tagsOf(byName(name)).containsKey("second"));
    }

    @Test
    default void namesOfDeletedExperimentsStayReserved() {
        String name = unique("reserved");
        String id = tracking().createExperiment(name);
        api().post(API + "/experiments/delete", obj("experiment_id", id)).ok();
        api().post(API + "/experiments/create", obj("name", name)).error(400, "RESOURCE_ALREADY_EXISTS");
        JsonNode found = byName(name);
        assertEquals(id, found.path("experiment_id").asText());
        assertEquals("deleted", found.path("lifecycle_stage").asText());
    }

    @Test
    default void createWithABadTagIs400AndWritesNothing() {
        String name = unique("bad-tag");
        api().post(API + "/experiments/create", obj("name", name, "tags", List.of(kv("../up", "v"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("name", name, "tags", List.of(obj("value", "no key"))))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/create", obj("name", name, "tags", "not-a-list"))
                .error(400, "INVALID_PARAMETER_VALUE");
        assertNoExperimentNamed(name);
    }

    @Test
    default void getUnknownOrMalformedId() {
        api().get(API + "/experiments/get", "experiment_id", "987654321987").error(404, "RESOURCE_DOES_NOT_EXIST");
        api().get(API + "/experiments/get", "experiment_id", "abc").error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get").error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get", "experiment_id", "").error(400, "INVALID_PARAMETER_VALUE");
        api().get(API + "/experiments/get-by-name", "experiment_name", unique("nobody"))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        api().get(API + "/experiments/get-by-name").error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void defaultExperimentExists() {
        JsonNode e = tracking().experiment("0");
        assertEquals("0", e.path("experiment_id").asText());
        assertEquals("Default", e.path("name").asText());
        assertFalse(e.path("artifact_location").asText().isEmpty(), e::toString);
    }

    @Test
    default void renameUpdatesNameAndLastUpdateTime() throws InterruptedException {
        String id = tracking().newExperiment();
        JsonNode before = tracking().experiment(id);
        Thread.sleep(5);
        String newName = unique("renamed");
        api().post(API + "/experiments/update", obj("experiment_id", id, "new_name", newName)).ok();
        JsonNode after = tracking().experiment(id);
        assertEquals(newName, after.path("name").asText());
        assertTrue(after.path("last_update_time").asLong() > before.path("last_update_time").asLong(), after::toString);
        assertNoExperimentNamed(before.path("name").asText());
    }

    @Test
    default void renameBadInputIsRejectedAndKeepsTheName() {
        String name = unique("keep");
        String id = tracking().createExperiment(name);
        String other = tracking().createExperiment(unique("taken"));
        String taken = tracking().experiment(other).path("name").asText();
        api().post(API + "/experiments/update", obj("experiment_id", id, "new_name", taken))
                .error(400, "RESOURCE_ALREADY_EXISTS");
        api().post(API + "/experiments/update", obj("experiment_id", id)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/update", obj("experiment_id", id, "new_name", ""))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/update", obj("experiment_id", id, "new_name", "n".repeat(501)))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/update", obj("new_name", unique("x"))).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/update", obj("experiment_id", "987654321987", "new_name", unique("x")))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(name, tracking().experiment(id).path("name").asText());
    }

    /** MLflow answers INVALID_STATE (500) here; Labbook may answer 400 so the client does not retry. */
    @Test
    default void renameOfADeletedExperimentIsRefused() {
        String name = unique("deleted-rename");
        String id = tracking().createExperiment(name);
        api().post(API + "/experiments/delete", obj("experiment_id", id)).ok();
        ApiClient.Response r = api().post(API + "/experiments/update", obj("experiment_id", id, "new_name", unique("x")));
        assertTrue(r.status() == 400 || r.status() == 500, r::body);
        assertTrue(List.of("INVALID_PARAMETER_VALUE", "INVALID_STATE").contains(r.json().path("error_code").asText()),
                r::body);
        assertEquals(name, tracking().experiment(id).path("name").asText());
    }

    @Test
    default void deleteAndRestoreCascadeToRuns() {
        String id = tracking().newExperiment();
        String r1 = tracking().newRun(id);
        String r2 = tracking().newRun(id);
        api().post(API + "/experiments/delete", obj("experiment_id", id)).ok();
        JsonNode deleted = tracking().experiment(id);
        assertEquals("deleted", deleted.path("lifecycle_stage").asText());
        assertEquals("deleted", tracking().run(r1).path("info").path("lifecycle_stage").asText());
        assertEquals("deleted", tracking().run(r2).path("info").path("lifecycle_stage").asText());
        assertEquals(List.of(), Tracking.runIds(tracking().searchRuns(List.of(id))));
        assertEquals(Set.of(r1, r2), new HashSet<>(Tracking.runIds(
                tracking().searchRuns(List.of(id), "run_view_type", "DELETED_ONLY"))));
        api().post(API + "/runs/create", obj("experiment_id", id)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/set-experiment-tag", obj("experiment_id", id, "key", "k", "value", "v"))
                .error(400, "INVALID_PARAMETER_VALUE");

        api().post(API + "/experiments/restore", obj("experiment_id", id)).ok();
        assertEquals("active", tracking().experiment(id).path("lifecycle_stage").asText());
        assertEquals(Set.of(r1, r2), new HashSet<>(Tracking.runIds(tracking().searchRuns(List.of(id)))));
        assertEquals("active", tracking().run(r1).path("info").path("lifecycle_stage").asText());
        assertTrue(tracking().experiment(id).path("last_update_time").asLong()
                >= deleted.path("last_update_time").asLong());
    }

    @Test
    default void deleteAndRestoreOnlyFromTheRightState() {
        String id = tracking().newExperiment();
        api().post(API + "/experiments/restore", obj("experiment_id", id)).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(API + "/experiments/delete", obj("experiment_id", id)).ok();
        api().post(API + "/experiments/delete", obj("experiment_id", id)).error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals("deleted", tracking().experiment(id).path("lifecycle_stage").asText());
        api().post(API + "/experiments/delete", obj("experiment_id", "987654321987")).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(API + "/experiments/restore", obj("experiment_id", "987654321987")).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(API + "/experiments/delete", obj()).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/restore", obj("experiment_id", "")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/delete", obj("experiment_id", "x1")).error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void experimentTagsAreUpsertedAndDeleted() {
        String id = tracking().newExperiment();
        api().post(API + "/experiments/set-experiment-tag", obj("experiment_id", id, "key", "k", "value", "1")).ok();
        api().post(API + "/experiments/set-experiment-tag", obj("experiment_id", id, "key", "k", "value", "2")).ok();
        api().post(API + "/experiments/set-experiment-tag", obj("experiment_id", id, "key", "big",
                "value", "v".repeat(20000))).ok();
        Map<String, String> tags = tagsOf(tracking().experiment(id));
        assertEquals("2", tags.get("k"));
        assertEquals(20000, tags.get("big").length());
        api().post(API + "/experiments/delete-experiment-tag", obj("experiment_id", id, "key", "k")).ok();
        assertFalse(tagsOf(tracking().experiment(id)).containsKey("k"));
        api().post(API + "/experiments/delete-experiment-tag", obj("experiment_id", id, "key", "k"))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void experimentTagBadInputIsRejectedAndWritesNothing() {
        String id = tracking().newExperiment();
        String setTag = API + "/experiments/set-experiment-tag";
        api().post(setTag, obj("experiment_id", id, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(setTag, obj("experiment_id", id, "key", "", "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(setTag, obj("key", "k", "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        for (String bad : List.of("../x", "a//b", "/abs", "bad*char", "k".repeat(251))) {
            api().post(setTag, obj("experiment_id", id, "key", bad, "value", "v")).error(400, "INVALID_PARAMETER_VALUE");
        }
        api().post(setTag, obj("experiment_id", id, "key", "huge", "value", "v".repeat(20001)))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(setTag, obj("experiment_id", "987654321987", "key", "k", "value", "v"))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(Map.of(), tagsOf(tracking().experiment(id)));
        String deleteTag = API + "/experiments/delete-experiment-tag";
        api().post(deleteTag, obj("experiment_id", id)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(deleteTag, obj("experiment_id", "987654321987", "key", "k")).error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void trailingSpaceMakesADifferentExperimentName() {
        String name = unique("pad");
        String plain = tracking().createExperiment(name);
        String padded = tracking().createExperiment(name + " ");
        assertEquals(plain, byName(name).path("experiment_id").asText());
        assertEquals(padded, byName(name + " ").path("experiment_id").asText());
        assertEquals(name + " ", tracking().experiment(padded).path("name").asText());
    }
}
