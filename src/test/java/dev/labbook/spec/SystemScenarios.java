package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.UNPROVOKABLE;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.ok;

import dev.labbook.spec.Scenarios.Req;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scenarios for the system routes: health, version and server info (trace export: TraceScenarios). */
final class SystemScenarios {
    private SystemScenarios() {}

    static void register() {
        endpoint("GET /health", ok(f -> get()));
        endpoint("GET /health/ready", ok(f -> get()));
        endpoint("GET /version", ok(f -> get()));
        endpoint("GET /server-info",
                ok(f -> get()),
                fails("malformed JSON body", 400, INVALID, f -> new Req(List.of(), "{not json", "application/json", Map.of())));
        // Prometheus metrics: begin
        // The spec server runs with --expose-prometheus; PrometheusMetricsTest covers the 404 without it.
        endpoint("GET /metrics", ok(f -> get()));
        UNPROVOKABLE.put("GET /metrics", Set.of(404));
        // Prometheus metrics: end
    }
}
