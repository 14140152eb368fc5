package dev.labbook.traces;

import dev.labbook.traces.TraceMetricsAggregation.Type;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The running aggregates of one group, for the queries aggregated in Java. Sums are exact (SQLite,
 * MLflow's default store, sums integers exactly); percentiles interpolate linearly between the two
 * nearest values, with the arithmetic of MLflow's SQLite percentile aggregate, so that results agree
 * to the last bit.
 */
final class TraceMetricsGroup {
    private long count;
    private BigDecimal sum = BigDecimal.ZERO;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double[] values;
    private int size;

    TraceMetricsGroup(boolean keepValues) {
        this.values = keepValues ? new double[16] : null;
    }

    /** Adds a row; {@code value} is null for rows that are only counted. */
    void add(Number value) {
        if (value != null && !Double.isFinite(value.doubleValue())) {
            return; // MLflow keeps no aggregate value for a number that is not finite
        }
        count++;
        if (value == null) {
            return;
        }
        double d = value.doubleValue();
        sum = sum.add(value instanceof Long n ? BigDecimal.valueOf(n) : new BigDecimal(d));
        min = Math.min(min, d);
        max = Math.max(max, d);
        if (values != null) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = d;
        }
    }

    /** The aggregate, or null where SQL's would be NULL (no rows). */
    Double value(TraceMetricsAggregation aggregation) {
        if (aggregation.type() == Type.COUNT) {
            return (double) count;
        }
        if (count == 0) {
            return null;
        }
        return switch (aggregation.type()) {
            case SUM -> sum.doubleValue();
            case AVG -> sum.doubleValue() / count;
            case MIN -> min;
            case MAX -> max;
            case PERCENTILE -> percentile(aggregation.percentile());
            case COUNT -> (double) count;
        };
    }

    private double percentile(double p) {
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double index = p / 100.0 * (size - 1);
        int lower = (int) index;
        int upper = Math.min(lower + 1, size - 1);
        double fraction = index - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}
