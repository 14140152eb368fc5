package dev.labbook.traces;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.JsonObject;
import java.util.List;

/** HTTP for QueryTraceMetrics, the call behind the UI's experiment dashboards and the GenAI overview pages. */
public final class TraceMetricsHandlers {
    /** MAX_RESULTS_QUERY_TRACE_METRICS. */
    static final long DEFAULT_MAX_RESULTS = 1000;

    private final TraceMetricsService metrics;

    public TraceMetricsHandlers(TraceMetricsService metrics) {
        this.metrics = metrics;
    }

    /**
     * POST /api/3.0/mlflow/traces/metrics. The fields are checked in the order of MLflow's request schema,
     * then the aggregations as MLflow builds them, then the query as its store checks it. page_token is
     * accepted and ignored and no next_page_token is sent: MLflow 3.18 does not page this call either.
     */
    public Object query(ApiRequest req) {
        List<String> experimentIds = req.stringList("experiment_ids");
        if (!req.has("experiment_ids")) {
            throw req.missing("experiment_ids");
        }
        String view = req.optionalEnum("view_type");
        if (view == null) {
            throw req.missing("view_type");
        }
        String metricName = req.requiredString("metric_name");
        List<ApiRequest> aggregations = req.objectList("aggregations");
        if (!req.has("aggregations")) {
            throw req.missing("aggregations");
        }
        List<String> dimensions = req.stringList("dimensions");
        List<String> filters = req.stringList("filters");
        Long interval = req.optionalLong("time_interval_seconds");
        Long start = req.optionalLong("start_time_ms");
        Long end = req.optionalLong("end_time_ms");
        Long maxResults = req.optionalLong("max_results");
        req.optionalString("page_token");
        TraceMetricsQuery query = TraceMetricsQuery.of(experimentIds, TraceMetricsView.parse(view), metricName,
                aggregations.stream().map(TraceMetricsAggregation::parse).toList(), dimensions, filters, interval,
                start, end, maxResults == null ? DEFAULT_MAX_RESULTS : maxResults);
        List<JsonObject> points = metrics.query(query).stream().map(TraceMetricsPoint::json).toList();
        return JsonObject.empty().with("data_points", points);
    }
}
