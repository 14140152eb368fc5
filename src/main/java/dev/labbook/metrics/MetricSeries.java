package dev.labbook.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.StreamedResponse;
import java.io.IOException;
import java.util.Arrays;

/**
 * One run's whole history of one metric, held as columns of primitives (25 bytes a point rather than
 * a few hundred as objects) and written out as get-history's JSON without building it in memory.
 * Points arrive in the table's key order (step, timestamp, value); the answer's order is MLflow's
 * (timestamp, step, value), which is the same order whenever time moves forward with the step.
 */
final class MetricSeries implements StreamedResponse {
    private final String key;
    /** A larger expected size is not trusted up front; the columns grow past it as points arrive. */
    static final int MAX_PRESIZE = 10_000_000;

    private long[] steps;
    private long[] timestamps;
    private double[] values;
    private boolean[] nans;
    private int size;
    private int[] order;

    MetricSeries(String key, int expectedSize) {
        this.key = key;
        int capacity = Math.max(1024, expectedSize);
        steps = new long[capacity];
        timestamps = new long[capacity];
        values = new double[capacity];
        nans = new boolean[capacity];
    }

    void add(long step, long timestamp, double value, boolean isNan) {
        if (size == steps.length) {
            int grown = size + (size >> 1);
            steps = Arrays.copyOf(steps, grown);
            timestamps = Arrays.copyOf(timestamps, grown);
            values = Arrays.copyOf(values, grown);
            nans = Arrays.copyOf(nans, grown);
        }
        steps[size] = step;
        timestamps[size] = timestamp;
        values[size] = value;
        nans[size] = isNan;
        size++;
    }

    int size() {
        return size;
    }

    /** Puts the points in history order; a permutation is built only when they are not in it already. */
    MetricSeries inHistoryOrder() {
        for (int i = 1; i < size; i++) {
            if (compare(i - 1, i) > 0) {
                order = IntMergeSort.sorted(size, this::compare);
                break;
            }
        }
        return this;
    }

    private int compare(int a, int b) {
        int c = Long.compare(timestamps[a], timestamps[b]);
        if (c == 0) {
            c = Long.compare(steps[a], steps[b]);
        }
        if (c == 0) {
            c = Double.compare(values[a], values[b]);
        }
        return c != 0 ? c : Boolean.compare(nans[a], nans[b]);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("metrics");
        for (int n = 0; n < size; n++) {
            int i = order == null ? n : order[n];
            json.writeStartObject();
            json.writeStringField("key", key);
            if (nans[i]) {
                json.writeStringField("value", "NaN");
            } else {
                json.writeNumberField("value", values[i]);
            }
            json.writeNumberField("timestamp", timestamps[i]);
            json.writeNumberField("step", steps[i]);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
