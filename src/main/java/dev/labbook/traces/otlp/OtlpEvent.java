package dev.labbook.traces.otlp;

import java.util.Collections;
import java.util.Map;

/** A span event. Attribute values use the decoded-value model described on {@link OtlpTraces}. */
public record OtlpEvent(String name, long timeUnixNano, Map<String, Object> attributes) {
    public OtlpEvent {
        // Not Map.copyOf: values may be null (an unset AnyValue) and the order is significant.
        attributes = Collections.unmodifiableMap(attributes);
    }
}
