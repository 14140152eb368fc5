package dev.labbook.traces;

import static dev.labbook.traces.TraceMetricsAggregation.Type.AVG;
import static dev.labbook.traces.TraceMetricsAggregation.Type.COUNT;
import static dev.labbook.traces.TraceMetricsAggregation.Type.MAX;
import static dev.labbook.traces.TraceMetricsAggregation.Type.MIN;
import static dev.labbook.traces.TraceMetricsAggregation.Type.PERCENTILE;
import static dev.labbook.traces.TraceMetricsAggregation.Type.SUM;
import static dev.labbook.traces.TraceMetricsDimension.ASSESSMENT_NAME;
import static dev.labbook.traces.TraceMetricsDimension.ASSESSMENT_VALUE;
import static dev.labbook.traces.TraceMetricsDimension.SPAN_MODEL_NAME;
import static dev.labbook.traces.TraceMetricsDimension.SPAN_MODEL_PROVIDER;
import static dev.labbook.traces.TraceMetricsDimension.SPAN_NAME;
import static dev.labbook.traces.TraceMetricsDimension.SPAN_STATUS;
import static dev.labbook.traces.TraceMetricsDimension.SPAN_TYPE;
import static dev.labbook.traces.TraceMetricsDimension.TRACE_NAME;
import static dev.labbook.traces.TraceMetricsDimension.TRACE_STATUS;
import static dev.labbook.traces.TraceMetricsView.ASSESSMENTS;
import static dev.labbook.traces.TraceMetricsView.SPANS;
import static dev.labbook.traces.TraceMetricsView.TRACES;

import dev.labbook.http.MlflowException;
import dev.labbook.traces.TraceMetricsAggregation.Type;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every metric MLflow 3.18 can query, per view, with the aggregations and dimensions it allows
 * (VIEW_TYPE_CONFIGS in MLflow's sql_trace_metrics_utils), in MLflow's order, which its error messages
 * list. {@link Source} says where a metric's value comes from in Labbook's tables.
 */
enum TraceMetricsKey {
    TRACE_COUNT(TRACES, "trace_count", Source.ROWS, EnumSet.of(COUNT), Set.of(TRACE_NAME, TRACE_STATUS)),
    SESSION_COUNT(TRACES, "session_count", Source.SESSIONS, EnumSet.of(COUNT), Set.of()),
    TRACE_LATENCY(TRACES, "latency", Source.COLUMN, Measures.STATS, Set.of(TRACE_NAME)),
    INPUT_TOKENS(TRACES, "input_tokens", Source.TOKEN_USAGE, Measures.SUMS, Set.of(TRACE_NAME)),
    OUTPUT_TOKENS(TRACES, "output_tokens", Source.TOKEN_USAGE, Measures.SUMS, Set.of(TRACE_NAME)),
    TOTAL_TOKENS(TRACES, "total_tokens", Source.TOKEN_USAGE, Measures.SUMS, Set.of(TRACE_NAME)),
    CACHE_READ_INPUT_TOKENS(TRACES, "cache_read_input_tokens", Source.TOKEN_USAGE, Measures.SUMS, Set.of(TRACE_NAME)),
    CACHE_CREATION_INPUT_TOKENS(TRACES, "cache_creation_input_tokens", Source.TOKEN_USAGE, Measures.SUMS,
            Set.of(TRACE_NAME)),
    SPAN_COUNT(SPANS, "span_count", Source.ROWS, EnumSet.of(COUNT),
            Set.of(SPAN_NAME, SPAN_TYPE, SPAN_STATUS, SPAN_MODEL_NAME, SPAN_MODEL_PROVIDER)),
    SPAN_LATENCY(SPANS, "latency", Source.COLUMN, Measures.STATS, Set.of(SPAN_NAME, SPAN_STATUS)),
    INPUT_COST(SPANS, "input_cost", Source.COST, Measures.SUMS, Set.of(SPAN_MODEL_NAME, SPAN_MODEL_PROVIDER)),
    OUTPUT_COST(SPANS, "output_cost", Source.COST, Measures.SUMS, Set.of(SPAN_MODEL_NAME, SPAN_MODEL_PROVIDER)),
    TOTAL_COST(SPANS, "total_cost", Source.COST, Measures.SUMS, Set.of(SPAN_MODEL_NAME, SPAN_MODEL_PROVIDER)),
    ASSESSMENT_COUNT(ASSESSMENTS, "assessment_count", Source.ROWS, EnumSet.of(COUNT),
            Set.of(ASSESSMENT_NAME, ASSESSMENT_VALUE)),
    ASSESSMENT_VALUE_METRIC(ASSESSMENTS, "assessment_value", Source.COLUMN, Measures.STATS, Set.of(ASSESSMENT_NAME));

    /** Where the aggregated value comes from. */
    enum Source {
        /** One per row: COUNT of the row's id. */
        ROWS,
        /** COUNT(DISTINCT) of the traces' session metadata. */
        SESSIONS,
        /** A number SQL computes per row: trace or span latency, an assessment's numeric value. */
        COLUMN,
        /**
         * A count in the trace's mlflow.trace.tokenUsage metadata JSON, read in Java: H2 has no JSON
         * path functions, and MLflow's rules for which counts it keeps are Python's, not SQL's.
         */
        TOKEN_USAGE,
        /** A span cost: MLflow prices LLM spans with its model price table as they arrive; Labbook does not. */
        COST
    }

    private static final class Measures {
        static final Set<Type> STATS = EnumSet.of(AVG, MIN, MAX, PERCENTILE);
        static final Set<Type> SUMS = EnumSet.of(SUM, AVG, MIN, MAX, PERCENTILE);
    }

    private final TraceMetricsView view;
    private final String wire;
    private final Source source;
    private final Set<Type> aggregations;
    private final Set<TraceMetricsDimension> dimensions;

    TraceMetricsKey(TraceMetricsView view, String wire, Source source, Set<Type> aggregations,
                    Set<TraceMetricsDimension> dimensions) {
        this.view = view;
        this.wire = wire;
        this.source = source;
        this.aggregations = aggregations;
        this.dimensions = dimensions;
    }

    TraceMetricsView view() {
        return view;
    }

    String wire() {
        return wire;
    }

    Source source() {
        return source;
    }

    /** The metric of this name in the view, or MLflow's error listing the view's metrics. */
    static TraceMetricsKey of(TraceMetricsView view, String name) {
        List<TraceMetricsKey> inView = List.of(values()).stream().filter(k -> k.view == view).toList();
        return inView.stream().filter(k -> k.wire.equals(name)).findFirst().orElseThrow(() ->
                MlflowException.invalidParameter("metric_name must be one of "
                        + TraceMetricsPy.list(inView.stream().map(TraceMetricsKey::wire).toList())
                        + ", got '" + name + "'"));
    }

    void checkAggregations(List<TraceMetricsAggregation> asked) {
        List<String> invalid = asked.stream().map(TraceMetricsAggregation::type).filter(t -> !aggregations.contains(t))
                .map(Type::name).distinct().sorted().toList();
        if (!invalid.isEmpty()) {
            throw MlflowException.invalidParameter("Found invalid aggregation_type(s): " + TraceMetricsPy.list(invalid)
                    + ". Supported aggregation types: "
                    + TraceMetricsPy.list(aggregations.stream().map(Type::name).sorted().toList()));
        }
    }

    /** The asked dimensions, each once, in the order asked; MLflow's error for any this metric has not. */
    List<TraceMetricsDimension> checkDimensions(List<String> asked) {
        List<String> invalid = asked.stream().filter(name -> {
            TraceMetricsDimension d = TraceMetricsDimension.byWire(name);
            return d == null || !dimensions.contains(d);
        }).distinct().sorted().toList();
        if (!invalid.isEmpty()) {
            throw MlflowException.invalidParameter("Found invalid dimension(s): " + TraceMetricsPy.list(invalid)
                    + ". Supported dimensions: "
                    + TraceMetricsPy.list(dimensions.stream().map(TraceMetricsDimension::wire).sorted().toList()));
        }
        return asked.stream().distinct().map(TraceMetricsDimension::byWire).toList();
    }
}
