package dev.labbook.traces.otlp;

import java.util.List;

/**
 * Decodes the body of an OTLP/HTTP trace export ({@code ExportTraceServiceRequest}), binary
 * protobuf or OTLP JSON, already decompressed, into spans.
 *
 * <p>Attribute values (of spans, events, links and resources) are plain Java: String, Boolean,
 * Long, Double, byte[], {@code List<Object>} (an ArrayList), {@code LinkedHashMap<String, Object>},
 * or null for an AnyValue with nothing set. Attribute maps keep the order the sender wrote them
 * in; a key sent twice keeps its first position and its last value, as a Python dict built from
 * the same pairs would.
 */
public final class OtlpTraces {
    private OtlpTraces() {}

    /**
     * Every span in the request, flattened over resource_spans and scope_spans in the order sent.
     *
     * @throws OtlpFormatException when the body is not a well-formed request, or a span has a
     *     trace id that is not 16 bytes, a span id that is not 8, or a parent span id that is
     *     neither empty nor 8
     */
    public static List<OtlpSpan> parse(byte[] body, boolean json) {
        return json ? OtlpJsonDecoder.decode(body) : OtlpProtoDecoder.decode(body);
    }
}
