package dev.labbook.auth;

import static dev.labbook.auth.Permission.Level.DELETE;
import static dev.labbook.auth.Permission.Level.MANAGE;
import static dev.labbook.auth.Permission.Level.READ;
import static dev.labbook.auth.Permission.Level.UPDATE;
import static dev.labbook.auth.Rule.Resource.ARTIFACT_PATH;
import static dev.labbook.auth.Rule.Resource.DATASET;
import static dev.labbook.auth.Rule.Resource.DATASET_AND_EXPERIMENTS;
import static dev.labbook.auth.Rule.Resource.EXPERIMENT;
import static dev.labbook.auth.Rule.Resource.EXPERIMENTS;
import static dev.labbook.auth.Rule.Resource.EXPERIMENT_NAME;
import static dev.labbook.auth.Rule.Resource.GRANT_TARGET;
import static dev.labbook.auth.Rule.Resource.ISSUE;
import static dev.labbook.auth.Rule.Resource.LABEL_SCHEMA;
import static dev.labbook.auth.Rule.Resource.LOGGED_MODEL;
import static dev.labbook.auth.Rule.Resource.NAMED_EXPERIMENT;
import static dev.labbook.auth.Rule.Resource.OPTIONAL_EXPERIMENT;
import static dev.labbook.auth.Rule.Resource.REGISTERED_MODEL;
import static dev.labbook.auth.Rule.Resource.REVIEW_QUEUE;
import static dev.labbook.auth.Rule.Resource.RUN;
import static dev.labbook.auth.Rule.Resource.RUNS;
import static dev.labbook.auth.Rule.Resource.SCORER_CONFIGS;
import static dev.labbook.auth.Rule.Resource.SCOPING_EXPERIMENTS;
import static dev.labbook.auth.Rule.Resource.TRACE;
import static dev.labbook.auth.Rule.Resource.TRACES;
import static dev.labbook.auth.Rule.Resource.TRACE_DESTINATION;

import dev.labbook.auth.Permission.Level;
import dev.labbook.http.Route;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The permission every route of {@link dev.labbook.http.RouteTable} requires, one line per route,
 * keyed by method and path without the /api|/ajax-api version prefix (both copies share a rule).
 * A route missing here is refused to everyone but admins, and RoutePermissionsTest fails.
 * Levels follow MLflow's basic-auth validators: read for gets, update for writes, delete for
 * deletes, manage for permission changes.
 */
public final class RoutePermissions {
    private static final Map<String, Rule> TABLE = new LinkedHashMap<>();

    static {
        open("GET /health");
        open("GET /health/ready");
        user("GET /version");
        open("GET /mlflow/server-info");
        on("POST /v1/traces", TRACE_DESTINATION, UPDATE);
        // MLflow's auth app has no rule for the exporter's /metrics: any signed-in user may scrape it.
        user("GET /metrics");

        on("PUT /mlflow-artifacts/artifacts/<artifact_path>", ARTIFACT_PATH, UPDATE);
        on("GET /mlflow-artifacts/artifacts/<artifact_path>", ARTIFACT_PATH, READ);
        on("DELETE /mlflow-artifacts/artifacts/<artifact_path>", ARTIFACT_PATH, DELETE);
        on("GET /mlflow-artifacts/artifacts", ARTIFACT_PATH, READ);
        on("POST /mlflow-artifacts/mpu/create/<artifact_path>", ARTIFACT_PATH, UPDATE);
        on("POST /mlflow-artifacts/mpu/complete/<artifact_path>", ARTIFACT_PATH, UPDATE);
        on("POST /mlflow-artifacts/mpu/abort/<artifact_path>", ARTIFACT_PATH, UPDATE);

        on("GET /mlflow/artifacts/list", RUN, READ);
        on("GET /get-artifact", RUN, READ);

        user("POST /mlflow/experiments/create");
        on("GET /mlflow/experiments/get", EXPERIMENT, READ);
        on("GET /mlflow/experiments/get-by-name", EXPERIMENT_NAME, READ);
        user("GET /mlflow/experiments/search");
        user("POST /mlflow/experiments/search");
        on("POST /mlflow/experiments/update", EXPERIMENT, UPDATE);
        on("POST /mlflow/experiments/delete", EXPERIMENT, DELETE);
        on("POST /mlflow/experiments/restore", EXPERIMENT, DELETE);
        on("POST /mlflow/experiments/set-experiment-tag", EXPERIMENT, UPDATE);
        on("POST /mlflow/experiments/delete-experiment-tag", EXPERIMENT, UPDATE);
        on("POST /mlflow/experiments/search-datasets", EXPERIMENTS, READ);

        // Traces follow their experiment: writing needs UPDATE on it, reading READ. Searches are
        // filtered in SQL to readable experiments; a trace that does not exist is answered 404.
        on("POST /mlflow/traces", TRACE_DESTINATION, UPDATE);
        on("GET /mlflow/traces", EXPERIMENTS, READ);
        user("POST /mlflow/traces/search");
        on("GET /mlflow/traces/get", TRACE, READ);
        on("GET /mlflow/traces/batchGet", TRACES, READ);
        on("POST /mlflow/traces/batchGetInfos", TRACES, READ);
        on("POST /mlflow/traces/delete-traces", EXPERIMENT, DELETE);
        on("GET /mlflow/traces/{trace_id}", TRACE, READ);
        on("PATCH /mlflow/traces/{trace_id}/tags", TRACE, UPDATE);
        on("DELETE /mlflow/traces/{trace_id}/tags", TRACE, DELETE);
        on("POST /mlflow/traces/{trace_id}/assessments", TRACE, UPDATE);
        on("GET /mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACE, READ);
        on("PATCH /mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACE, UPDATE);
        on("DELETE /mlflow/traces/{trace_id}/assessments/{assessment_id}", TRACE, DELETE);
        on("POST /mlflow/traces/link-to-run", RUN, UPDATE);
        on("POST /mlflow/traces/link-prompts", TRACE, UPDATE);
        on("GET /mlflow/traces/{request_id}/info", TRACE, READ);
        on("PATCH /mlflow/traces/{request_id}", TRACE, UPDATE);
        on("PATCH /mlflow/traces/{request_id}/tags", TRACE, UPDATE);
        on("DELETE /mlflow/traces/{request_id}/tags", TRACE, DELETE);
        on("GET /mlflow/get-trace-artifact", TRACE, READ);
        // The UI's other GenAI pages: the ones that name experiments ask for READ on each.
        on("POST /mlflow/traces/metrics", EXPERIMENTS, READ);
        user("GET /mlflow/gateway-proxy");
        user("POST /mlflow/gateway-proxy");
        user("GET /mlflow/assistant/config");
        user("GET /mlflow/assistant/providers");
        on("POST /mlflow/artifacts/presigned-download-url", RUN, READ);

        // Scorers belong to their experiment (Labbook has no scorer-level grants): registering and
        // the online config need UPDATE on it, reading READ, deleting a version or the scorer DELETE.
        // Listing without an experiment returns only scorers of experiments the caller may read.
        on("POST /mlflow/scorers/register", EXPERIMENT, UPDATE);
        on("GET /mlflow/scorers/list", OPTIONAL_EXPERIMENT, READ);
        on("GET /mlflow/scorers/versions", EXPERIMENT, READ);
        on("GET /mlflow/scorers/get", EXPERIMENT, READ);
        on("DELETE /mlflow/scorers/delete", EXPERIMENT, DELETE);
        on("GET /mlflow/scorers/online-configs", SCORER_CONFIGS, READ);
        on("PUT /mlflow/scorers/online-config", NAMED_EXPERIMENT, UPDATE);
        // Issues belong to their experiment; as in MLflow, creating or searching without an
        // experiment_id, or naming an issue that does not exist, is refused (only admins pass).
        on("POST /mlflow/issues", NAMED_EXPERIMENT, UPDATE);
        on("POST /mlflow/issues/search", NAMED_EXPERIMENT, READ);
        on("GET /mlflow/issues/{issue_id}", ISSUE, READ);
        on("PATCH /mlflow/issues/{issue_id}", ISSUE, UPDATE);
        // Label schemas and review queues follow their experiment, as in MLflow: questions are managed
        // with MANAGE; a queue is created with EDIT and then governed by its owner and assigned users.
        on("POST /mlflow/label-schemas/create", EXPERIMENT, MANAGE);
        on("GET /mlflow/label-schemas/get", LABEL_SCHEMA, READ);
        on("GET /mlflow/label-schemas/get-by-name", EXPERIMENT, READ);
        on("GET /mlflow/label-schemas/list", EXPERIMENT, READ);
        on("PATCH /mlflow/label-schemas/update", LABEL_SCHEMA, MANAGE);
        on("DELETE /mlflow/label-schemas/delete", LABEL_SCHEMA, MANAGE);
        on("POST /mlflow/review-queues/create", EXPERIMENT, UPDATE);
        on("POST /mlflow/review-queues/get-or-create-user", EXPERIMENT, UPDATE);
        queue("GET /mlflow/review-queues/get", Rule.QueueAccess.VIEW);
        queue("GET /mlflow/review-queues/get-by-name", Rule.QueueAccess.VIEW_BY_NAME);
        // Listed to READ; the handler shows a caller without EDIT only the queues they are assigned to.
        on("GET /mlflow/review-queues/list", EXPERIMENT, READ);
        queue("POST /mlflow/review-queues/update", Rule.QueueAccess.EDIT);
        queue("POST /mlflow/review-queues/delete", Rule.QueueAccess.PRUNE);
        on("POST /mlflow/review-queues/items/add", REVIEW_QUEUE, UPDATE);
        queue("POST /mlflow/review-queues/items/remove", Rule.QueueAccess.PRUNE);
        queue("GET /mlflow/review-queues/items/list", Rule.QueueAccess.VIEW);
        queue("POST /mlflow/review-queues/items/set-status", Rule.QueueAccess.REVIEW);
        // Evaluation datasets follow their experiments (MLflow's dataset validators): create and search
        // must name experiments, with UPDATE or READ on each; the {dataset_id} routes need the level
        // on every experiment the dataset belongs to; add-experiments also UPDATE on the ones added.
        on("POST /mlflow/datasets/create", SCOPING_EXPERIMENTS, UPDATE);
        on("GET /mlflow/datasets/search", SCOPING_EXPERIMENTS, READ);
        on("POST /mlflow/datasets/search", SCOPING_EXPERIMENTS, READ);
        on("GET /mlflow/datasets/{dataset_id}", DATASET, READ);
        on("DELETE /mlflow/datasets/{dataset_id}", DATASET, DELETE);
        on("PATCH /mlflow/datasets/{dataset_id}/tags", DATASET, UPDATE);
        on("DELETE /mlflow/datasets/{dataset_id}/tags/{key}", DATASET, UPDATE);
        on("POST /mlflow/datasets/{dataset_id}/records", DATASET, UPDATE);
        on("GET /mlflow/datasets/{dataset_id}/records", DATASET, READ);
        on("DELETE /mlflow/datasets/{dataset_id}/records", DATASET, UPDATE);
        on("GET /mlflow/datasets/{dataset_id}/experiment-ids", DATASET, READ);
        on("POST /mlflow/datasets/{dataset_id}/add-experiments", DATASET_AND_EXPERIMENTS, UPDATE);
        on("POST /mlflow/datasets/{dataset_id}/remove-experiments", DATASET, UPDATE);

        on("POST /mlflow/runs/create", EXPERIMENT, UPDATE);
        on("GET /mlflow/runs/get", RUN, READ);
        on("POST /mlflow/runs/update", RUN, UPDATE);
        on("POST /mlflow/runs/delete", RUN, DELETE);
        on("POST /mlflow/runs/restore", RUN, DELETE);
        user("POST /mlflow/runs/search");
        on("POST /mlflow/runs/set-tag", RUN, UPDATE);
        on("POST /mlflow/runs/delete-tag", RUN, UPDATE);
        on("POST /mlflow/runs/log-parameter", RUN, UPDATE);
        on("POST /mlflow/runs/log-metric", RUN, UPDATE);
        on("POST /mlflow/runs/log-batch", RUN, UPDATE);
        on("POST /mlflow/runs/log-inputs", RUN, UPDATE);
        on("POST /mlflow/runs/outputs", RUN, UPDATE);

        on("POST /mlflow/logged-models", EXPERIMENT, UPDATE);
        user("POST /mlflow/logged-models/search");
        on("GET /mlflow/logged-models/{model_id}", LOGGED_MODEL, READ);
        on("PATCH /mlflow/logged-models/{model_id}", LOGGED_MODEL, UPDATE);
        on("DELETE /mlflow/logged-models/{model_id}", LOGGED_MODEL, DELETE);
        on("PATCH /mlflow/logged-models/{model_id}/tags", LOGGED_MODEL, UPDATE);
        on("DELETE /mlflow/logged-models/{model_id}/tags/{tag_key}", LOGGED_MODEL, DELETE);
        on("POST /mlflow/logged-models/{model_id}/params", LOGGED_MODEL, UPDATE);
        on("GET /mlflow/logged-models/{model_id}/artifacts/directories", LOGGED_MODEL, READ);
        on("GET /mlflow/logged-models/{model_id}/artifacts/files", LOGGED_MODEL, READ);

        user("POST /mlflow/registered-models/create");
        on("GET /mlflow/registered-models/get", REGISTERED_MODEL, READ);
        on("POST /mlflow/registered-models/rename", REGISTERED_MODEL, UPDATE);
        on("PATCH /mlflow/registered-models/update", REGISTERED_MODEL, UPDATE);
        on("DELETE /mlflow/registered-models/delete", REGISTERED_MODEL, DELETE);
        user("GET /mlflow/registered-models/search");
        on("POST /mlflow/registered-models/get-latest-versions", REGISTERED_MODEL, READ);
        on("GET /mlflow/registered-models/get-latest-versions", REGISTERED_MODEL, READ);
        on("POST /mlflow/registered-models/set-tag", REGISTERED_MODEL, UPDATE);
        on("DELETE /mlflow/registered-models/delete-tag", REGISTERED_MODEL, UPDATE);
        on("POST /mlflow/registered-models/alias", REGISTERED_MODEL, UPDATE);
        on("DELETE /mlflow/registered-models/alias", REGISTERED_MODEL, DELETE);
        on("GET /mlflow/registered-models/alias", REGISTERED_MODEL, READ);
        on("POST /mlflow/model-versions/create", REGISTERED_MODEL, UPDATE);
        on("GET /mlflow/model-versions/get", REGISTERED_MODEL, READ);
        on("PATCH /mlflow/model-versions/update", REGISTERED_MODEL, UPDATE);
        on("DELETE /mlflow/model-versions/delete", REGISTERED_MODEL, DELETE);
        user("GET /mlflow/model-versions/search");
        on("POST /mlflow/model-versions/transition-stage", REGISTERED_MODEL, UPDATE);
        on("POST /mlflow/model-versions/set-tag", REGISTERED_MODEL, UPDATE);
        on("DELETE /mlflow/model-versions/delete-tag", REGISTERED_MODEL, DELETE);
        on("GET /mlflow/model-versions/get-download-uri", REGISTERED_MODEL, READ);
        on("GET /model-versions/get-artifact", REGISTERED_MODEL, READ);

        on("GET /mlflow/metrics/get-history", RUN, READ);
        on("GET /mlflow/metrics/get-history-bulk-interval", RUNS, READ);
        on("GET /mlflow/metrics/get-history-bulk", RUNS, READ);

        user("GET /");
        open("GET /static-files/<path>");
        user("GET /mlflow/ui-telemetry");
        user("POST /mlflow/ui-telemetry");
        user("GET /graphql");
        user("POST /graphql");

        // Users and permissions (MLflow's basic-auth app)
        admin("POST /mlflow/users/create");
        self("GET /mlflow/users/get");
        user("GET /mlflow/users/current");
        user("GET /mlflow/users/list");
        self("PATCH /mlflow/users/update-password");
        admin("PATCH /mlflow/users/update-admin");
        admin("DELETE /mlflow/users/delete");
        on("POST /mlflow/users/permissions/grant", GRANT_TARGET, MANAGE);
        on("POST /mlflow/users/permissions/revoke", GRANT_TARGET, MANAGE);
        self("GET /mlflow/users/permissions/get");
        on("POST /mlflow/experiments/permissions/create", EXPERIMENT, MANAGE);
        on("GET /mlflow/experiments/permissions/get", EXPERIMENT, MANAGE);
        on("PATCH /mlflow/experiments/permissions/update", EXPERIMENT, MANAGE);
        on("DELETE /mlflow/experiments/permissions/delete", EXPERIMENT, MANAGE);
        on("POST /mlflow/registered-models/permissions/create", REGISTERED_MODEL, MANAGE);
        on("GET /mlflow/registered-models/permissions/get", REGISTERED_MODEL, MANAGE);
        on("PATCH /mlflow/registered-models/permissions/update", REGISTERED_MODEL, MANAGE);
        on("DELETE /mlflow/registered-models/permissions/delete", REGISTERED_MODEL, MANAGE);

        // Labbook's API tokens: each user manages their own
        user("POST /labbook/tokens/create");
        user("GET /labbook/tokens/list");
        user("POST /labbook/tokens/revoke");
    }

    private RoutePermissions() {}

    /** Every key of the table, for the test that checks each one names a real route. */
    static java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(TABLE.keySet());
    }

    /** The rule of a route, if the table has one. */
    public static Optional<Rule> of(Route route) {
        return Optional.ofNullable(TABLE.get(key(route)));
    }

    /** "METHOD /path" without the /api/x.y or /ajax-api/x.y prefix. */
    public static String key(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " "
                + route.path().replaceFirst("^/(api|ajax-api)/[0-9]+\\.[0-9]+(?=/)", "");
    }

    private static void put(String key, Rule rule) {
        if (TABLE.put(key, rule) != null) {
            throw new IllegalStateException("two permission rules for " + key);
        }
    }

    private static void open(String key) {
        put(key, new Rule.Public());
    }

    private static void user(String key) {
        put(key, new Rule.Authenticated());
    }

    private static void admin(String key) {
        put(key, new Rule.Admin());
    }

    private static void self(String key) {
        put(key, new Rule.Self());
    }

    private static void queue(String key, Rule.QueueAccess access) {
        put(key, new Rule.Queue(access));
    }

    private static void on(String key, Rule.Resource resource, Level level) {
        put(key, new Rule.On(resource, level));
    }
}
