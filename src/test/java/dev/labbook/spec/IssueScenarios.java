package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_EXPERIMENT;
import static dev.labbook.spec.Scenarios.at;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;

import java.util.List;

/** Scenarios for issues. */
final class IssueScenarios {
    private static final String UNKNOWN_ISSUE = "iss-ffffffffffffffffffffffffffffffff";

    private IssueScenarios() {}

    static void register() {
        endpoint("POST /issues",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "Wrong refunds", "description", "Quotes 60 days",
                        "severity", "medium", "categories", List.of("correctness"), "last_seen_timestamp", 1700000000000L,
                        "metadata", obj("owner", "support")))),
                fails("unknown status", 400, INVALID,
                        f -> post(obj("experiment_id", f.experiment(), "name", "x", "description", "d", "status", "open"))),
                fails("unknown experiment", 404, NOT_FOUND,
                        f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "name", "x", "description", "d"))));
        endpoint("POST /issues/search",
                ok(f -> {
                    String experiment = f.experiment();
                    f.issue(experiment);
                    f.issue(experiment);
                    return post(obj("experiment_id", experiment, "statuses", List.of("pending"), "max_results", 1,
                            "include_trace_count", true, "include_total_count", true, "order_by", List.of("name DESC")));
                }),
                fails("max_results of 0", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "max_results", 0))));
        endpoint("GET /issues/{issue_id}",
                ok(f -> at(get(), "issue_id", f.issue(f.experiment()))),
                fails("unknown issue", 404, NOT_FOUND, f -> at(get(), "issue_id", UNKNOWN_ISSUE)),
                fails("the id spelled two ways", 400, INVALID,
                        f -> at(get("issueId", "iss-other"), "issue_id", f.issue(f.experiment()))));
        endpoint("PATCH /issues/{issue_id}",
                ok(f -> {
                    String id = f.issue(f.experiment());
                    return at(post(obj("issue_id", id, "status", "resolved", "categories", List.of(),
                            "metadata", obj("ticket", "T-1"), "delete_metadata_keys", List.of("owner"))), "issue_id", id);
                }),
                fails("unknown severity", 400, INVALID, f -> {
                    String id = f.issue(f.experiment());
                    return at(post(obj("issue_id", id, "severity", "critical")), "issue_id", id);
                }),
                fails("unknown issue", 404, NOT_FOUND,
                        f -> at(post(obj("issue_id", UNKNOWN_ISSUE, "name", "x")), "issue_id", UNKNOWN_ISSUE)));
    }
}
