package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_RUN;
import static dev.labbook.spec.Scenarios.UNPROVOKABLE;
import static dev.labbook.spec.Scenarios.at;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;
import static dev.labbook.spec.Scenarios.raw;

import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scenarios for the artifact routes (the proxy's routes have no /mlflow prefix, so their keys are full paths). */
final class ArtifactScenarios {
    private ArtifactScenarios() {}

    static void register() {
        for (String prefix : List.of("/api", "/ajax-api")) {
            String proxy = prefix + "/2.0/mlflow-artifacts";
            endpoint("PUT " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(raw("spec artifact bytes", "application/octet-stream", Map.of()),
                            "artifact_path", f.unique("spec-put") + "/data.bin")),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(raw("x", "application/octet-stream", Map.of()), "artifact_path", "..%2F..%2Fescaped.bin")));
            endpoint("GET " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(get(), "artifact_path", f.artifactFile())),
                    new Case("byte range", true, 206, null,
                            f -> at(new Req(List.of(), null, null, Map.of("Range", "bytes=2-5")), "artifact_path", f.artifactFile())),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(get(), "artifact_path", "%2e%2e/%2e%2e/etc/passwd")),
                    fails("no such file", 404, NOT_FOUND,
                            f -> at(get(), "artifact_path", f.unique("spec-missing") + "/none.bin")));
            endpoint("DELETE " + proxy + "/artifacts/<artifact_path>",
                    ok(f -> at(get(), "artifact_path", f.artifactFile())),
                    fails("path escapes the destination", 400, INVALID,
                            f -> at(get(), "artifact_path", "a%5C..%5C..%5Cescaped.bin")));
            endpoint("GET " + proxy + "/artifacts",
                    ok(f -> get("path", f.artifactFile().replaceFirst("/[^/]+$", ""))),
                    fails("path escapes the destination", 400, INVALID, f -> get("path", "../..")));
            endpoint("POST " + proxy + "/mpu/create/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "num_parts", 2)), "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("malformed JSON body", 400, INVALID,
                            f -> at(raw("{not json", "application/json", Map.of()), "artifact_path", "spec-mpu/big.bin")));
            endpoint("POST " + proxy + "/mpu/complete/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "upload_id", "u1",
                                    "parts", List.of(obj("part_number", 1, "etag", "e1", "url", "http://127.0.0.1/part1")))),
                                    "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("no Content-Type", 400, INVALID,
                            f -> at(raw("{\"path\": \"big.bin\"}", null, Map.of()), "artifact_path", "spec-mpu/big.bin")));
            endpoint("POST " + proxy + "/mpu/abort/<artifact_path>",
                    new Case("local storage has no multipart upload", true, 501, "NOT_IMPLEMENTED",
                            f -> at(post(obj("path", "big.bin", "upload_id", "u1")), "artifact_path", f.unique("spec-mpu") + "/big.bin")),
                    fails("malformed JSON body", 400, INVALID,
                            f -> at(raw("[1, 2", "application/json", Map.of()), "artifact_path", "spec-mpu/big.bin")));
            for (String step : List.of("create", "complete", "abort")) {
                UNPROVOKABLE.put("POST " + proxy + "/mpu/" + step + "/<artifact_path>", Set.of(200));
            }
        }
        endpoint("GET /artifacts/list",
                ok(f -> get("run_id", f.runWithArtifact(), "path", "spec")),
                fails("missing run_id", 400, INVALID, f -> get("path", "spec")),
                fails("path escapes the run", 400, INVALID, f -> get("run_uuid", f.runWithArtifact(), "path", "../..")),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN)));
        endpoint("GET /get-artifact",
                ok(f -> get("path", "spec/hello.bin", "run_uuid", f.runWithArtifact())),
                new Case("byte range", true, 206, null, f -> new Req(get("path", "spec/hello.bin", "run_id",
                        f.runWithArtifact()).query(), null, null, Map.of("Range", "bytes=0-3"))),
                fails("path escapes the run", 400, INVALID,
                        f -> get("path", "../../../../etc/passwd", "run_id", f.runWithArtifact())),
                fails("unknown run", 404, NOT_FOUND, f -> get("path", "spec/hello.bin", "run_id", UNKNOWN_RUN)),
                fails("no such file", 404, NOT_FOUND, f -> get("path", "spec/absent.bin", "run_id", f.runWithArtifact())));
    }
}
