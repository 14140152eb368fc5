package dev.labbook.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.experiments.ExperimentHandlers;
import dev.labbook.metrics.MetricHandlers;
import dev.labbook.runs.RunHandlers;
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

    public RouteTable(ObjectMapper mapper, SystemHandlers system, ExperimentHandlers experiments, RunHandlers runs,
                      MetricHandlers metrics) {
        this.mapper = mapper;

        raw(GET, "/health", system::health);
        raw(GET, "/version", system::version);
        mlflow("3.0", GET, "/server-info", system::serverInfo);
        raw(POST, "/v1/traces", system::otlpTraces);

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

        mlflow(GET, "/metrics/get-history", metrics::getHistory);
        mlflow(GET, "/metrics/get-history-bulk-interval", metrics::getHistoryBulkInterval);
        ajaxOnly(GET, "/metrics/get-history-bulk", metrics::getHistoryBulk);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void mlflow(HandlerType method, String path, ApiHandler handler) {
        mlflow("2.0", method, path, handler);
    }

    private void mlflow(String version, HandlerType method, String path, ApiHandler handler) {
        Handler endpoint = new JsonEndpoint(handler, mapper);
        routes.add(new Route(method, "/api/" + version + "/mlflow" + path, endpoint));
        routes.add(new Route(method, "/ajax-api/" + version + "/mlflow" + path, endpoint));
    }

    /** Endpoints MLflow serves only to its UI. */
    private void ajaxOnly(HandlerType method, String path, ApiHandler handler) {
        routes.add(new Route(method, "/ajax-api/2.0/mlflow" + path, new JsonEndpoint(handler, mapper)));
    }

    private void raw(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method, path, handler));
    }
}
