package dev.labbook.traces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.traces.otlp.OtlpEvent;
import dev.labbook.traces.otlp.OtlpLink;
import dev.labbook.traces.otlp.OtlpSpan;
import dev.labbook.traces.otlp.PythonJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a received OpenTelemetry span into the row MLflow's SQL store writes for it: the content is
 * the span as MLflow's Span.to_dict() gives it (ids base64, every attribute value JSON-encoded, the
 * keys in that order), rendered as Python's json.dumps does, so content LIKE filters and imports see
 * the same text as in MLflow.
 */
public final class SpanContent {
    public static final String REQUEST_ID_ATTRIBUTE = "mlflow.traceRequestId";
    public static final String SPAN_TYPE_ATTRIBUTE = "mlflow.spanType";
    public static final String INPUTS_ATTRIBUTE = "mlflow.spanInputs";
    public static final String OUTPUTS_ATTRIBUTE = "mlflow.spanOutputs";
    static final List<String> KINDS = List.of("SPAN_KIND_INTERNAL", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
            "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    static final List<String> STATUS_CODES = List.of("STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");
    private static final List<String> STATUS_VALUES = List.of("UNSET", "OK", "ERROR");

    /** The OTLP clients whose service name MLflow stores on their root spans. */
    static final java.util.Set<String> KNOWN_SERVICES = java.util.Set.of("claude-code", "codex_cli_rs", "codex_vscode",
            "gemini-cli", "qwen-code");

    private SpanContent() {}

    /** The stored row of a span received for {@code experimentId}. */
    public static SpanRow row(OtlpSpan span, long experimentId) {
        return row(span, experimentId, attributes(span, TraceIds.traceId(span.traceId())));
    }

    /** The stored row of a span whose attributes {@link #attributes} already gave. */
    static SpanRow row(OtlpSpan span, long experimentId, Map<String, String> attributes) {
        String traceId = TraceIds.traceId(span.traceId());
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("trace_id", base64(span.traceId()));
        dict.put("span_id", base64(span.spanId()));
        dict.put("parent_span_id", span.parentSpanId() == null ? null : base64(span.parentSpanId()));
        dict.put("name", span.name());
        dict.put("kind", KINDS.get(span.kind() >= 0 && span.kind() < KINDS.size() ? span.kind() : 1));
        dict.put("start_time_unix_nano", span.startTimeUnixNano());
        dict.put("end_time_unix_nano", span.endTimeUnixNano());
        dict.put("events", events(span.events()));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", STATUS_CODES.get(statusIndex(span.statusCode())));
        status.put("message", span.statusMessage() == null ? "" : span.statusMessage());
        dict.put("status", status);
        dict.put("attributes", attributes);
        dict.put("links", links(span.links()));
        Long end = span.endTimeUnixNano() == 0 ? null : span.endTimeUnixNano();
        return new SpanRow(traceId, TraceIds.spanId(span.spanId()), experimentId,
                span.parentSpanId() == null ? null : TraceIds.spanId(span.parentSpanId()), span.name(),
                spanType(attributes), STATUS_VALUES.get(statusIndex(span.statusCode())), span.startTimeUnixNano(), end,
                PythonJson.dumps(dict));
    }

    /**
     * Every attribute JSON-encoded, as MLflow stores them, plus what MLflow translates from the
     * sender's tracing conventions (see {@link SpanTranslation}); the request id attribute is always
     * the one derived from the OpenTelemetry trace id, never what the client sent.
     *
     * @throws SpanTranslationException for a span MLflow's store fails on
     */
    static Map<String, String> attributes(OtlpSpan span, String traceId) {
        Map<String, String> encoded = new LinkedHashMap<>();
        span.attributes().forEach((key, value) -> encoded.put(key, stripDoubleEncoding(PythonJson.dumps(value))));
        // MLflow sets the request id when decoding and translates later, so translated attributes
        // come after it in the stored span.
        encoded.put(REQUEST_ID_ATTRIBUTE, PythonJson.dumps(traceId));
        if (span.parentSpanId() == null) {
            rootOnly(encoded, span.resourceAttributes());
        }
        Map<String, String> attributes = SpanTranslation.translate(encoded, span.events());
        attributes.put(REQUEST_ID_ATTRIBUTE, PythonJson.dumps(traceId));
        return attributes;
    }

    /**
     * A client that sends a value it already JSON-encoded (a string holding JSON) gets it stored
     * encoded once, as MLflow's intake does: a string whose text is itself a JSON string, object or
     * list loses one layer; numbers and booleans in a string stay strings.
     */
    static String stripDoubleEncoding(String encoded) {
        try {
            JsonNode once = PythonJson.parse(encoded);
            if (once.isTextual()) {
                JsonNode twice = PythonJson.parse(once.asText());
                if (twice.isTextual() || twice.isContainerNode()) {
                    return once.asText();
                }
            }
        } catch (RuntimeException notJson) {
            // kept as it is
        }
        return encoded;
    }

    /**
     * On a root span MLflow's intake drops trace-tag attributes for system-managed tags (a client may
     * not set them that way either) and shows the service of known agent CLIs as service.name.
     */
    private static void rootOnly(Map<String, String> encoded, Map<String, Object> resource) {
        Object service = resource.get("service.name");
        if (service instanceof String name && KNOWN_SERVICES.contains(name)) {
            encoded.put("service.name", PythonJson.dumps(name));
        }
        for (String blocked : TraceIngestService.BLOCKED_TAGS) {
            encoded.remove(SpanBatch.TRACE_TAG_PREFIX + blocked);
        }
    }

    private static String spanType(Map<String, String> attributes) {
        String encoded = attributes.get(SPAN_TYPE_ATTRIBUTE);
        if (encoded == null) {
            return null;
        }
        Object decoded = decode(encoded);
        return decoded == null ? null : decoded.toString();
    }

    /** The JSON-encoded attributes of a stored span's content. */
    static Map<String, String> storedAttributes(String content) {
        Map<String, String> attributes = new LinkedHashMap<>();
        try {
            PythonJson.parse(content).path("attributes").fields().forEachRemaining(e ->
                    attributes.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                            : PythonJson.dumps(e.getValue())));
        } catch (RuntimeException malformed) {
            // a span whose content cannot be read adds nothing to the trace's totals
        }
        return attributes;
    }

    /** An attribute value as json.loads gives it (a plain string when it is not JSON). */
    public static Object decode(String encoded) {
        try {
            return dev.labbook.traces.otlp.AnyValues.fromJsonNode(PythonJson.parse(encoded));
        } catch (RuntimeException e) {
            return encoded;
        }
    }

    private static int statusIndex(int code) {
        return code >= 0 && code < STATUS_VALUES.size() ? code : 0;
    }

    private static List<Object> events(List<OtlpEvent> events) {
        List<Object> out = new ArrayList<>(events.size());
        for (OtlpEvent e : events) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("name", e.name());
            event.put("time_unix_nano", e.timeUnixNano());
            event.put("attributes", e.attributes());
            out.add(event);
        }
        return out;
    }

    private static List<Object> links(List<OtlpLink> links) {
        List<Object> out = new ArrayList<>(links.size());
        for (OtlpLink l : links) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("trace_id", TraceIds.traceId(l.traceId()));
            link.put("span_id", TraceIds.spanId(l.spanId()));
            link.put("attributes", l.attributes());
            out.add(link);
        }
        return out;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
