package dev.labbook.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.artifacts.ArtifactHandlers;
import dev.labbook.auth.AuthHandlers;
import dev.labbook.evaldatasets.EvalDatasetHandlers;
import dev.labbook.experiments.ExperimentHandlers;
import dev.labbook.genai.GenAiRoutes;
import dev.labbook.loggedmodels.LoggedModelHandlers;
import dev.labbook.metrics.MetricHandlers;
import dev.labbook.monitoring.MetricsEndpoint;
import dev.labbook.registry.RegistryHandlers;
import dev.labbook.review.ReviewRoutes;
import dev.labbook.runs.RunHandlers;
import dev.labbook.traces.TraceRoutes;
import dev.labbook.ui.UiHandlers;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint Labbook serves, top to bottom. MLflow registers each protocol endpoint under
 * both /api and /ajax-api (the UI uses the latter); {@link #mlflow} does the same.
 */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();
    private final ObjectMapper mapper;
    private Route.Group group = Route.Group.SYSTEM;

    /**
     * With {@code auth} null (auth off) the auth routes answer a plain 404, as MLflow without its auth app;
     * {@code prometheus} answers {@code GET /metrics} (a plain 404 unless --expose-prometheus).
     */
    public RouteTable(ObjectMapper mapper, SystemHandlers system, ExperimentHandlers experiments, RunHandlers runs,
                      MetricHandlers metrics, ArtifactHandlers artifacts, LoggedModelHandlers loggedModels,
                      RegistryHandlers registry, TraceRoutes traces, GenAiRoutes genAi, ReviewRoutes review,
                      EvalDatasetHandlers evalDatasets, UiHandlers ui,
                      AuthHandlers auth, MetricsEndpoint prometheus) {
        this.mapper = mapper;

        raw(GET, "/health", system::health);
        raw(GET, "/health/ready", system::ready);
        raw(GET, "/version", system::version);
        mlflow("3.0", GET, "/server-info", system::serverInfo);
        raw(GET, "/metrics", prometheus::scrape);

        group = Route.Group.ARTIFACTS;
        artifacts(PUT, "/artifacts/<artifact_path>", artifacts::upload);
        artifacts(GET, "/artifacts/<artifact_path>", artifacts::download);
        artifacts(DELETE, "/artifacts/<artifact_path>", artifacts::delete);
        artifactsJson(GET, "/artifacts", artifacts::list);
        artifactsJson(POST, "/mpu/create/<artifact_path>", r -> artifacts.createMultipart(r, r.requiredString("artifact_path")));
        artifactsJson(POST, "/mpu/complete/<artifact_path>", r -> artifacts.completeMultipart(r, r.requiredString("artifact_path")));
        artifactsJson(POST, "/mpu/abort/<artifact_path>", r -> artifacts.abortMultipart(r, r.requiredString("artifact_path")));

        group = Route.Group.TRACKING;
        mlflow(GET, "/artifacts/list", artifacts::listRunArtifacts);
        raw(GET, "/get-artifact", artifacts::getRunArtifact);

        mlflow(POST, "/experiments/create", experiments::create);
        mlflow(GET, "/experiments/get", experiments::get);
        mlflow(GET, "/experiments/get-by-name", experiments::getByName);
        mlflow(GET, "/experiments/search", experiments::search);
        mlflow(POST, "/experiments/search", experiments::search);
        mlflow(POST, "/experiments/update", experiments::update);
        mlflow(POST, "/experiments/delete", experiments::delete);
        mlflow(POST, "/experiments/restore", experiments::restore);
        mlflow(POST, "/experiments/set-experiment-tag", experiments::setTag);
        mlflow(POST, "/experiments/delete-experiment-tag", experiments::deleteTag);
        ajaxOnly(POST, "/experiments/search-datasets", runs::searchDatasets);

        mlflow(POST, "/runs/create", runs::create);
        mlflow(GET, "/runs/get", runs::get);
        mlflow(POST, "/runs/update", runs::update);
        mlflow(POST, "/runs/delete", runs::delete);
        mlflow(POST, "/runs/restore", runs::restore);
        mlflow(POST, "/runs/search", runs::search);
        mlflow(POST, "/runs/set-tag", runs::setTag);
        mlflow(POST, "/runs/delete-tag", runs::deleteTag);
        mlflow(POST, "/runs/log-parameter", runs::logParam);
        mlflow(POST, "/runs/log-metric", runs::logMetric);
        mlflow(POST, "/runs/log-batch", runs::logBatch);
        mlflow(POST, "/runs/log-inputs", runs::logInputs);

        // Logged models (MLflow 3): begin
        mlflow(POST, "/logged-models", loggedModels::create);
        mlflow(POST, "/logged-models/search", loggedModels::search);
        mlflow(GET, "/logged-models/{model_id}", loggedModels::get);
        mlflow(PATCH, "/logged-models/{model_id}", loggedModels::finalizeModel);
        mlflow(DELETE, "/logged-models/{model_id}", loggedModels::delete);
        mlflow(PATCH, "/logged-models/{model_id}/tags", loggedModels::setTags);
        mlflow(DELETE, "/logged-models/{model_id}/tags/{tag_key}", loggedModels::deleteTag);
        mlflow(POST, "/logged-models/{model_id}/params", loggedModels::logParams);
        mlflow(GET, "/logged-models/{model_id}/artifacts/directories", loggedModels::listArtifacts);
        raw(GET, "/ajax-api/2.0/mlflow/logged-models/{model_id}/artifacts/files", loggedModels::getArtifact);
        mlflow(POST, "/runs/outputs", loggedModels::logOutputs);
        // Logged models: end

        // Model registry: begin
        mlflow(POST, "/registered-models/create", registry::createModel);
        mlflow(GET, "/registered-models/get", registry::getModel);
        mlflow(POST, "/registered-models/rename", registry::renameModel);
        mlflow(PATCH, "/registered-models/update", registry::updateModel);
        mlflow(DELETE, "/registered-models/delete", registry::deleteModel);
        mlflow(GET, "/registered-models/search", registry::searchModels);
        mlflow(POST, "/registered-models/get-latest-versions", registry::getLatestVersions);
        mlflow(GET, "/registered-models/get-latest-versions", registry::getLatestVersions);
        mlflow(POST, "/registered-models/set-tag", registry::setModelTag);
        mlflow(DELETE, "/registered-models/delete-tag", registry::deleteModelTag);
        mlflow(POST, "/registered-models/alias", registry::setAlias);
        mlflow(DELETE, "/registered-models/alias", registry::deleteAlias);
        mlflow(GET, "/registered-models/alias", registry::getVersionByAlias);
        mlflow(POST, "/model-versions/create", registry::createVersion);
        mlflow(GET, "/model-versions/get", registry::getVersion);
        mlflow(PATCH, "/model-versions/update", registry::updateVersion);
        mlflow(DELETE, "/model-versions/delete", registry::deleteVersion);
        mlflow(GET, "/model-versions/search", registry::searchVersions);
        mlflow(POST, "/model-versions/transition-stage", registry::transitionStage);
        mlflow(POST, "/model-versions/set-tag", registry::setVersionTag);
        mlflow(DELETE, "/model-versions/delete-tag", registry::deleteVersionTag);
        mlflow(GET, "/model-versions/get-download-uri", registry::getDownloadUri);
        raw(GET, "/model-versions/get-artifact", registry::getArtifact);
        // Model registry: end

        // Traces and assessments (MLflow 3 tracing): begin
        raw(POST, "/v1/traces", traces.otlp()::export);
        // Fixed paths before {trace_id}, which would match them too.
        mlflow("3.0", POST, "/traces", traces.traces()::startTrace);
        mlflow("3.0", POST, "/traces/search", traces.traces()::search);
        mlflow("3.0", GET, "/traces/get", traces.traces()::getTrace);
        mlflow("3.0", GET, "/traces/batchGet", traces.traces()::batchGet);
        mlflow("3.0", POST, "/traces/batchGetInfos", traces.traces()::batchGetInfos);
        mlflow("3.0", POST, "/traces/delete-traces", traces.traces()::delete);
        mlflow("3.0", POST, "/traces/metrics", traces.metrics()::query);
        mlflow("3.0", GET, "/traces/{trace_id}", traces.traces()::getInfo);
        mlflow("3.0", PATCH, "/traces/{trace_id}/tags", traces.traces()::setTag);
        mlflow("3.0", DELETE, "/traces/{trace_id}/tags", traces.traces()::deleteTag);
        mlflow("3.0", POST, "/traces/{trace_id}/assessments", traces.assessments()::create);
        mlflow("3.0", GET, "/traces/{trace_id}/assessments/{assessment_id}", traces.assessments()::get);
        mlflow("3.0", PATCH, "/traces/{trace_id}/assessments/{assessment_id}", traces.assessments()::update);
        mlflow("3.0", DELETE, "/traces/{trace_id}/assessments/{assessment_id}", traces.assessments()::delete);
        // The deprecated v2 calls, which the client falls back to on older servers.
        mlflow(POST, "/traces", traces.traces()::startTraceV2);
        mlflow(GET, "/traces", traces.traces()::searchV2);
        mlflow(POST, "/traces/delete-traces", traces.traces()::delete);
        mlflow(POST, "/traces/link-to-run", traces.traces()::linkToRun);
        mlflow(POST, "/traces/link-prompts", traces.traces()::linkPrompts);
        mlflow(GET, "/traces/{request_id}/info", traces.traces()::getInfoV2);
        mlflow(PATCH, "/traces/{request_id}", traces.traces()::endTraceV2);
        mlflow(PATCH, "/traces/{request_id}/tags", traces.traces()::setTag);
        mlflow(DELETE, "/traces/{request_id}/tags", traces.traces()::deleteTag);
        raw(GET, "/ajax-api/2.0/mlflow/get-trace-artifact", traces.artifacts()::get);
        raw(GET, "/ajax-api/3.0/mlflow/get-trace-artifact", traces.artifacts()::get);
        // Traces and assessments: end

        // Scorers (MLflow 3 GenAI): begin
        mlflow("3.0", POST, "/scorers/register", genAi.scorers()::register);
        mlflow("3.0", GET, "/scorers/list", genAi.scorers()::list);
        mlflow("3.0", GET, "/scorers/versions", genAi.scorers()::versions);
        mlflow("3.0", GET, "/scorers/get", genAi.scorers()::get);
        mlflow("3.0", DELETE, "/scorers/delete", genAi.scorers()::delete);
        mlflow("3.0", GET, "/scorers/online-configs", genAi.scorers()::configs);
        mlflow("3.0", PUT, "/scorers/online-config", genAi.scorers()::upsertConfig);
        // Scorers: end

        // Issues (MLflow 3 GenAI): begin
        mlflow("3.0", POST, "/issues", genAi.issues()::create);
        mlflow("3.0", POST, "/issues/search", genAi.issues()::search);
        mlflow("3.0", GET, "/issues/{issue_id}", genAi.issues()::get);
        mlflow("3.0", PATCH, "/issues/{issue_id}", genAi.issues()::update);
        // Issues: end

        // Label schemas and review queues (the UI's Review page): begin
        mlflow("3.0", POST, "/label-schemas/create", review.labelSchemas()::create);
        mlflow("3.0", GET, "/label-schemas/get", review.labelSchemas()::get);
        mlflow("3.0", GET, "/label-schemas/get-by-name", review.labelSchemas()::getByName);
        mlflow("3.0", GET, "/label-schemas/list", review.labelSchemas()::list);
        mlflow("3.0", PATCH, "/label-schemas/update", review.labelSchemas()::update);
        mlflow("3.0", DELETE, "/label-schemas/delete", review.labelSchemas()::delete);
        mlflow("3.0", POST, "/review-queues/create", review.queues()::create);
        mlflow("3.0", POST, "/review-queues/get-or-create-user", review.queues()::getOrCreateUserQueue);
        mlflow("3.0", GET, "/review-queues/get", review.queues()::get);
        mlflow("3.0", GET, "/review-queues/get-by-name", review.queues()::getByName);
        mlflow("3.0", GET, "/review-queues/list", review.queues()::list);
        mlflow("3.0", POST, "/review-queues/update", review.queues()::update);
        mlflow("3.0", POST, "/review-queues/delete", review.queues()::delete);
        mlflow("3.0", POST, "/review-queues/items/add", review.queues()::addItems);
        mlflow("3.0", POST, "/review-queues/items/remove", review.queues()::removeItems);
        mlflow("3.0", GET, "/review-queues/items/list", review.queues()::listItems);
        mlflow("3.0", POST, "/review-queues/items/set-status", review.queues()::setItemStatus);
        // Label schemas and review queues: end

        // Evaluation datasets (MLflow 3 GenAI): begin
        // Fixed paths before {dataset_id}, which would match them too.
        mlflow("3.0", POST, "/datasets/create", evalDatasets::create);
        mlflow("3.0", GET, "/datasets/search", evalDatasets::search);
        mlflow("3.0", POST, "/datasets/search", evalDatasets::search);
        mlflow("3.0", GET, "/datasets/{dataset_id}", evalDatasets::get);
        mlflow("3.0", DELETE, "/datasets/{dataset_id}", evalDatasets::delete);
        mlflow("3.0", PATCH, "/datasets/{dataset_id}/tags", evalDatasets::setTags);
        mlflow("3.0", DELETE, "/datasets/{dataset_id}/tags/{key}", evalDatasets::deleteTag);
        mlflow("3.0", POST, "/datasets/{dataset_id}/records", evalDatasets::upsertRecords);
        mlflow("3.0", GET, "/datasets/{dataset_id}/records", evalDatasets::records);
        mlflow("3.0", DELETE, "/datasets/{dataset_id}/records", evalDatasets::deleteRecords);
        mlflow("3.0", GET, "/datasets/{dataset_id}/experiment-ids", evalDatasets::experimentIds);
        mlflow("3.0", POST, "/datasets/{dataset_id}/add-experiments", evalDatasets::addToExperiments);
        mlflow("3.0", POST, "/datasets/{dataset_id}/remove-experiments", evalDatasets::removeFromExperiments);
        // Evaluation datasets: end

        mlflow(GET, "/metrics/get-history", metrics::getHistory);
        mlflow(GET, "/metrics/get-history-bulk-interval", metrics::getHistoryBulkInterval);
        ajaxOnly(GET, "/metrics/get-history-bulk", metrics::getHistoryBulk);

        // Web UI: begin
        raw(GET, "/", ui::index);
        raw(GET, "/static-files/<path>", ui::staticFile);
        routes.add(new Route(GET, "/ajax-api/3.0/mlflow/ui-telemetry", group, new JsonEndpoint(ui::telemetryConfig, mapper)));
        routes.add(new Route(POST, "/ajax-api/3.0/mlflow/ui-telemetry", group, new JsonEndpoint(ui::telemetryRecords, mapper)));
        raw(GET, "/graphql", ui::graphql);
        raw(POST, "/graphql", ui::graphql);
        ajax("3.0", GET, "/assistant/config", ui.assistant()::config);
        ajax("3.0", GET, "/assistant/providers", ui.assistant()::providers);
        ajax("2.0", POST, "/artifacts/presigned-download-url", ui.presigned()::create);
        ajax("2.0", GET, "/gateway-proxy", ui.genAi()::gatewayProxy);
        ajax("2.0", POST, "/gateway-proxy", ui.genAi()::gatewayProxy);
        // Web UI: end

        // Auth: begin
        authRoute("2.0", POST, "/users/create", auth == null ? null : auth::createUser);
        authRoute("2.0", GET, "/users/get", auth == null ? null : auth::getUser);
        authRoute("2.0", GET, "/users/current", auth == null ? null : auth::currentUser);
        authRoute("2.0", GET, "/users/list", auth == null ? null : auth::listUsers);
        authRoute("2.0", PATCH, "/users/update-password", auth == null ? null : auth::updatePassword);
        authRoute("2.0", PATCH, "/users/update-admin", auth == null ? null : auth::updateAdmin);
        authRoute("2.0", DELETE, "/users/delete", auth == null ? null : auth::deleteUser);
        authRoute("3.0", POST, "/users/permissions/grant", auth == null ? null : auth::grantPermission);
        authRoute("3.0", POST, "/users/permissions/revoke", auth == null ? null : auth::revokePermission);
        authRoute("3.0", GET, "/users/permissions/get", auth == null ? null : auth::getPermission);
        authRoute("2.0", POST, "/experiments/permissions/create", auth == null ? null : auth::createExperimentPermission);
        authRoute("2.0", GET, "/experiments/permissions/get", auth == null ? null : auth::getExperimentPermission);
        authRoute("2.0", PATCH, "/experiments/permissions/update", auth == null ? null : auth::updateExperimentPermission);
        authRoute("2.0", DELETE, "/experiments/permissions/delete", auth == null ? null : auth::deleteExperimentPermission);
        authRoute("2.0", POST, "/registered-models/permissions/create", auth == null ? null : auth::createModelPermission);
        authRoute("2.0", GET, "/registered-models/permissions/get", auth == null ? null : auth::getModelPermission);
        authRoute("2.0", PATCH, "/registered-models/permissions/update", auth == null ? null : auth::updateModelPermission);
        authRoute("2.0", DELETE, "/registered-models/permissions/delete", auth == null ? null : auth::deleteModelPermission);
        labbookRoute(POST, "/tokens/create", auth == null ? null : auth::createToken);
        labbookRoute(GET, "/tokens/list", auth == null ? null : auth::listTokens);
        labbookRoute(POST, "/tokens/revoke", auth == null ? null : auth::revokeToken);
        // Auth: end
    }

    // Auth: begin
    /** MLflow's basic-auth routes; without --auth they do not exist (plain 404, like any unknown path). */
    private void authRoute(String version, HandlerType method, String path, ApiHandler handler) {
        both(method, version + "/mlflow" + path, handler == null ? RouteTable::notFound : new JsonEndpoint(handler, mapper));
    }

    /** Labbook's own endpoints (not MLflow's protocol) live under /api/2.0/labbook. */
    private void labbookRoute(HandlerType method, String path, ApiHandler handler) {
        both(method, "2.0/labbook" + path, handler == null ? RouteTable::notFound : new JsonEndpoint(handler, mapper));
    }

    private static void notFound(io.javalin.http.Context ctx) {
        ctx.status(404).contentType("text/plain").result("Not Found");
    }
    // Auth: end

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void mlflow(HandlerType method, String path, ApiHandler handler) {
        mlflow("2.0", method, path, handler);
    }

    private void mlflow(String version, HandlerType method, String path, ApiHandler handler) {
        both(method, version + "/mlflow" + path, new JsonEndpoint(handler, mapper));
    }

    /** MLflow's artifact proxy service; paths in angle brackets may contain slashes. */
    private void artifacts(HandlerType method, String path, Handler handler) {
        both(method, "2.0/mlflow-artifacts" + path, handler);
    }

    private void artifactsJson(HandlerType method, String path, ApiHandler handler) {
        artifacts(method, path, new JsonEndpoint(handler, mapper));
    }

    private void both(HandlerType method, String versionedPath, Handler handler) {
        routes.add(new Route(method, "/api/" + versionedPath, group, handler));
        routes.add(new Route(method, "/ajax-api/" + versionedPath, group, handler));
    }

    /** Endpoints MLflow serves only to its UI. */
    private void ajaxOnly(HandlerType method, String path, ApiHandler handler) {
        routes.add(new Route(method, "/ajax-api/2.0/mlflow" + path, group, new JsonEndpoint(handler, mapper)));
    }

    /** An endpoint of the UI's own, under /ajax-api/<version>/mlflow only. */
    private void ajax(String version, HandlerType method, String path, ApiHandler handler) {
        routes.add(new Route(method, "/ajax-api/" + version + "/mlflow" + path, group, new JsonEndpoint(handler, mapper)));
    }

    private void raw(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method, path, group, handler));
    }
}
