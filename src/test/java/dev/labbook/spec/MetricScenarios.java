package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_RUN;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.ok;

import java.util.List;

/** Scenarios for the metric history routes. */
final class MetricScenarios {
    private MetricScenarios() {}

    static void register() {
        endpoint("GET /metrics/get-history",
                ok(f -> get("run_id", f.richRun(), "metric_key", "loss", "max_results", "2")),
                fails("missing metric_key", 400, INVALID, f -> get("run_id", f.richRun())),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_id", UNKNOWN_RUN, "metric_key", "loss")));
        endpoint("GET /metrics/get-history-bulk-interval",
                ok(f -> get("run_ids", List.of(f.richRun(), f.secondRichRun()), "metric_key", "loss",
                        "max_results", "3", "start_step", "0", "end_step", "10")),
                fails("missing run_ids", 400, INVALID, f -> get("metric_key", "loss")),
                fails("unknown run", 404, NOT_FOUND, f -> get("run_ids", List.of(UNKNOWN_RUN), "metric_key", "loss")));
        endpoint("GET /metrics/get-history-bulk",
                ok(f -> get("run_id", List.of(f.richRun(), f.secondRichRun()), "metric_key", "loss", "max_results", "4")),
                fails("missing run_id", 400, INVALID, f -> get("metric_key", "loss")));
    }
}
