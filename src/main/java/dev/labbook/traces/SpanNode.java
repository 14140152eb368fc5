package dev.labbook.traces;

import java.util.Map;

/**
 * A span as trace-level aggregation sees it: its place in the tree and its attributes after
 * translation, JSON-encoded as stored. {@code parentSpanId} is null for a root span.
 */
public record SpanNode(String spanId, String parentSpanId, Map<String, String> encodedAttributes) {}
