package dev.labbook.spec;

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
import java.util.Map;

/** Scenarios for the experiment routes. */
final class ExperimentScenarios {
    private ExperimentScenarios() {}

    static void register() {
        endpoint("POST /experiments/create",
                ok(f -> post(obj("name", f.unique("spec-exp"), "artifact_location", "file:///tmp/labbook-spec/custom",
                        "tags", List.of(obj("key", "team", "value", "vision"))))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("name already taken", 400, "RESOURCE_ALREADY_EXISTS", f -> post(obj("name", f.experimentName()))),
                fails("no Content-Type", 400, INVALID,
                        f -> new Req(List.of(), "{\"name\": \"" + f.unique("spec-exp") + "\"}", null, Map.of())));
        endpoint("GET /experiments/get",
                ok(f -> get("experiment_id", f.experiment())),
                fails("experiment id is not a number", 400, INVALID, f -> get("experiment_id", "abc")),
                fails("unknown experiment", 404, NOT_FOUND, f -> get("experiment_id", UNKNOWN_EXPERIMENT)));
        endpoint("GET /experiments/get-by-name",
                ok(f -> get("experiment_name", f.experimentName())),
                fails("missing experiment_name", 400, INVALID, f -> get()),
                fails("unknown name", 404, NOT_FOUND, f -> get("experiment_name", f.unique("no-such-exp"))));
        endpoint("GET /experiments/search",
                ok(f -> get("max_results", "1", "view_type", "ALL", "order_by", List.of("name ASC", "creation_time DESC"),
                        "filter", "name LIKE 'spec-%'")),
                fails("missing max_results", 400, INVALID, f -> get("view_type", "ALL")));
        endpoint("POST /experiments/search",
                ok(f -> post(obj("max_results", 1, "view_type", "ACTIVE_ONLY", "order_by", List.of("last_update_time DESC")))),
                fails("unparsable filter", 400, INVALID, f -> post(obj("max_results", 10, "filter", "name === 'x'"))));
        endpoint("POST /experiments/update",
                ok(f -> post(obj("experiment_id", f.experiment(), "new_name", f.unique("spec-renamed")))),
                fails("missing new_name", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "new_name", f.unique("spec-renamed")))));
        endpoint("POST /experiments/delete",
                ok(f -> post(obj("experiment_id", f.experiment()))),
                fails("missing experiment_id", 400, INVALID, f -> post(obj())),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("POST /experiments/restore",
                ok(f -> post(obj("experiment_id", f.deletedExperiment()))),
                fails("missing experiment_id", 400, INVALID, f -> post(obj())),
                fails("experiment is not deleted", 404, NOT_FOUND, f -> post(obj("experiment_id", f.experiment()))));
        endpoint("POST /experiments/set-experiment-tag",
                ok(f -> post(obj("experiment_id", f.experiment(), "key", "stage", "value", "dev"))),
                fails("missing key", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "value", "dev"))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "key", "stage", "value", "dev"))));
        endpoint("POST /experiments/delete-experiment-tag",
                ok(f -> post(obj("experiment_id", f.experiment(), "key", "team"))),
                fails("missing key", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("no such tag", 404, NOT_FOUND, f -> post(obj("experiment_id", f.experiment(), "key", "absent"))));
        endpoint("POST /experiments/search-datasets",
                ok(f -> post(obj("experiment_ids", List.of(f.richExperiment())))),
                fails("no experiment ids", 400, INVALID, f -> post(obj("experiment_ids", List.of()))));
    }
}
