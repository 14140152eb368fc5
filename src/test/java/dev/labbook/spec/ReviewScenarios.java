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

import java.util.List;

/** Scenarios for label schemas and review queues (the UI's Review page). */
final class ReviewScenarios {
    private static final String UNKNOWN_SCHEMA = "ls-ffffffffffffffffffffffffffffffff";
    private static final String UNKNOWN_QUEUE = "rq-ffffffffffffffffffffffffffffffff";
    private static final String UNKNOWN_TRACE = "tr-ffffffffffffffffffffffffffffffff";

    private ReviewScenarios() {}

    static void register() {
        labelSchemas();
        queues();
        items();
    }

    private static void labelSchemas() {
        endpoint("POST /label-schemas/create",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "Is it correct?", "type", "FEEDBACK",
                        "input", obj("pass_fail", obj("positive_label", "Yes", "negative_label", "No")),
                        "instruction", "Judge the answer.", "enable_comment", true))),
                fails("the reserved name", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "name", "feedback",
                        "type", "FEEDBACK", "input", obj("text", obj())))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "name", "q",
                        "type", "EXPECTATION", "input", obj("text", obj("max_length", 10))))));
        endpoint("GET /label-schemas/get",
                ok(f -> get("schema_id", f.labelSchema(f.experiment()))),
                fails("no schema_id", 400, INVALID, f -> get()),
                fails("unknown schema", 404, NOT_FOUND, f -> get("schema_id", UNKNOWN_SCHEMA)));
        endpoint("GET /label-schemas/get-by-name",
                ok(f -> {
                    String experiment = f.experiment();
                    f.labelSchema(experiment);
                    return get("experiment_id", experiment, "name", Fixtures.QUESTION);
                }),
                fails("no name", 400, INVALID, f -> get("experiment_id", f.experiment())),
                fails("unknown name", 404, NOT_FOUND, f -> get("experiment_id", f.experiment(), "name", "no such question")));
        endpoint("GET /label-schemas/list",
                ok(f -> {
                    String experiment = f.experiment();
                    f.labelSchema(experiment);
                    return get("experiment_id", experiment, "max_results", "1");
                }),
                fails("max_results of 0", 400, INVALID, f -> get("experiment_id", f.experiment(), "max_results", "0")),
                fails("deleted experiment", 404, NOT_FOUND, f -> get("experiment_id", f.deletedExperiment())));
        endpoint("PATCH /label-schemas/update",
                ok(f -> post(obj("schema_id", f.labelSchema(f.experiment()), "name", "Renamed", "instruction", "",
                        "input", obj("categorical", obj("options", List.of("good", "bad", "ugly")))))),
                fails("another input kind", 400, INVALID, f -> post(obj("schema_id", f.labelSchema(f.experiment()),
                        "input", obj("text", obj())))),
                fails("unknown schema", 404, NOT_FOUND, f -> post(obj("schema_id", UNKNOWN_SCHEMA, "name", "x"))));
        endpoint("DELETE /label-schemas/delete",
                ok(f -> post(obj("schema_id", f.labelSchema(f.experiment())))),
                fails("no schema_id", 400, INVALID, f -> post(obj())));
    }

    private static void queues() {
        endpoint("POST /review-queues/create",
                ok(f -> post(obj("experiment_id", f.experiment(), "name", "Weekly review", "queue_type", "CUSTOM",
                        "users", List.of("Alice", "bob")))),
                fails("the reserved name", 400, INVALID, f -> post(obj("experiment_id", f.experiment(), "name", "Default",
                        "queue_type", "CUSTOM"))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "name", "q",
                        "queue_type", "USER"))));
        endpoint("POST /review-queues/get-or-create-user",
                ok(f -> post(obj("experiment_id", f.experiment(), "user", "Carol"))),
                fails("no user", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT, "user", "c"))));
        endpoint("GET /review-queues/get",
                ok(f -> get("queue_id", f.reviewQueue(f.trace()))),
                fails("no queue_id", 400, INVALID, f -> get()),
                fails("unknown queue", 404, NOT_FOUND, f -> get("queue_id", UNKNOWN_QUEUE)));
        endpoint("GET /review-queues/get-by-name",
                ok(f -> {
                    String trace = f.trace();
                    f.reviewQueue(trace);
                    return get("experiment_id", f.traceExperiment(trace), "name", "spec queue");
                }),
                fails("no name", 400, INVALID, f -> get("experiment_id", f.experiment())),
                fails("unknown name", 404, NOT_FOUND, f -> get("experiment_id", f.experiment(), "name", "nope")));
        endpoint("GET /review-queues/list",
                ok(f -> {
                    String trace = f.trace();
                    f.reviewQueue(trace);
                    return get("experiment_id", f.traceExperiment(trace), "user", "Spec-Reviewer", "max_results", "5");
                }),
                fails("max_results not a number", 400, INVALID, f -> get("experiment_id", f.experiment(), "max_results", "x")),
                fails("unknown experiment", 404, NOT_FOUND, f -> get("experiment_id", UNKNOWN_EXPERIMENT)));
        endpoint("POST /review-queues/update",
                ok(f -> post(obj("queue_id", f.reviewQueue(f.trace()), "name", "Renamed queue", "new_owner", "dana",
                        "update_users", true, "users", List.of("erin")))),
                fails("schemas of a queue that holds items", 400, INVALID, f -> post(obj("queue_id",
                        f.reviewQueue(f.trace()), "update_schema_ids", true, "schema_ids", List.of()))),
                fails("unknown queue", 404, NOT_FOUND, f -> post(obj("queue_id", UNKNOWN_QUEUE, "name", "x"))));
        endpoint("POST /review-queues/delete",
                ok(f -> post(obj("queue_id", f.reviewQueue(f.trace())))),
                fails("no queue_id", 400, INVALID, f -> post(obj())));
    }

    private static void items() {
        endpoint("POST /review-queues/items/add",
                ok(f -> {
                    String trace = f.trace();
                    return post(obj("queue_id", f.reviewQueue(trace), "item_type", "TRACE", "item_ids", List.of(trace)));
                }),
                fails("no item ids", 400, INVALID, f -> post(obj("queue_id", f.reviewQueue(f.trace()), "item_ids", List.of()))),
                fails("a trace of another experiment", 404, NOT_FOUND, f -> post(obj("queue_id", f.reviewQueue(f.trace()),
                        "item_ids", List.of(f.trace(), UNKNOWN_TRACE)))));
        endpoint("POST /review-queues/items/remove",
                ok(f -> {
                    String trace = f.trace();
                    return post(obj("queue_id", f.reviewQueue(trace), "item_ids", List.of(trace, UNKNOWN_TRACE)));
                }),
                fails("no item ids", 400, INVALID, f -> post(obj("queue_id", f.reviewQueue(f.trace())))),
                fails("unknown queue", 404, NOT_FOUND, f -> post(obj("queue_id", UNKNOWN_QUEUE, "item_ids", List.of("a")))));
        endpoint("GET /review-queues/items/list",
                ok(f -> get("queue_id", f.reviewQueue(f.trace()), "status", "PENDING", "max_results", "10")),
                fails("max_results too large", 400, INVALID, f -> get("queue_id", f.reviewQueue(f.trace()),
                        "max_results", "50001")),
                fails("unknown queue", 404, NOT_FOUND, f -> get("queue_id", UNKNOWN_QUEUE)));
        endpoint("POST /review-queues/items/set-status",
                ok(f -> {
                    String trace = f.trace();
                    return post(obj("queue_id", f.reviewQueue(trace), "item_id", trace, "status", "COMPLETE",
                            "completed_by", "Spec-Reviewer"));
                }),
                fails("complete without completed_by", 400, INVALID, f -> {
                    String trace = f.trace();
                    return post(obj("queue_id", f.reviewQueue(trace), "item_id", trace, "status", "COMPLETE"));
                }),
                fails("an item not in the queue", 404, NOT_FOUND, f -> post(obj("queue_id", f.reviewQueue(f.trace()),
                        "item_id", UNKNOWN_TRACE, "status", "DECLINED", "completed_by", "x"))));
    }
}
