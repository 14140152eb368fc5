package dev.labbook.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.traces.otlp.AnyValues;
import dev.labbook.traces.otlp.PythonJson;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a stored span (MLflow's Span.to_dict JSON) as the OpenTelemetry Span proto JSON that
 * MLflow's get-trace answers carry: snake_case names, ids in base64, 64-bit times as numbers and
 * each attribute decoded from its JSON text into a typed AnyValue. Unset fields are left out.
 */
final class SpanProtoJson {
    private SpanProtoJson() {}

    static void write(String content, JsonGenerator json) throws IOException {
        JsonNode span = PythonJson.parse(content);
        json.writeStartObject();
        json.writeStringField("trace_id", span.path("trace_id").asText());
        json.writeStringField("span_id", span.path("span_id").asText());
        String parent = span.path("parent_span_id").asText("");
        if (!parent.isEmpty() && !"null".equals(parent)) {
            json.writeStringField("parent_span_id", parent);
        }
        json.writeStringField("name", span.path("name").asText(""));
        String kind = span.path("kind").asText("SPAN_KIND_INTERNAL");
        if (!"SPAN_KIND_UNSPECIFIED".equals(kind)) {
            json.writeStringField("kind", kind);
        }
        writeTime(json, "start_time_unix_nano", span.get("start_time_unix_nano"));
        writeTime(json, "end_time_unix_nano", span.get("end_time_unix_nano"));
        writeEncodedAttributes(json, span.get("attributes"));
        writeEvents(json, span.get("events"));
        writeLinks(json, span.get("links"));
        writeStatus(json, span.get("status"));
        json.writeEndObject();
    }

    private static void writeTime(JsonGenerator json, String field, JsonNode value) throws IOException {
        if (value != null && value.canConvertToLong() && value.asLong() != 0) {
            json.writeNumberField(field, value.asLong());
        }
    }

    /** Span attributes are stored JSON-encoded; the wire carries their decoded values. */
    private static void writeEncodedAttributes(JsonGenerator json, JsonNode attributes) throws IOException {
        if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode v = entry.getValue();
            Object decoded = v.isTextual() ? SpanContent.decode(v.asText()) : AnyValues.fromJsonNode(v);
            writeKeyValue(json, entry.getKey(), decoded);
        }
        json.writeEndArray();
    }

    /** Event and link attributes are stored as plain values. */
    private static void writeRawAttributes(JsonGenerator json, JsonNode attributes) throws IOException {
        if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            writeKeyValue(json, entry.getKey(), AnyValues.fromJsonNode(entry.getValue()));
        }
        json.writeEndArray();
    }

    private static void writeKeyValue(JsonGenerator json, String key, Object value) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key);
        json.writeFieldName("value");
        AnyValues.writeProtoJson(value, json);
        json.writeEndObject();
    }

    private static void writeEvents(JsonGenerator json, JsonNode events) throws IOException {
        if (events == null || !events.isArray() || events.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("events");
        for (JsonNode event : events) {
            json.writeStartObject();
            writeTime(json, "time_unix_nano", event.get("time_unix_nano"));
            json.writeStringField("name", event.path("name").asText(""));
            writeRawAttributes(json, event.get("attributes"));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeLinks(JsonGenerator json, JsonNode links) throws IOException {
        if (links == null || !links.isArray() || links.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("links");
        for (JsonNode link : links) {
            json.writeStartObject();
            String traceHex = link.path("trace_id").asText("").replaceFirst("^tr-", "");
            json.writeStringField("trace_id", base64OfHex(traceHex));
            json.writeStringField("span_id", base64OfHex(link.path("span_id").asText("")));
            writeRawAttributes(json, link.get("attributes"));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String base64OfHex(String hex) {
        try {
            return java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static void writeStatus(JsonGenerator json, JsonNode status) throws IOException {
        json.writeObjectFieldStart("status");
        String message = status == null ? "" : status.path("message").asText("");
        if (status != null && status.get("message") != null && !status.get("message").isNull() && !message.isEmpty()) {
            json.writeStringField("message", message);
        }
        String code = status == null ? "STATUS_CODE_UNSET" : status.path("code").asText("STATUS_CODE_UNSET");
        code = switch (code) {
            case "OK" -> "STATUS_CODE_OK";
            case "ERROR" -> "STATUS_CODE_ERROR";
            case "UNSET" -> "STATUS_CODE_UNSET";
            default -> code;
        };
        if (!"STATUS_CODE_UNSET".equals(code)) {
            json.writeStringField("code", code);
        }
        json.writeEndObject();
    }
}
