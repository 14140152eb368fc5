package dev.labbook.api;

import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The scorer registry: versions per (experiment, name), exact names, deletes, and refusals that change nothing. */
public interface ScorersContract extends ServerContract {
    String SCORERS = "/api/3.0/mlflow/scorers";

    private static String judge(String name, String model) {
        return "{\"name\": \"" + name + "\", \"builtin_scorer_class\": \"Safety\", "
                + "\"builtin_scorer_pydantic_data\": {\"name\": \"" + name + "\", \"model\": \"" + model + "\"}}";
    }

    private Response register(String experiment, String name, String serialized) {
        return api().post(SCORERS + "/register", obj("experiment_id", experiment, "name", name,
                "serialized_scorer", serialized));
    }

    private List<String> names(String experiment) {
        JsonNode scorers = api().get(SCORERS + "/list", "experiment_id", experiment).ok().path("scorers");
        return StreamSupport.stream(scorers.spliterator(), false).map(s -> s.path("scorer_name").asText()).toList();
    }

    private List<Integer> versions(String experiment, String name) {
        JsonNode scorers = api().get(SCORERS + "/versions", "experiment_id", experiment, "name", name).ok().path("scorers");
        return StreamSupport.stream(scorers.spliterator(), false).map(s -> s.path("scorer_version").asInt()).toList();
    }

    @Test
    default void versionsCountUpPerNameAndKeepTheSerializedScorerAsSent() {
        String experiment = tracking().newExperiment();
        String first = "{\"name\":\"judge\",\"builtin_scorer_class\":\"Safety\"}";
        JsonNode v1 = register(experiment, "judge", first).ok();
        assertEquals(1, v1.path("version").asInt());
        assertEquals(experiment, v1.path("experiment_id").asText());
        assertEquals(first, v1.path("serialized_scorer").asText());
        JsonNode v2 = register(experiment, "judge", judge("judge", "openai:/gpt-4o")).ok();
        assertEquals(2, v2.path("version").asInt());
        assertEquals(v1.path("scorer_id").asText(), v2.path("scorer_id").asText());
        register(experiment, "a-first", judge("a-first", "openai:/gpt-4o")).ok();

        assertEquals(List.of("a-first", "judge"), names(experiment));
        JsonNode latest = api().get(SCORERS + "/list", "experiment_id", experiment).ok().at("/scorers/1");
        assertEquals(2, latest.path("scorer_version").asInt());
        assertEquals(Long.parseLong(experiment), latest.path("experiment_id").asLong());
        assertTrue(latest.path("experiment_id").isNumber(), "the Scorer message's experiment_id is an int32");
        JsonNode got = api().get(SCORERS + "/get", "experiment_id", experiment, "name", "judge", "version", "1").ok();
        assertEquals(first, got.at("/scorer/serialized_scorer").asText());
        assertEquals(List.of(1, 2), versions(experiment, "judge"));
    }

    @Test
    default void namesCompareExactly() {
        String experiment = tracking().newExperiment();
        register(experiment, "Judge", judge("Judge", "openai:/gpt-4o")).ok();
        register(experiment, "judge", judge("judge", "openai:/gpt-4o")).ok();
        register(experiment, "judge ", judge("judge ", "openai:/gpt-4o")).ok();
        assertEquals(List.of("Judge", "judge", "judge "), names(experiment));
        api().get(SCORERS + "/get", "experiment_id", experiment, "name", "JUDGE").error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void deletingTheLastVersionKeepsTheNameSoVersionsRestartAfterTheHighestLeft() {
        String experiment = tracking().newExperiment();
        for (int i = 0; i < 3; i++) {
            register(experiment, "judge", judge("judge", "openai:/gpt-4o")).ok();
        }
        api().send("DELETE", SCORERS + "/delete", ApiClient.write(obj("experiment_id", experiment, "name", "judge",
                "version", 3)), "application/json").ok();
        assertEquals(3, register(experiment, "judge", judge("judge", "x:/y")).ok().path("version").asInt());
        api().send("DELETE", SCORERS + "/delete", ApiClient.write(obj("experiment_id", experiment, "name", "judge")),
                "application/json").ok();
        assertEquals(List.of(), names(experiment));
        api().get(SCORERS + "/versions", "experiment_id", experiment, "name", "judge").error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(1, register(experiment, "judge", judge("judge", "x:/y")).ok().path("version").asInt());
    }

    @Test
    default void refusedRegistrationsStoreNothing() {
        String experiment = tracking().newExperiment();
        register(experiment, "judge", "{not json").error(400, "INVALID_PARAMETER_VALUE");
        register(experiment, "judge", "{\"name\": \"judge\", \"call_source\": \"return 1\"}").error(400, "INVALID_PARAMETER_VALUE");
        register(experiment, "judge", judge("judge", "gateway:/missing")).error(404, "RESOURCE_DOES_NOT_EXIST");
        register(experiment, "judge", judge("judge", " ")).error(400, "INVALID_PARAMETER_VALUE");
        register(experiment, "   ", judge("x", "openai:/gpt-4o")).error(400, "INVALID_PARAMETER_VALUE");
        register("987654321", "judge", judge("judge", "openai:/gpt-4o")).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().get(SCORERS + "/get", "experiment_id", experiment, "name", "judge").error(404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(1, register(experiment, "judge", judge("judge", "openai:/gpt-4o")).ok().path("version").asInt());
        api().send("PUT", SCORERS + "/online-config", ApiClient.write(obj("experiment_id", experiment, "name", "judge",
                "sample_rate", 0.5)), "application/json")
                .error(400, "INVALID_PARAMETER_VALUE");
        String scorerId = api().get(SCORERS + "/get", "experiment_id", experiment, "name", "judge").ok()
                .at("/scorer/scorer_id").asText();
        assertEquals(0, api().get(SCORERS + "/online-configs", "scorer_ids", scorerId).ok().path("configs").size());
    }

    @Test
    default void concurrentRegistrationsGetDistinctVersions() throws Exception {
        String experiment = tracking().newExperiment();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                calls.add(() -> register(experiment, "raced", judge("raced", "openai:/gpt-4o")).ok().path("version").asInt());
            }
            List<Integer> got = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                got.add(f.get());
            }
            got.sort(null);
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), got);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), versions(experiment, "raced"));
    }
}
