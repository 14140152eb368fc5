package dev.labbook.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.labbook.http.JsonFields;
import dev.labbook.http.JsonWritable;
import java.io.IOException;

/** One metric point. Infinities are stored as the largest finite doubles, as MLflow's SQL store does. */
public record Metric(String key, double value, long timestamp, long step) implements JsonWritable {

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        writeFields(json);
        json.writeEndObject();
    }

    /** The point's own fields, for messages that extend a metric with more (run_id, model_id, ...). */
    public void writeFields(JsonGenerator json) throws IOException {
        JsonFields.string(json, "key", key);
        JsonFields.doubleValue(json, "value", value);
        JsonFields.int64(json, "timestamp", timestamp);
        JsonFields.int64(json, "step", step);
    }

    /** The point as the bulk history routes send it, naming its run. */
    public JsonWritable withRunId(String runId) {
        return json -> {
            json.writeStartObject();
            writeFields(json);
            JsonFields.string(json, "run_id", runId);
            json.writeEndObject();
        };
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
