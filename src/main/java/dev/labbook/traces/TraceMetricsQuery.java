package dev.labbook.traces;

import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked QueryTraceMetrics request. {@code intervalSeconds} is null when no time buckets are asked
 * (absent or 0, which MLflow treats alike); {@code maxResults} below zero means no limit, as SQLite's
 * LIMIT -1 gives MLflow's default store.
 */
record TraceMetricsQuery(List<Long> experimentIds, TraceMetricsKey metric, List<TraceMetricsAggregation> aggregations,
                         List<TraceMetricsDimension> dimensions, List<TraceMetricsFilter> filters, Long intervalSeconds,
                         Long startMs, Long endMs, long maxResults) {

    TraceMetricsQuery {
        experimentIds = List.copyOf(experimentIds);
        aggregations = List.copyOf(aggregations);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
    }

    /** MLflow's checks in MLflow's order, so that a request with several faults gets MLflow's first message. */
    static TraceMetricsQuery of(List<String> experimentIds, TraceMetricsView view, String metricName,
                                List<TraceMetricsAggregation> aggregations, List<String> dimensions,
                                List<String> filters, Long intervalSeconds, Long startMs, Long endMs,
                                long maxResults) {
        TraceMetricsKey metric = TraceMetricsKey.of(view, metricName);
        metric.checkAggregations(aggregations);
        List<TraceMetricsDimension> dims = metric.checkDimensions(dimensions);
        Long interval = intervalSeconds == null || intervalSeconds == 0 ? null : intervalSeconds;
        if (interval != null && (startMs == null || endMs == null)) {
            throw MlflowException.invalidParameter(
                    "start_time_ms and end_time_ms are required if time_interval_seconds is set");
        }
        List<Long> ids = experimentIds.stream().map(Validation::experimentId).toList();
        List<TraceMetricsFilter> parsed = new ArrayList<>();
        for (String filter : filters) {
            parsed.add(checkView(TraceMetricsFilter.parse(filter), view));
        }
        if (aggregations.isEmpty() && dims.isEmpty() && interval == null) {
            // MLflow's query then selects nothing, which SQLAlchemy refuses as a bad request.
            throw new MlflowException(ErrorCode.BAD_REQUEST, "Query contains no columns with which to SELECT from.");
        }
        return new TraceMetricsQuery(ids, metric, aggregations, dims, parsed, interval, startMs, endMs, maxResults);
    }

    private static TraceMetricsFilter checkView(TraceMetricsFilter filter, TraceMetricsView view) {
        if (filter.view().equals(TraceMetricsFilter.SPAN) && view != TraceMetricsView.SPANS) {
            throw MlflowException.invalidParameter(
                    "Filtering by span is only supported for SPANS view type, got " + view);
        }
        if (filter.view().equals(TraceMetricsFilter.ASSESSMENT) && view != TraceMetricsView.ASSESSMENTS) {
            throw MlflowException.invalidParameter(
                    "Filtering by assessment is only supported for ASSESSMENTS view type, got " + view);
        }
        return filter;
    }

    TraceMetricsView view() {
        return metric.view();
    }

    boolean hasPercentile() {
        return aggregations.stream().anyMatch(a -> a.type() == TraceMetricsAggregation.Type.PERCENTILE);
    }

    /** Whether some dimension is read from the spans' JSON content rather than from a column. */
    boolean groupsBySpanContent() {
        return dimensions.stream().anyMatch(d -> d.spanAttribute() != null);
    }
}
