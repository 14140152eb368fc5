package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_EXPERIMENT;
import static dev.labbook.spec.Scenarios.UNKNOWN_MODEL;
import static dev.labbook.spec.Scenarios.UNKNOWN_RUN;
import static dev.labbook.spec.Scenarios.at;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;
import static dev.labbook.spec.Scenarios.raw;

import java.util.List;
import java.util.Map;

/** Scenarios for the logged model routes (path parameters go in as "{name}" pairs, see {@link Scenarios#at}). */
final class LoggedModelScenarios {
    private LoggedModelScenarios() {}

    static void register() {
        endpoint("POST /logged-models",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "spec-model", "model_type", "agent",
                        "source_run_id", f.run(), "params", List.of(obj("key", "lr", "value", "0.01")),
                        "tags", List.of(obj("key", "mlflow.user", "value", "spec"))))),
                fails("name with a slash", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "name", "a/b"))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("POST /logged-models/search",
                ok(f -> post(obj("experiment_ids", List.of(f.loggedModelExperiment()), "filter", "metrics.acc > 0.5",
                        "datasets", List.of(obj("dataset_name", "spec-eval")), "max_results", 1,
                        "order_by", List.of(obj("field_name", "metrics.acc", "ascending", false))))),
                fails("missing experiment_ids", 400, INVALID, f -> post(obj("filter", "name = 'x'"))),
                fails("unparsable filter", 400, INVALID,
                        f -> post(obj("experiment_ids", List.of(f.experiment()), "filter", "metrics.acc <<< 1"))));
        endpoint("GET /logged-models/{model_id}",
                ok(f -> at(get("allow_deleted", "false"), "model_id", f.loggedModel())),
                fails("allow_deleted is not a boolean", 400, INVALID,
                        f -> at(get("allow_deleted", "maybe"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("PATCH /logged-models/{model_id}",
                ok(f -> at(post(obj("status", "LOGGED_MODEL_READY")), "model_id", f.loggedModel())),
                fails("unknown status", 400, INVALID, f -> at(post(obj("status", "DONE")), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("status", "LOGGED_MODEL_READY")), "model_id", UNKNOWN_MODEL)));
        endpoint("DELETE /logged-models/{model_id}",
                ok(f -> at(get(), "model_id", f.loggedModel())),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("PATCH /logged-models/{model_id}/tags",
                ok(f -> at(post(obj("tags", List.of(obj("key", "stage", "value", "prod")))), "model_id", f.loggedModel())),
                fails("tag without key", 400, INVALID,
                        f -> at(post(obj("tags", List.of(obj("value", "prod")))), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("tags", List.of(obj("key", "k", "value", "v")))), "model_id", UNKNOWN_MODEL)));
        endpoint("DELETE /logged-models/{model_id}/tags/{tag_key}",
                ok(f -> at(get(), "model_id", f.loggedModel(), "tag_key", "team")),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "model_id", f.loggedModel(), "tag_key", "team")),
                fails("no such tag", 404, NOT_FOUND, f -> at(get(), "model_id", f.loggedModel(), "tag_key", "absent")));
        endpoint("POST /logged-models/{model_id}/params",
                ok(f -> at(post(obj("params", List.of(obj("key", "depth", "value", "4")))), "model_id", f.loggedModel())),
                fails("param without key", 400, INVALID,
                        f -> at(post(obj("params", List.of(obj("value", "4")))), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND,
                        f -> at(post(obj("params", List.of(obj("key", "depth", "value", "4")))), "model_id", UNKNOWN_MODEL)));
        endpoint("GET /logged-models/{model_id}/artifacts/directories",
                ok(f -> at(get("artifact_directory_path", ""), "model_id", f.loggedModel())),
                fails("path escapes the model's root", 400, INVALID,
                        f -> at(get("artifact_directory_path", "../other"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get(), "model_id", UNKNOWN_MODEL)));
        endpoint("GET /logged-models/{model_id}/artifacts/files",
                ok(f -> at(get("artifact_file_path", "MLmodel"), "model_id", f.loggedModel())),
                fails("missing artifact_file_path", 400, "BAD_REQUEST", f -> at(get(), "model_id", f.loggedModel())),
                fails("no such file", 404, NOT_FOUND,
                        f -> at(get("artifact_file_path", "absent.txt"), "model_id", f.loggedModel())),
                fails("unknown model", 404, NOT_FOUND, f -> at(get("artifact_file_path", "MLmodel"), "model_id", UNKNOWN_MODEL)));
        endpoint("POST /runs/outputs",
                ok(f -> post(obj("run_id", f.run(), "models", List.of(obj("model_id", f.loggedModel(), "step", 1))))),
                fails("missing models", 400, INVALID, f -> post(obj("run_id", f.run()))),
                fails("unknown run", 404, NOT_FOUND,
                        f -> post(obj("run_id", UNKNOWN_RUN, "models", List.of(obj("model_id", UNKNOWN_MODEL))))));
    }
}
