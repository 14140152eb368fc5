package dev.labbook.traces;

import dev.labbook.http.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One MetricDataPoint: the metric, its dimension values (time_bucket first) and one value per aggregation label. */
record TraceMetricsPoint(String metricName, Map<String, String> dimensions, Map<String, Double> values) {
    static final String TIME_BUCKET = "time_bucket";
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /**
     * The point of one group, or null when no aggregation has a value (MLflow drops those). Buckets are
     * whole seconds, written as Python's datetime.isoformat() writes a UTC time.
     */
    static TraceMetricsPoint of(TraceMetricsQuery q, Long bucketMs, List<String> dimensionValues,
                                java.util.function.Function<TraceMetricsAggregation, Double> value) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (TraceMetricsAggregation a : q.aggregations()) {
            Double v = value.apply(a);
            if (v != null) {
                values.put(a.label(), v);
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Map<String, String> dims = new LinkedHashMap<>();
        if (bucketMs != null) {
            dims.put(TIME_BUCKET, isoBucket(bucketMs));
        }
        for (int i = 0; i < q.dimensions().size(); i++) {
            dims.put(q.dimensions().get(i).wire(), dimensionValues.get(i));
        }
        return new TraceMetricsPoint(q.metric().wire(), dims, values);
    }

    static String isoBucket(long ms) {
        return ISO_SECONDS.format(Instant.ofEpochMilli(ms)) + "+00:00";
    }

    JsonObject json() {
        JsonObject point = JsonObject.empty().with("metric_name", metricName);
        if (!dimensions.isEmpty()) {
            point.with("dimensions", dimensions);
        }
        return point.with("values", values);
    }
}
