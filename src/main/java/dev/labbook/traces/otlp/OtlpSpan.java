package dev.labbook.traces.otlp;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One decoded span, with the attributes of the resource it was sent under. Ids are raw bytes
 * (16 for the trace, 8 for spans); {@code parentSpanId} is null for a root span. The arrays are
 * shared, not copied: treat them as read-only (and, as for any record, equals() compares them by
 * identity). {@code kind} and {@code statusCode} are the OTLP
 * enum numbers (kind 0..5, status 0 unset, 1 ok, 2 error), kept as sent even when out of range,
 * since proto3 enums are open.
 */
public record OtlpSpan(
        byte[] traceId,
        byte[] spanId,
        byte[] parentSpanId,
        String name,
        int kind,
        long startTimeUnixNano,
        long endTimeUnixNano,
        Map<String, Object> attributes,
        List<OtlpEvent> events,
        int statusCode,
        String statusMessage,
        List<OtlpLink> links,
        Map<String, Object> resourceAttributes) {

    public OtlpSpan {
        attributes = Collections.unmodifiableMap(attributes);
        events = List.copyOf(events);
        links = List.copyOf(links);
        resourceAttributes = Collections.unmodifiableMap(resourceAttributes);
    }
}
