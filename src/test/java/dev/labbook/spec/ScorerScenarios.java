package dev.labbook.spec;

import static dev.labbook.spec.Fixtures.SCORER;
import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_EXPERIMENT;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;

import dev.labbook.spec.Scenarios.Req;
import java.util.List;

/** Scenarios for the scorer registry and its online scoring configs. */
final class ScorerScenarios {
    private static final String JUDGE = "{\"name\": \"spec\", \"builtin_scorer_class\": \"Safety\", "
            + "\"builtin_scorer_pydantic_data\": {\"name\": \"spec\", \"model\": \"openai:/gpt-4o-mini\"}}";

    private ScorerScenarios() {}

    /** The fixture scorer's experiment and name, with more pairs. */
    private static Object[] named(Fixtures f, Object... more) {
        String experiment = f.experiment();
        f.scorer(experiment);
        Object[] pairs = new Object[4 + more.length];
        pairs[0] = "experiment_id";
        pairs[1] = experiment;
        pairs[2] = "name";
        pairs[3] = SCORER;
        System.arraycopy(more, 0, pairs, 4, more.length);
        return pairs;
    }

    private static Req delete(Object body) {
        return post(body);
    }

    static void register() {
        endpoint("POST /scorers/register",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "spec", "serialized_scorer", JUDGE))),
                fails("serialized_scorer is not JSON", 400, INVALID,
                        f -> post(obj("experiment_id", f.experiment(), "name", "spec", "serialized_scorer", "{oops"))),
                fails("custom scorers are off", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "name", "c",
                        "serialized_scorer", "{\"name\": \"c\", \"call_source\": \"return True\"}"))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "name", "spec", "serialized_scorer", JUDGE))),
                fails("missing name", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "serialized_scorer", JUDGE))));
        endpoint("GET /scorers/list",
                ok(f -> {
                    String experiment = f.experiment();
                    f.scorer(experiment);
                    return get("experiment_id", experiment);
                }),
                fails("unknown experiment", 404, NOT_FOUND, f -> get("experiment_id", UNKNOWN_EXPERIMENT)),
                fails("deleted experiment", 400, INVALID, f -> get("experiment_id", f.deletedExperiment())),
                fails("both experiment_id and experiment_ids", 400, INVALID,
                        f -> get("experiment_id", f.experiment(), "experiment_ids", f.experiment())));
        endpoint("GET /scorers/versions",
                ok(f -> get(named(f))),
                fails("unknown scorer", 404, NOT_FOUND, f -> get("experiment_id", f.experiment(), "name", "nope")),
                fails("missing name", 400, INVALID, f -> get("experiment_id", f.experiment())));
        endpoint("GET /scorers/get",
                ok(f -> get(named(f, "version", "1"))),
                fails("unknown version", 404, NOT_FOUND, f -> get(named(f, "version", "9"))),
                fails("version is not a number", 400, INVALID, f -> get(named(f, "version", "one"))));
        endpoint("DELETE /scorers/delete",
                ok(f -> delete(obj(named(f, "version", 1)))),
                fails("unknown version", 404, NOT_FOUND, f -> delete(obj(named(f, "version", 9)))),
                fails("missing experiment_id", 400, INVALID, f -> delete(obj("name", SCORER))));
        endpoint("GET /scorers/online-configs",
                ok(f -> get("scorer_ids", List.of(f.scorer(f.experiment()), "unknown"))),
                fails("missing scorer_ids", 400, INVALID, f -> Scenarios.raw("{}", "application/json", java.util.Map.of())));
        endpoint("PUT /scorers/online-config",
                ok(f -> post(obj(named(f, "sample_rate", 0, "filter_string", "trace.status = 'OK'")))),
                fails("sampling needs a gateway judge", 400, INVALID, f -> post(obj(named(f, "sample_rate", 0.5)))),
                fails("sample rate above 1", 400, INVALID, f -> post(obj(named(f, "sample_rate", 2)))),
                fails("unknown scorer", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", f.experiment(), "name", "nope", "sample_rate", 0))));
    }
}
