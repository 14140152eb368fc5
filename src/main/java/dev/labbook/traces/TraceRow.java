package dev.labbook.traces;

/** The trace_info columns of one trace. */
public record TraceRow(String traceId, long experimentId, long timestampMs, Long executionMs, String status,
                       String clientRequestId, String requestPreview, String responsePreview) {}
