package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.JsonFields.array;
import static dev.labbook.traces.otlp.JsonFields.get;
import static dev.labbook.traces.otlp.JsonFields.object;
import static dev.labbook.traces.otlp.JsonFields.string;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP JSON to spans. OTLP's JSON is proto3's JSON mapping with two changes: ids are hex rather
 * than base64, and senders write enums as numbers (names are taken too, as protobuf's own JSON
 * parser takes them). Unknown fields are ignored, as the OTLP spec requires of receivers.
 */
final class OtlpJsonDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<String, Integer> KINDS = Map.of(
            "SPAN_KIND_UNSPECIFIED", 0, "SPAN_KIND_INTERNAL", 1, "SPAN_KIND_SERVER", 2,
            "SPAN_KIND_CLIENT", 3, "SPAN_KIND_PRODUCER", 4, "SPAN_KIND_CONSUMER", 5);
    private static final Map<String, Integer> STATUS_CODES = Map.of(
            "STATUS_CODE_UNSET", 0, "STATUS_CODE_OK", 1, "STATUS_CODE_ERROR", 2);

    private OtlpJsonDecoder() {}

    static List<OtlpSpan> decode(byte[] body) {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new OtlpFormatException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OtlpFormatException("unreadable JSON", e);
        }
        if (request == null || !request.isObject()) {
            throw new OtlpFormatException("request must be a JSON object");
        }
        List<OtlpSpan> spans = new ArrayList<>();
        for (JsonNode resourceSpans : array(request, "resourceSpans", "resource_spans")) {
            object(resourceSpans, "resourceSpans");
            Map<String, Object> resource = new LinkedHashMap<>();
            JsonNode r = get(resourceSpans, "resource", null);
            if (r != null) {
                JsonAttributes.putAll(object(r, "resource"), resource);
            }
            for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans", "scope_spans")) {
                for (JsonNode span : array(object(scopeSpans, "scopeSpans"), "spans", null)) {
                    spans.add(span(object(span, "span"), resource));
                }
            }
        }
        return spans;
    }

    private static OtlpSpan span(JsonNode s, Map<String, Object> resource) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonAttributes.putAll(s, attributes);
        List<OtlpEvent> events = new ArrayList<>();
        for (JsonNode e : array(s, "events", null)) {
            events.add(event(object(e, "event")));
        }
        List<OtlpLink> links = new ArrayList<>();
        for (JsonNode l : array(s, "links", null)) {
            links.add(link(object(l, "link")));
        }
        int statusCode = 0;
        String statusMessage = "";
        JsonNode status = get(s, "status", null);
        if (status != null) {
            object(status, "status");
            statusCode = JsonFields.enumValue(status, "code", null, STATUS_CODES);
            statusMessage = string(status, "message", null);
        }
        return OtlpIds.span(
                JsonFields.hexId(s, "traceId", "trace_id"),
                JsonFields.hexId(s, "spanId", "span_id"),
                JsonFields.hexId(s, "parentSpanId", "parent_span_id"),
                string(s, "name", null),
                JsonFields.enumValue(s, "kind", null, KINDS),
                JsonFields.uint64(s, "startTimeUnixNano", "start_time_unix_nano"),
                JsonFields.uint64(s, "endTimeUnixNano", "end_time_unix_nano"),
                attributes, events, statusCode, statusMessage, links, resource);
    }

    private static OtlpEvent event(JsonNode e) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonAttributes.putAll(e, attributes);
        return new OtlpEvent(string(e, "name", null),
                JsonFields.uint64(e, "timeUnixNano", "time_unix_nano"), attributes);
    }

    private static OtlpLink link(JsonNode l) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonAttributes.putAll(l, attributes);
        return new OtlpLink(
                JsonFields.hexId(l, "traceId", "trace_id"),
                JsonFields.hexId(l, "spanId", "span_id"),
                string(l, "traceState", "trace_state"),
                attributes);
    }
}
