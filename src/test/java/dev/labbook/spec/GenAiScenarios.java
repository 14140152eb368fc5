package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
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
