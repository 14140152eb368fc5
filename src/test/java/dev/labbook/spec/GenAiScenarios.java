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

import dev.labbook.spec.Scenarios.Case;
import java.util.List;

/** Scenarios for the UI's assistant probes and the GenAI searches that answer empty results. */
final class GenAiScenarios {
    private GenAiScenarios() {}

    static void register() {
        endpoint("GET /assistant/config", ok(f -> get()),
                fails("malformed query", 400, INVALID, f -> Scenarios.raw("{not json", "application/json", java.util.Map.of())));
        endpoint("GET /assistant/providers", ok(f -> get()),
                fails("malformed query", 400, INVALID, f -> Scenarios.raw("{not json", "application/json", java.util.Map.of())));
        endpoint("POST /issues/search",
                ok(f -> post(obj("experiment_id", f.experiment(), "statuses", List.of("pending"), "max_results", 1000))),
                fails("max_results of 0", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "max_results", 0))));
        endpoint("GET /scorers/list",
                ok(f -> get("experiment_id", f.experiment())),
                fails("unknown experiment", 404, NOT_FOUND, f -> get("experiment_id", UNKNOWN_EXPERIMENT)),
                fails("both experiment_id and experiment_ids", 400, INVALID,
                        f -> get("experiment_id", f.experiment(), "experiment_ids", f.experiment())));
        endpoint("POST /artifacts/presigned-download-url",
                new Case("no presigned URLs are offered", true, 501, "NOT_IMPLEMENTED",
                        f -> post(obj("run_id", f.runWithArtifact(), "path", f.artifactFile()))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("run_id", Scenarios.UNKNOWN_RUN, "path", "a.txt"))),
                fails("expiration out of range", 400, INVALID,
                        f -> post(obj("run_id", f.runWithArtifact(), "path", "a.txt", "expiration", 0))));
        Scenarios.UNPROVOKABLE.put("POST /artifacts/presigned-download-url", java.util.Set.of(200));
        endpoint("GET /gateway-proxy", ok(f -> get("gateway_path", "api/2.0/endpoints/")),
                fails("gateway_path is not a string", 400, INVALID,
                        f -> Scenarios.raw("{not json", "application/json", java.util.Map.of())));
        endpoint("POST /gateway-proxy", ok(f -> post(obj("gateway_path", "api/2.0/endpoints/"))),
                fails("malformed JSON body", 400, INVALID,
                        f -> Scenarios.raw("{not json", "application/json", java.util.Map.of())));
    }
}
