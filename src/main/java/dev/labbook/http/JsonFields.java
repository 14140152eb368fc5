package dev.labbook.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Fields written straight to a generator by {@link JsonObject}'s rules, so that a {@link JsonWritable}
 * sends the same bytes a JsonObject would: unset (null) fields and empty repeated fields are left
 * out, int64s are JSON numbers, doubles are written as {@link Json#writeDouble} writes them.
 */
public final class JsonFields {
    private JsonFields() {}

    /** How one item of a repeated field is written. */
    @FunctionalInterface
    public interface ItemWriter<T> {
        void write(JsonGenerator json, T item) throws IOException;
    }

    public static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    public static void int64(JsonGenerator json, String name, long value) throws IOException {
        json.writeNumberField(name, value);
    }

    public static void optionalInt64(JsonGenerator json, String name, Long value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value.longValue());
        }
    }

    public static void doubleValue(JsonGenerator json, String name, double value) throws IOException {
        json.writeFieldName(name);
        Json.writeDouble(json, value);
    }

    /** A sub-message that was set: written even when it has no fields (MLflow sends "inputs": {}). */
    public static void message(JsonGenerator json, String name, JsonWritable message) throws IOException {
        json.writeFieldName(name);
        message.writeJson(json);
    }

    /** A repeated message field, left out when empty. */
    public static void messages(JsonGenerator json, String name, List<? extends JsonWritable> items)
            throws IOException {
        messages(json, name, items, (g, item) -> item.writeJson(g));
    }

    public static <T> void messages(JsonGenerator json, String name, List<T> items, ItemWriter<? super T> writer)
            throws IOException {
        if (items.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(name);
        for (T item : items) {
            writer.write(json, item);
        }
        json.writeEndArray();
    }
}
