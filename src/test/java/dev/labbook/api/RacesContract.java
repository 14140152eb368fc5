package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.api.ApiClient.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Requests that race each other must get the answers MLflow gives one at a time: never a 5xx. */
public interface RacesContract extends ServerContract {
    int RACERS = 8;

    private List<Response> race(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                calls.add(() -> request.apply(n));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void racingCreatesOfOneNameMakeOneExperiment() throws Exception {
        String name = unique("race");
        List<Response> answers = race(i -> api().post(API + "/experiments/create", obj("name", name)));
        List<Response> ok = answers.stream().filter(r -> r.status() == 200).toList();
        assertEquals(1, ok.size(), () -> "exactly one create wins: " + answers);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> r.error(400, "RESOURCE_ALREADY_EXISTS"));
        assertEquals(ok.get(0).json().path("experiment_id").asText(), api().get(API + "/experiments/get-by-name",
                "experiment_name", name).ok().path("experiment").path("experiment_id").asText());
    }

    @Test
    default void racingCreatesOfDifferentNamesAllSucceedWithDistinctIds() throws Exception {
        String prefix = unique("race-many");
        List<Response> answers = race(i -> api().post(API + "/experiments/create", obj("name", prefix + "-" + i)));
        HashSet<String> ids = new HashSet<>();
        for (Response r : answers) {
            ids.add(r.ok().path("experiment_id").asText());
        }
        assertEquals(RACERS, ids.size(), () -> "distinct ids: " + answers);
    }

    @Test
    default void racingParamValuesLetExactlyOneValueWin() throws Exception {
        String runId = tracking().newRun(tracking().newExperiment());
        List<Response> answers = race(i -> api().post(API + "/runs/log-parameter",
                obj("run_id", runId, "key", "p", "value", "v" + i)));
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == 200) {
                winners.add(i);
            } else {
                answers.get(i).error(400, "INVALID_PARAMETER_VALUE");
            }
        }
        assertEquals(1, winners.size(), () -> "exactly one value wins: " + answers);
        assertEquals(Map.of("p", "v" + winners.get(0)), Tracking.params(tracking().run(runId)));
    }

    @Test
    default void racingIdenticalParamsAndTagsAllSucceed() throws Exception {
        String runId = tracking().newRun(tracking().newExperiment());
        List<Response> answers = race(i -> api().post(API + "/runs/log-batch", obj("run_id", runId,
                "params", List.of(Tracking.kv("same", "value")),
                "tags", List.of(Tracking.kv("t", "x" + i)),
                "metrics", List.of(Tracking.metric("m", i, 1000 + i, i)))));
        answers.forEach(Response::ok);
        var run = tracking().run(runId);
        assertEquals(Map.of("same", "value"), Tracking.params(run));
        assertTrue(Tracking.tags(run).get("t").matches("x[0-7]"), run::toString);
        assertEquals(RACERS, tracking().history(runId, "m").size());
        assertEquals(RACERS - 1, Tracking.latestMetrics(run).get("m").path("step").asLong());
    }
}
