package dev.labbook.traces;

import java.util.HexFormat;

/** MLflow's ids for OpenTelemetry ones: a trace is "tr-" + 32 hex digits, a span 16 hex digits. */
public final class TraceIds {
    private static final HexFormat HEX = HexFormat.of();

    private TraceIds() {}

    public static String traceId(byte[] otelTraceId) {
        return "tr-" + HEX.formatHex(otelTraceId);
    }

    public static String spanId(byte[] otelSpanId) {
        return HEX.formatHex(otelSpanId);
    }
}
