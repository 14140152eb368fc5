package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNPROVOKABLE;
import static dev.labbook.spec.Scenarios.at;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;

import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scenarios for the web UI routes: the page, its static files, telemetry and GraphQL. */
final class UiScenarios {
    private static final String GET_EXPERIMENT = """
            query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) @component(name: "MLflow.ExperimentRunTracking") {
              mlflowGetExperiment(input: $input) {
                apiError { code message }
                experiment { experimentId name lifecycleStage creationTime lastUpdateTime tags { key value } }
              }
            }
            """;

    private UiScenarios() {}

    static void register() {
        // The spec servers run without a UI build: the page is the how-to-get-one page and no file exists.
        endpoint("GET /", ok(f -> get()));
        endpoint("GET /static-files/<path>",
                // A well-formed request: without a UI build no file exists, so 200 cannot be provoked here.
                new Case("no such file", true, 404, NOT_FOUND, f -> at(get(), "path", "static/js/missing.js")),
                fails("backslash in the path", 400, INVALID, f -> at(get(), "path", "static%5C..%5Cindex.html")));
        UNPROVOKABLE.put("GET /static-files/<path>", Set.of(200));
        endpoint("GET /ui-telemetry",
                ok(f -> get()),
                fails("malformed JSON body", 400, INVALID, f -> new Req(List.of(), "{not json", "application/json", Map.of())));
        endpoint("POST /ui-telemetry",
                ok(f -> post(obj("records", List.of()))),
                fails("malformed JSON body", 400, INVALID, f -> new Req(List.of(), "{not json", "application/json", Map.of())));
        endpoint("GET /graphql",
                ok(f -> get("query", GET_EXPERIMENT, "variables", "{\"input\": {\"experimentId\": \"0\"}}",
                        "operationName", "MlflowGetExperimentQuery")),
                new Case("a syntax error is an errors entry", true, 200, null, f -> get("query", "{ mlflowGetRun(")));
        endpoint("POST /graphql",
                ok(f -> post(obj("query", GET_EXPERIMENT, "variables", obj("input", obj("experimentId", "0")),
                        "operationName", "MlflowGetExperimentQuery"))),
                new Case("an unknown field is an errors entry", true, 200, null,
                        f -> post(obj("query", "query Nope { mlflowNoSuchThing { x } }"))));
    }
}
