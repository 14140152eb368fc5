package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;

import java.util.List;

/** Scenarios for the model registry routes: registered models and their versions. */
final class RegistryScenarios {
    private RegistryScenarios() {}

    static void register() {
        // DELETE and PATCH carry JSON bodies too; post(...) builds a JSON body, the route sets the method.
        endpoint("POST /registered-models/create",
                ok(f -> post(obj("name", f.unique("spec-model"), "description", "d",
                        "tags", List.of(obj("key", "team", "value", "vision"))))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("name already taken", 400, "RESOURCE_ALREADY_EXISTS", f -> post(obj("name", f.registeredModel()))));
        endpoint("GET /registered-models/get",
                ok(f -> get("name", f.registeredModel())),
                fails("missing name", 400, INVALID, f -> get()),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"))));
        endpoint("POST /registered-models/rename",
                ok(f -> post(obj("name", f.registeredModel(), "new_name", f.unique("spec-renamed")))),
                fails("missing new_name", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "new_name", f.unique("spec-renamed")))));
        endpoint("PATCH /registered-models/update",
                ok(f -> post(obj("name", f.registeredModel(), "description", "better"))),
                fails("missing name", 400, INVALID, f -> post(obj("description", "better"))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("DELETE /registered-models/delete",
                ok(f -> post(obj("name", f.registeredModel()))),
                fails("missing name", 400, INVALID, f -> post(obj())),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("GET /registered-models/search",
                ok(f -> get("filter", "name LIKE '" + f.registeredModel() + "%' AND tags.team = 'vision'",
                        "max_results", "2", "order_by", List.of("last_updated_timestamp DESC", "name ASC"))),
                fails("unparsable filter", 400, INVALID, f -> get("filter", "name === 'x'")));
        endpoint("POST /registered-models/get-latest-versions",
                ok(f -> post(obj("name", f.registeredModel(), "stages", List.of("None", "production")))),
                fails("unknown stage", 400, INVALID, f -> post(obj("name", f.registeredModel(), "stages", List.of("Shipped")))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model")))));
        endpoint("GET /registered-models/get-latest-versions",
                ok(f -> get("name", f.registeredModel(), "stages", List.of("None"))),
                fails("missing name", 400, INVALID, f -> get("stages", "None")),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"))));
        endpoint("POST /registered-models/set-tag",
                ok(f -> post(obj("name", f.registeredModel(), "key", "stage", "value", "dev"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel(), "value", "dev"))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "key", "stage", "value", "dev"))));
        endpoint("DELETE /registered-models/delete-tag",
                ok(f -> post(obj("name", f.registeredModel(), "key", "team"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown model", 404, NOT_FOUND, f -> post(obj("name", f.unique("no-such-model"), "key", "team"))));
        endpoint("POST /registered-models/alias",
                ok(f -> post(obj("name", f.registeredModel(), "alias", "challenger", "version", "1"))),
                fails("reserved alias", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "alias", "latest", "version", "1"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "alias", "challenger", "version", "9"))));
        endpoint("DELETE /registered-models/alias",
                ok(f -> post(obj("name", f.registeredModel(), "alias", "champion"))),
                fails("invalid alias", 400, INVALID, f -> post(obj("name", f.registeredModel(), "alias", "not valid"))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "alias", "champion"))));
        endpoint("GET /registered-models/alias",
                ok(f -> get("name", f.registeredModel(), "alias", "champion")),
                fails("alias not set (MLflow answers 400)", 400, INVALID,
                        f -> get("name", f.registeredModel(), "alias", "absent")),
                fails("unknown model", 404, NOT_FOUND, f -> get("name", f.unique("no-such-model"), "alias", "champion")));
        endpoint("POST /model-versions/create",
                ok(f -> {
                    String run = f.run();
                    return post(obj("name", f.registeredModel(), "source", "runs:/" + run + "/model", "run_id", run,
                            "description", "second", "tags", List.of(obj("key", "framework", "value", "sklearn"))));
                }),
                fails("source outside the run", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "source", "/etc", "run_id", f.run()))),
                fails("unknown model", 404, NOT_FOUND,
                        f -> post(obj("name", f.unique("no-such-model"), "source", "s3://bucket/model"))));
        endpoint("GET /model-versions/get",
                ok(f -> get("name", f.registeredModel(), "version", "1")),
                fails("version is not a number", 400, INVALID, f -> get("name", f.registeredModel(), "version", "one")),
                fails("unknown version", 404, NOT_FOUND, f -> get("name", f.registeredModel(), "version", "9")));
        endpoint("PATCH /model-versions/update",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "description", "better"))),
                fails("missing version", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown version", 404, NOT_FOUND, f -> post(obj("name", f.registeredModel(), "version", "9"))));
        endpoint("DELETE /model-versions/delete",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1"))),
                fails("missing version", 400, INVALID, f -> post(obj("name", f.registeredModel()))),
                fails("unknown version", 404, NOT_FOUND, f -> post(obj("name", f.registeredModel(), "version", "9"))));
        endpoint("GET /model-versions/search",
                ok(f -> get("filter", "name = '" + f.registeredModel() + "' AND tags.`spec.tag` = 'x'",
                        "max_results", "5", "order_by", List.of("version_number DESC"))),
                fails("unknown attribute", 400, INVALID, f -> get("filter", "stage = 'None'")));
        endpoint("POST /model-versions/transition-stage",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "stage", "production",
                        "archive_existing_versions", true))),
                fails("unknown stage", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "version", "1", "stage", "Shipped"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "stage", "Staging"))));
        endpoint("POST /model-versions/set-tag",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "key", "validated", "value", "yes"))),
                fails("missing key", 400, INVALID,
                        f -> post(obj("name", f.registeredModel(), "version", "1", "value", "yes"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "key", "validated", "value", "yes"))));
        endpoint("DELETE /model-versions/delete-tag",
                ok(f -> post(obj("name", f.registeredModel(), "version", "1", "key", "spec.tag"))),
                fails("missing key", 400, INVALID, f -> post(obj("name", f.registeredModel(), "version", "1"))),
                fails("unknown version", 404, NOT_FOUND,
                        f -> post(obj("name", f.registeredModel(), "version", "9", "key", "spec.tag"))));
        endpoint("GET /model-versions/get-download-uri",
                ok(f -> get("name", f.registeredModel(), "version", "1")),
                fails("missing version", 400, INVALID, f -> get("name", f.registeredModel())),
                fails("unknown version", 404, NOT_FOUND, f -> get("name", f.registeredModel(), "version", "9")));
        endpoint("GET /model-versions/get-artifact",
                ok(f -> get("name", f.registeredModel(), "version", "1", "path", "MLmodel")),
                fails("path leaves the version's files", 400, INVALID,
                        f -> get("name", f.registeredModel(), "version", "1", "path", "../../secrets")),
                fails("no such file", 404, NOT_FOUND,
                        f -> get("name", f.registeredModel(), "version", "1", "path", "absent.txt")));
    }
}
