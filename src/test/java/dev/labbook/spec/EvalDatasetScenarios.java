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
import static dev.labbook.spec.Scenarios.raw;

import dev.labbook.spec.Scenarios.Req;
import java.util.List;
import java.util.Map;

/** Scenarios for MLflow 3's evaluation datasets (see {@link Fixtures#evalDataset()}). */
final class EvalDatasetScenarios {
    static final String UNKNOWN_DATASET = "d-ffffffffffffffffffffffffffffffff";
    private static final String RECORDS = "[{\"inputs\": {\"question\": \"What is a spec?\"}, "
            + "\"expectations\": {\"answer\": \"A promise\"}, \"tags\": {\"mlflow.user\": \"spec\"}, "
            + "\"source\": {\"source_type\": \"HUMAN\", \"source_data\": {\"source_id\": \"spec\"}}}]";

    private EvalDatasetScenarios() {}

    static void register() {
        endpoint("POST /datasets/create",
                ok(f -> post(obj("name", f.unique("spec-dataset"), "experiment_ids", List.of(f.experiment()),
                        "tags", "{\"team\": \"vision\", \"mlflow.user\": \"spec\"}"))),
                fails("no name", 400, INVALID, f -> post(obj("experiment_ids", List.of(f.experiment())))),
                fails("tags that are not a JSON object", 400, INVALID,
                        f -> post(obj("name", "x", "tags", "[\"team\"]"))),
                fails("malformed experiment id", 400, INVALID,
                        f -> post(obj("name", "x", "experiment_ids", List.of("abc")))));
        endpoint("GET /datasets/search",
                ok(f -> get("experiment_ids", f.evalDatasetExperiment(f.evalDataset()),
                        "filter_string", "name LIKE 'spec-%' AND tags.team = 'vision'", "order_by", "name ASC",
                        "max_results", 10)),
                fails("unknown filter key", 400, INVALID, f -> get("filter_string", "bogus = 'x'")),
                fails("max_results of 0", 400, INVALID, f -> get("max_results", 0)));
        endpoint("POST /datasets/search",
                ok(f -> post(obj("experiment_ids", List.of(f.evalDatasetExperiment(f.evalDataset())),
                        "filter_string", "created_time > 0", "order_by", List.of("last_update_time DESC"),
                        "max_results", 50))),
                fails("OR in the filter", 400, INVALID,
                        f -> post(obj("filter_string", "name = 'a' OR name = 'b'"))),
                fails("unknown order_by key", 400, INVALID, f -> post(obj("order_by", List.of("created_by")))),
                fails("page token that is not one", 400, INVALID, f -> post(obj("page_token", "garbage"))));
        endpoint("GET /datasets/{dataset_id}",
                ok(f -> at(get(), "dataset_id", f.evalDataset())),
                fails("unknown dataset", 404, NOT_FOUND, f -> at(get(), "dataset_id", UNKNOWN_DATASET)),
                fails("malformed JSON body", 400, INVALID, f -> at(malformed(), "dataset_id", f.evalDataset())));
        endpoint("DELETE /datasets/{dataset_id}",
                ok(f -> at(get(), "dataset_id", f.evalDataset())),
                fails("malformed JSON body", 400, INVALID, f -> at(malformed(), "dataset_id", f.evalDataset())));
        endpoint("PATCH /datasets/{dataset_id}/tags",
                ok(f -> at(post(obj("tags", "{\"stage\": \"review\", \"version\": 2}")), "dataset_id", f.evalDataset())),
                fails("no tags", 400, INVALID, f -> at(post(obj()), "dataset_id", f.evalDataset())),
                fails("unknown dataset", 404, NOT_FOUND,
                        f -> at(post(obj("tags", "{\"stage\": \"review\"}")), "dataset_id", UNKNOWN_DATASET)));
        endpoint("DELETE /datasets/{dataset_id}/tags/{key}",
                ok(f -> at(get(), "dataset_id", f.evalDataset(), "key", "team")),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(malformed(), "dataset_id", f.evalDataset(), "key", "team")));
        endpoint("POST /datasets/{dataset_id}/records",
                ok(f -> at(post(obj("records", RECORDS)), "dataset_id", f.evalDataset())),
                fails("records that are not JSON", 400, INVALID,
                        f -> at(post(obj("records", "[{")), "dataset_id", f.evalDataset())),
                fails("a record whose inputs are not an object", 400, INVALID,
                        f -> at(post(obj("records", "[{\"inputs\": [1]}]")), "dataset_id", f.evalDataset())),
                fails("unknown dataset", 404, NOT_FOUND,
                        f -> at(post(obj("records", RECORDS)), "dataset_id", UNKNOWN_DATASET)));
        endpoint("GET /datasets/{dataset_id}/records",
                ok(f -> at(get("max_results", 1), "dataset_id", f.evalDataset())),
                fails("page token that is not one", 400, INVALID,
                        f -> at(get("page_token", "garbage"), "dataset_id", f.evalDataset())),
                fails("negative max_results", 400, INVALID,
                        f -> at(get("max_results", -1), "dataset_id", f.evalDataset())));
        endpoint("DELETE /datasets/{dataset_id}/records",
                ok(f -> at(post(obj("dataset_record_ids", List.of("dr-ffffffffffffffffffffffffffffffff"))),
                        "dataset_id", f.evalDataset())),
                fails("ids that are not a list", 400, INVALID,
                        f -> at(post(obj("dataset_record_ids", 7)), "dataset_id", f.evalDataset())));
        endpoint("GET /datasets/{dataset_id}/experiment-ids",
                ok(f -> at(get(), "dataset_id", f.evalDataset())),
                fails("malformed JSON body", 400, INVALID, f -> at(malformed(), "dataset_id", f.evalDataset())));
        endpoint("POST /datasets/{dataset_id}/add-experiments",
                ok(f -> at(post(obj("experiment_ids", List.of(f.experiment()))), "dataset_id", f.evalDataset())),
                fails("unknown experiment", 404, NOT_FOUND, f -> at(post(obj("experiment_ids",
                        List.of(UNKNOWN_EXPERIMENT))), "dataset_id", f.evalDataset())),
                fails("experiment ids that are not a list", 400, INVALID,
                        f -> at(post(obj("experiment_ids", "1")), "dataset_id", f.evalDataset())));
        endpoint("POST /datasets/{dataset_id}/remove-experiments",
                ok(f -> {
                    String dataset = f.evalDataset();
                    return at(post(obj("experiment_ids", List.of(f.evalDatasetExperiment(dataset)))),
                            "dataset_id", dataset);
                }),
                fails("unknown dataset", 404, NOT_FOUND, f -> at(post(obj("experiment_ids", List.of("1"))),
                        "dataset_id", UNKNOWN_DATASET)),
                fails("experiment ids that are not a list", 400, INVALID,
                        f -> at(post(obj("experiment_ids", Map.of("id", "1"))), "dataset_id", f.evalDataset())));
    }

    private static Req malformed() {
        return raw("{not json", "application/json", Map.of());
    }
}
