package dev.labbook.traces;

import dev.labbook.traces.otlp.OtlpSpan;
import dev.labbook.traces.otlp.PythonJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of one OTLP request grouped by trace, with what each trace's info learns from them: its
 * time range, the root span's status, previews and trace tags, and resource attributes.
 */
final class SpanBatch {
    static final String TRACE_TAG_PREFIX = "mlflow.traceTag.";

    /** What one trace's info learns from the spans of this batch. */
    static final class TraceSpans {
        final List<OtlpSpan> spans = new ArrayList<>();
        final List<SpanRow> rows = new ArrayList<>();
        final List<SpanNode> nodes = new ArrayList<>();
        long minStartMs = Long.MAX_VALUE;
        Long maxEndMs;
        OtlpSpan root;
        SpanRow rootRow;
        /** The root span's stored attributes, already translated. */
        Map<String, String> rootAttributes;

        /** OK or ERROR from the root span; null when the batch holds no root. */
        String rootState() {
            if (root == null) {
                return null;
            }
            return root.statusCode() == 2 ? TraceStates.ERROR : TraceStates.OK;
        }

        Map<String, String> rootTraceTags() {
            Map<String, String> tags = new LinkedHashMap<>();
            if (root == null) {
                return tags;
            }
            root.attributes().forEach((key, value) -> {
                if (key.startsWith(TRACE_TAG_PREFIX) && key.length() > TRACE_TAG_PREFIX.length()) {
                    tags.put(key.substring(TRACE_TAG_PREFIX.length()), value instanceof String s ? s : PythonJson.dumps(value));
                }
            });
            return tags;
        }

        /** Resource attributes become trace tags, except the SDK's own and MLflow's. */
        Map<String, String> resourceTags() {
            Map<String, String> tags = new LinkedHashMap<>();
            for (OtlpSpan span : spans) {
                if (!span.resourceAttributes().isEmpty()) {
                    span.resourceAttributes().forEach((key, value) -> {
                        if (!key.startsWith("telemetry.sdk.") && !key.startsWith("mlflow.")) {
                            tags.put(key, value instanceof String s ? s : PythonJson.dumps(value));
                        }
                    });
                    break;
                }
            }
            return tags;
        }
    }

    private SpanBatch() {}

    static Map<String, TraceSpans> group(List<OtlpSpan> spans, long experimentId) {
        Map<String, TraceSpans> byTrace = new LinkedHashMap<>();
        for (OtlpSpan span : spans) {
            String traceId = TraceIds.traceId(span.traceId());
            Map<String, String> attributes = SpanContent.attributes(span, traceId);
            SpanRow row = SpanContent.row(span, experimentId, attributes);
            TraceSpans trace = byTrace.computeIfAbsent(traceId, k -> new TraceSpans());
            trace.spans.add(span);
            trace.rows.add(row);
            trace.nodes.add(new SpanNode(row.spanId(), row.parentSpanId(), attributes));
            trace.minStartMs = Math.min(trace.minStartMs, span.startTimeUnixNano() / 1_000_000);
            if (row.endTimeUnixNano() != null) {
                long end = row.endTimeUnixNano() / 1_000_000;
                trace.maxEndMs = trace.maxEndMs == null ? end : Math.max(trace.maxEndMs, end);
            }
            if (span.parentSpanId() == null) {
                trace.root = span;
                trace.rootRow = row;
                trace.rootAttributes = attributes;
            }
        }
        return byTrace;
    }
}
