package dev.labbook.traces;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;

/** One aggregation of a metrics query (MLflow's MetricAggregation): a type and, for PERCENTILE, which one. */
record TraceMetricsAggregation(Type type, Double percentile) {

    /** AggregationType in its proto order, so that a number names the same type as in MLflow. */
    enum Type { COUNT, SUM, AVG, PERCENTILE, MIN, MAX }

    /**
     * MetricAggregation's own checks. MLflow raises them as a ValueError, which its server answers with
     * an HTML 500 page; they are bad input, so here they are 400 INVALID_PARAMETER_VALUE with the same text.
     */
    TraceMetricsAggregation {
        if (type == Type.PERCENTILE) {
            if (percentile == null) {
                throw MlflowException.invalidParameter("Percentile value is required for PERCENTILE aggregation");
            }
            // NaN passes MLflow's comparisons and then breaks its percentile arithmetic; it is refused here.
            if (!(percentile >= 0 && percentile <= 100)) {
                throw MlflowException.invalidParameter("Percentile value must be between 0 and 100, got "
                        + TraceMetricsPy.floatRepr(percentile));
            }
        } else if (percentile != null) {
            throw MlflowException.invalidParameter(
                    "Percentile value is only allowed for PERCENTILE aggregation type, got " + type);
        }
    }

    /**
     * One element of the request's aggregations. An aggregation_type that is missing, or a name the enum
     * does not have, leaves proto2's default, COUNT, as in MLflow.
     */
    static TraceMetricsAggregation parse(ApiRequest item) {
        String text = item.optionalEnum("aggregation_type");
        Type type = Type.COUNT;
        for (Type t : Type.values()) {
            if (t.name().equals(text) || String.valueOf(t.ordinal() + 1).equals(text)) {
                type = t;
            }
        }
        return new TraceMetricsAggregation(type, item.optionalDouble("percentile_value"));
    }

    /** The key of this aggregation's value in a data point: the type, or P and the percentile as a float. */
    String label() {
        return type == Type.PERCENTILE ? "P" + TraceMetricsPy.floatRepr(percentile) : type.name();
    }
}
