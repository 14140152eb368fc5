package dev.labbook.traces.otlp;

import java.util.Collections;
import java.util.Map;

/**
 * A link to another span. The ids are kept as received (their lengths are not checked: a bad link
 * should not cost the whole span). The arrays are shared, not copied: treat them as read-only.
 */
public record OtlpLink(byte[] traceId, byte[] spanId, String traceState, Map<String, Object> attributes) {
    public OtlpLink {
        attributes = Collections.unmodifiableMap(attributes);
    }
}
