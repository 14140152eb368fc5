package dev.labbook.traces;

/** One span as stored: the columns filters compare, and MLflow's Span.to_dict JSON as content. */
public record SpanRow(String traceId, String spanId, long experimentId, String parentSpanId, String name,
                      String type, String status, long startTimeUnixNano, Long endTimeUnixNano, String content) {}
