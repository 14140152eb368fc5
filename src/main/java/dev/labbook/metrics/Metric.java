package dev.labbook.metrics;

import dev.labbook.http.JsonObject;

/** One metric point. Infinities are stored as the largest finite doubles, as MLflow's SQL store does. */
public record Metric(String key, double value, long timestamp, long step) {

    public JsonObject toJson() {
        return JsonObject.empty().with("key", key).with("value", value).with("timestamp", timestamp).with("step", step);
    }

    public JsonObject toJsonWithRunId(String runId) {
        return toJson().with("run_id", runId);
    }

    /** The value as the database keeps it: NaN as 0 plus a flag, infinities clamped. */
    public double storedValue() {
        if (Double.isNaN(value)) {
            return 0.0;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return value;
    }

    public boolean isNan() {
        return Double.isNaN(value);
    }

    public static Metric fromStored(String key, double value, boolean isNan, long timestamp, long step) {
        return new Metric(key, isNan ? Double.NaN : value, timestamp, step);
    }

    /** MLflow's latest-value rule: highest step, then latest timestamp, then largest stored value. */
    public boolean supersedes(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return storedValue() > other.storedValue();
    }
}
