package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_EXPERIMENT;
import static dev.labbook.spec.Scenarios.UNKNOWN_RUN;
import static dev.labbook.spec.Scenarios.dataset;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;

import java.util.List;

/** Scenarios for the run routes. */
final class RunScenarios {
    private RunScenarios() {}

    static void register() {
        endpoint("POST /runs/create",
                ok(f -> post(obj("experiment_id", f.experiment(), "user_id", "spec-user", "run_name", "spec-run",
                        "start_time", System.currentTimeMillis(),
                        "tags", List.of(obj("key", "mlflow.source.name", "value", "spec.py"))))),
                fails("run_name and mlflow.runName differ", 400, INVALID, f -> post(obj("experiment_id", f.experiment(),
                        "run_name", "a", "tags", List.of(obj("key", "mlflow.runName", "value", "b"))))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("GET /runs/get",
                ok(f -> get("run_id", f.richRun())),
                fails("missing run_id", 400, INVALID, f -> get()),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN)));
        endpoint("POST /runs/update",
                ok(f -> post(obj("run_id", f.run(), "status", "FINISHED", "end_time", System.currentTimeMillis(),
                        "run_name", "spec-finished"))),
                fails("unknown status", 400, INVALID, f -> post(obj("run_id", f.run(), "status", "DONE"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "status", "FINISHED"))));
        endpoint("POST /runs/delete",
                ok(f -> post(obj("run_id", f.run()))),
                fails("missing run_id", 400, INVALID, f -> post(obj())),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN))));
        endpoint("POST /runs/restore",
                ok(f -> post(obj("run_id", f.deletedRun()))),
                fails("missing run_id", 400, INVALID, f -> post(obj())),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN))));
        endpoint("POST /runs/search",
                ok(f -> post(obj("experiment_ids", List.of(f.richExperiment()), "filter", "metrics.loss < 10",
                        "run_view_type", "ACTIVE_ONLY", "max_results", 1, "order_by", List.of("start_time DESC")))),
                fails("unparsable filter", 400, INVALID,
                        f -> post(obj("experiment_ids", List.of(f.richExperiment()), "filter", "metrics.loss <<< 1"))));
        endpoint("POST /runs/set-tag",
                ok(f -> post(obj("run_id", f.run(), "key", "spec.note", "value", "hello"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run(), "value", "hello"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "k", "value", "v"))));
        endpoint("POST /runs/delete-tag",
                ok(f -> post(obj("run_id", f.run(), "key", "spec.tag"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run()))),
                fails("no such tag", 404, NOT_FOUND, f -> post(obj("run_id", f.run(), "key", "absent"))));
        endpoint("POST /runs/log-parameter",
                ok(f -> post(obj("run_id", f.run(), "key", "alpha", "value", "0.5"))),
                fails("missing key", 400, INVALID, f -> post(obj("run_id", f.run(), "value", "0.5"))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "alpha", "value", "0.5"))));
        endpoint("POST /runs/log-metric",
                ok(f -> post(obj("run_id", f.run(), "key", "loss", "value", "NaN", "timestamp", System.currentTimeMillis(),
                        "step", 3))),
                fails("missing timestamp", 400, INVALID, f -> post(obj("run_id", f.run(), "key", "loss", "value", 1.5))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", UNKNOWN_RUN, "key", "loss", "value", 1.5,
                        "timestamp", System.currentTimeMillis()))));
        endpoint("POST /runs/log-batch",
                ok(f -> post(obj("run_id", f.run(),
                        "metrics", List.of(obj("key", "acc", "value", 0.9, "timestamp", System.currentTimeMillis(), "step", 1)),
                        "params", List.of(obj("key", "depth", "value", "4")),
                        "tags", List.of(obj("key", "stage", "value", "train"))))),
                fails("metric without timestamp", 400, INVALID,
                        f -> post(obj("run_id", f.run(), "metrics", List.of(obj("key", "acc", "value", 0.9))))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "params", List.of(obj("key", "depth", "value", "4"))))));
        endpoint("POST /runs/log-inputs",
                ok(f -> post(obj("run_id", f.run(), "datasets", List.of(dataset("spec-ds", "d1"))))),
                fails("dataset without digest", 400, INVALID, f -> post(obj("run_id", f.run(), "datasets",
                        List.of(obj("dataset", obj("name", "x", "source_type", "local", "source", "{}")))))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "datasets", List.of(dataset("spec-ds", "d1"))))));
    }
}
