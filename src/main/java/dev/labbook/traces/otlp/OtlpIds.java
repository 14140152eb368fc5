package dev.labbook.traces.otlp;

import java.util.List;
import java.util.Map;

/** The id rules both encodings share: lengths checked when a span is built, hex for JSON. */
final class OtlpIds {
    static final byte[] EMPTY = new byte[0];

    private OtlpIds() {}

    /**
     * Builds a span after checking its ids. MLflow reads an id as a big-endian number, so a short
     * one (an exporter that trims leading zero bytes) means the same id left-padded with zeros and
     * is accepted as such; an empty id, or one longer than 16 (trace) or 8 (span) bytes, cannot be
     * stored. An empty parent id is a root span and becomes null.
     */
    static OtlpSpan span(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind,
            long start, long end, Map<String, Object> attributes, List<OtlpEvent> events,
            int statusCode, String statusMessage, List<OtlpLink> links, Map<String, Object> resource) {
        byte[] parent = parentSpanId.length == 0 ? null : padded(parentSpanId, 8, "parent_span_id");
        return new OtlpSpan(padded(traceId, 16, "trace_id"), padded(spanId, 8, "span_id"), parent, name, kind,
                start, end, attributes, events, statusCode, statusMessage, links, resource);
    }

    private static byte[] padded(byte[] id, int length, String field) {
        if (id.length == 0 || id.length > length) {
            throw new OtlpFormatException("span " + field + " must be 1 to " + length + " bytes, got " + id.length);
        }
        if (id.length == length) {
            return id;
        }
        byte[] out = new byte[length];
        System.arraycopy(id, 0, out, length - id.length, id.length);
        return out;
    }

    /** OTLP JSON's ids: hex of either case, "" for unset (checked afterwards like binary ids). */
    static byte[] fromHex(String hex, String field) {
        if (hex.length() % 2 != 0) {
            throw new OtlpFormatException(field + " is not valid hex");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(hex.charAt(2 * i));
            int lo = hexDigit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new OtlpFormatException(field + " is not valid hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** ASCII only: Character.digit would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
