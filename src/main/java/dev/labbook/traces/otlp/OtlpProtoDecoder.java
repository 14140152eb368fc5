package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.ProtoReader.FIXED64;
import static dev.labbook.traces.otlp.ProtoReader.LEN;
import static dev.labbook.traces.otlp.ProtoReader.VARINT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary ExportTraceServiceRequest to spans. Only the fields the span model needs are read; every
 * other field (scope, schema urls, dropped counts, flags, trace_state of spans) is skipped. A known
 * field arriving with a different wire type is skipped too, as protobuf's parsers do.
 *
 * <p>A message field that occurs twice is merged, as protobuf does: that is the same as reading the
 * second occurrence's fields into the first, which is how Status and Resource are read here.
 * Singular scalars are last-wins; an unset string is "" and an unset number 0.
 */
final class OtlpProtoDecoder {
    private OtlpProtoDecoder() {}

    static List<OtlpSpan> decode(byte[] body) {
        List<OtlpSpan> spans = new ArrayList<>();
        ProtoReader request = ProtoReader.of(body);
        while (request.next()) {
            if (request.at(1, LEN)) {
                resourceSpans(request.readMessage(), spans);
            } else {
                request.skip();
            }
        }
        return spans;
    }

    private static void resourceSpans(ProtoReader r, List<OtlpSpan> out) {
        // The resource may follow its spans on the wire, so a first pass finds it. Skipping a
        // length-delimited field costs nothing, so the second pass over scope_spans is cheap.
        ProtoReader first = r.copy();
        Map<String, Object> resource = new LinkedHashMap<>();
        while (first.next()) {
            if (first.at(1, LEN)) {
                resource(first.readMessage(), resource);
            } else {
                first.skip();
            }
        }
        while (r.next()) {
            if (r.at(2, LEN)) {
                scopeSpans(r.readMessage(), resource, out);
            } else {
                r.skip();
            }
        }
    }

    private static void resource(ProtoReader r, Map<String, Object> into) {
        while (r.next()) {
            if (r.at(1, LEN)) {
                ProtoAttributes.putKeyValue(r.readMessage(), into);
            } else {
                r.skip();
            }
        }
    }

    private static void scopeSpans(ProtoReader r, Map<String, Object> resource, List<OtlpSpan> out) {
        while (r.next()) {
            if (r.at(2, LEN)) {
                out.add(span(r.readMessage(), resource));
            } else {
                r.skip();
            }
        }
    }

    private static OtlpSpan span(ProtoReader r, Map<String, Object> resource) {
        byte[] traceId = OtlpIds.EMPTY;
        byte[] spanId = OtlpIds.EMPTY;
        byte[] parentSpanId = OtlpIds.EMPTY;
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<OtlpEvent> events = new ArrayList<>();
        List<OtlpLink> links = new ArrayList<>();
        Status status = new Status();
        while (r.next()) {
            if (r.at(1, LEN)) {
                traceId = r.readBytes();
            } else if (r.at(2, LEN)) {
                spanId = r.readBytes();
            } else if (r.at(4, LEN)) {
                parentSpanId = r.readBytes();
            } else if (r.at(5, LEN)) {
                name = r.readString();
            } else if (r.at(6, VARINT)) {
                kind = (int) r.readVarint();
            } else if (r.at(7, FIXED64)) {
                start = r.readFixed64();
            } else if (r.at(8, FIXED64)) {
                end = r.readFixed64();
            } else if (r.at(9, LEN)) {
                ProtoAttributes.putKeyValue(r.readMessage(), attributes);
            } else if (r.at(11, LEN)) {
                events.add(event(r.readMessage()));
            } else if (r.at(13, LEN)) {
                links.add(link(r.readMessage()));
            } else if (r.at(15, LEN)) {
                status.read(r.readMessage());
            } else {
                r.skip();
            }
        }
        return OtlpIds.span(traceId, spanId, parentSpanId, name, kind, start, end, attributes, events,
                status.code, status.message, links, resource);
    }

    /** Mutable so that a repeated status field merges into the first, as protobuf's parse does. */
    private static final class Status {
        int code;
        String message = "";

        void read(ProtoReader r) {
            while (r.next()) {
                if (r.at(2, LEN)) {
                    message = r.readString();
                } else if (r.at(3, VARINT)) {
                    code = (int) r.readVarint();
                } else {
                    r.skip();
                }
            }
        }
    }

    private static OtlpEvent event(ProtoReader r) {
        String name = "";
        long time = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (r.next()) {
            if (r.at(1, FIXED64)) {
                time = r.readFixed64();
            } else if (r.at(2, LEN)) {
                name = r.readString();
            } else if (r.at(3, LEN)) {
                ProtoAttributes.putKeyValue(r.readMessage(), attributes);
            } else {
                r.skip();
            }
        }
        return new OtlpEvent(name, time, attributes);
    }

    private static OtlpLink link(ProtoReader r) {
        byte[] traceId = OtlpIds.EMPTY;
        byte[] spanId = OtlpIds.EMPTY;
        String traceState = "";
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (r.next()) {
            if (r.at(1, LEN)) {
                traceId = r.readBytes();
            } else if (r.at(2, LEN)) {
                spanId = r.readBytes();
            } else if (r.at(3, LEN)) {
                traceState = r.readString();
            } else if (r.at(4, LEN)) {
                ProtoAttributes.putKeyValue(r.readMessage(), attributes);
            } else {
                r.skip();
            }
        }
        return new OtlpLink(traceId, spanId, traceState, attributes);
    }
}
