package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.ProtoFixtures.PARENT;
import static dev.labbook.traces.otlp.ProtoFixtures.SPAN;
import static dev.labbook.traces.otlp.ProtoFixtures.TRACE;
import static dev.labbook.traces.otlp.ProtoFixtures.any;
import static dev.labbook.traces.otlp.ProtoFixtures.everyType;
import static dev.labbook.traces.otlp.ProtoFixtures.kv;
import static dev.labbook.traces.otlp.ProtoFixtures.only;
import static dev.labbook.traces.otlp.ProtoFixtures.request;
import static dev.labbook.traces.otlp.ProtoFixtures.span;
import static dev.labbook.traces.otlp.Values.comparable;
import static dev.labbook.traces.otlp.Values.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpProtoTest {
    @Test
    void decodesEveryFieldOfTheModel() {
        ProtoWriter resource = new ProtoWriter().message(1, kv("service.name", "svc")).varint(2, 5);
        ProtoWriter event = new ProtoWriter().fixed64(1, 77).string(2, "ev").message(3, kv("e", 1L)).varint(4, 1);
        ProtoWriter link = new ProtoWriter().bytes(1, hex("ffffffffffffffffffffffffffffffff")).bytes(2, PARENT)
                .string(3, "a=b").message(4, kv("l", "x")).varint(5, 2).fixed32(6, 1);
        ProtoWriter status = new ProtoWriter().string(2, "bad").varint(3, 2);
        ProtoWriter attrs = new ProtoWriter();
        everyType().forEach((k, v) -> attrs.message(9, kv(k, v)));
        ProtoWriter s = span(new ProtoWriter().string(3, "st").bytes(4, PARENT).fixed32(16, 0x100).string(5, "op")
                .varint(6, 3).fixed64(7, -2).fixed64(8, 1_700_000_000_000_000_000L), attrs,
                new ProtoWriter().varint(10, 1).message(11, event).varint(12, 0).message(13, link).varint(14, 0)
                        .message(15, status));

        OtlpSpan span = only(request(resource, s));
        assertArrayEquals(TRACE, span.traceId());
        assertArrayEquals(SPAN, span.spanId());
        assertArrayEquals(PARENT, span.parentSpanId());
        assertEquals("op", span.name());
        assertEquals(3, span.kind());
        assertEquals(-2L, span.startTimeUnixNano(), "fixed64 is unsigned: 2^64-2 keeps its bits");
        assertEquals(1_700_000_000_000_000_000L, span.endTimeUnixNano());
        assertEquals(comparable(everyType()), comparable(span.attributes()));
        assertEquals(Values.keys(everyType()), Values.keys(span.attributes()));
        assertEquals(1, span.events().size());
        OtlpEvent ev = span.events().get(0);
        assertEquals("ev", ev.name());
        assertEquals(77, ev.timeUnixNano());
        assertEquals(Map.of("e", 1L), ev.attributes());
        OtlpLink l = span.links().get(0);
        assertEquals("ffffffffffffffffffffffffffffffff", hex(l.traceId()));
        assertArrayEquals(PARENT, l.spanId());
        assertEquals("a=b", l.traceState());
        assertEquals(Map.of("l", "x"), l.attributes());
        assertEquals(2, span.statusCode());
        assertEquals("bad", span.statusMessage());
        assertEquals(Map.of("service.name", "svc"), span.resourceAttributes());
    }

    @Test
    void decodedValuesAreThePlainJavaTypes() {
        ProtoWriter attrs = new ProtoWriter();
        everyType().forEach((k, v) -> attrs.message(9, kv(k, v)));
        Map<String, Object> got = only(request(null, span(attrs))).attributes();
        assertTrue(got.get("neg") instanceof Long);
        assertTrue(got.get("dbl") instanceof Double);
        assertTrue(got.get("bytes") instanceof byte[]);
        assertTrue(got.get("array") instanceof ArrayList);
        assertTrue(got.get("kvlist") instanceof LinkedHashMap);
        assertTrue(got.containsKey("unset"));
        assertNull(got.get("unset"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) got.get("negzero")));
    }

    @Test
    void unsetFieldsTakeProtoDefaults() {
        OtlpSpan span = only(request(null, span()));
        assertNull(span.parentSpanId());
        assertEquals("", span.name());
        assertEquals(0, span.kind());
        assertEquals(0, span.startTimeUnixNano());
        assertEquals(0, span.statusCode());
        assertEquals("", span.statusMessage());
        assertEquals(Map.of(), span.attributes());
        assertEquals(List.of(), span.events());
        assertEquals(Map.of(), span.resourceAttributes());
        // A KeyValue without a value, and one whose AnyValue is empty, both decode to null.
        Map<String, Object> attrs = only(request(null, span(new ProtoWriter()
                .message(9, new ProtoWriter().string(1, "novalue"))
                .message(9, new ProtoWriter().string(1, "emptyvalue").bytes(2, new byte[0]))
                .message(9, new ProtoWriter().message(2, any("keyless")))))).attributes();
        assertEquals(Arrays.asList(null, null, "keyless"), new ArrayList<>(attrs.values()));
        assertEquals(List.of("novalue", "emptyvalue", ""), Values.keys(attrs));
    }

    @Test
    void emptyParentIdIsARootSpan() {
        assertNull(only(request(null, span(new ProtoWriter().bytes(4, new byte[0])))).parentSpanId());
    }

    @Test
    void spansAreFlattenedInOrderEachWithItsResource() {
        ProtoWriter scope1 = new ProtoWriter().message(2, span(new ProtoWriter().string(5, "a")))
                .message(2, span(new ProtoWriter().string(5, "b")));
        ProtoWriter scope2 = new ProtoWriter().message(1, new ProtoWriter().string(1, "scope"))
                .message(2, span(new ProtoWriter().string(5, "c")));
        // The second resource comes after its spans on the wire; it still applies to them.
        ProtoWriter rs1 = new ProtoWriter().message(1, new ProtoWriter().message(1, kv("r", 1L)))
                .message(2, scope1).message(2, scope2);
        ProtoWriter rs2 = new ProtoWriter().message(2, new ProtoWriter().message(2, span(new ProtoWriter().string(5, "d"))))
                .message(1, new ProtoWriter().message(1, kv("r", 2L))).string(3, "schema");
        byte[] body = new ProtoWriter().message(1, rs1).message(1, rs2).toByteArray();
        List<OtlpSpan> spans = OtlpTraces.parse(body, false);
        assertEquals(List.of("a", "b", "c", "d"), spans.stream().map(OtlpSpan::name).toList());
        assertEquals(List.of(1L, 1L, 1L, 2L), spans.stream().map(s -> s.resourceAttributes().get("r")).toList());
    }

    @Test
    void anEmptyRequestHasNoSpans() {
        assertEquals(List.of(), OtlpTraces.parse(new byte[0], false));
        assertEquals(List.of(), OtlpTraces.parse(new ProtoWriter().message(1, new ProtoWriter()).toByteArray(), false));
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSkippedAtEveryLevel() {
        ProtoWriter u = new ProtoWriter().unknownFields();
        ProtoWriter array = new ProtoWriter().raw(u.toByteArray()).message(1, any(1L).raw(u.toByteArray()));
        ProtoWriter kvlist = new ProtoWriter().message(1, kv("k", "v").raw(u.toByteArray())).raw(u.toByteArray());
        ProtoWriter attrs = new ProtoWriter()
                .message(9, kv("arr", null).message(2, new ProtoWriter().message(5, array).raw(u.toByteArray())))
                .message(9, kv("map", null).message(2, new ProtoWriter().message(6, kvlist)));
        ProtoWriter s = span(u, new ProtoWriter().string(5, "named"), attrs,
                new ProtoWriter().message(11, new ProtoWriter().string(2, "ev").raw(u.toByteArray()))
                        .message(13, new ProtoWriter().string(3, "ts").raw(u.toByteArray()))
                        .message(15, new ProtoWriter().raw(u.toByteArray()).varint(3, 1)));
        ProtoWriter scope = new ProtoWriter().raw(u.toByteArray()).message(2, s);
        ProtoWriter resource = new ProtoWriter().raw(u.toByteArray()).message(1, kv("r", true));
        ProtoWriter rs = new ProtoWriter().raw(u.toByteArray()).message(1, resource).message(2, scope);
        byte[] body = new ProtoWriter().raw(u.toByteArray()).message(1, rs).raw(u.toByteArray()).toByteArray();

        OtlpSpan span = only(body);
        assertEquals("named", span.name());
        assertEquals(List.of(1L), span.attributes().get("arr"));
        assertEquals(Map.of("k", "v"), span.attributes().get("map"));
        assertEquals("ev", span.events().get(0).name());
        assertEquals("ts", span.links().get(0).traceState());
        assertEquals(1, span.statusCode());
        assertEquals(Map.of("r", true), span.resourceAttributes());
    }

    @Test
    void aKnownFieldWithAnotherWireTypeIsSkippedAsUnknown() {
        OtlpSpan span = only(request(null, span(new ProtoWriter()
                .string(5, "kept").varint(5, 7) // name as a varint
                .fixed32(7, 1).fixed64(7, 9) // start time as fixed32, then properly
                .string(6, "x") // kind as a string
                .message(9, new ProtoWriter().string(1, "k").varint(2, 1).message(2, new ProtoWriter().fixed32(3, 5))))));
        assertEquals("kept", span.name());
        assertEquals(9, span.startTimeUnixNano());
        assertEquals(0, span.kind());
        assertTrue(span.attributes().containsKey("k"));
        assertNull(span.attributes().get("k"));
    }

    @Test
    void aRepeatedSingularFieldKeepsTheLastValue() {
        OtlpSpan span = only(request(null, span(new ProtoWriter()
                .string(5, "first").string(5, "second").varint(6, 1).varint(6, 2)
                .bytes(2, hex("aaaaaaaaaaaaaaaa")).bytes(2, SPAN)
                .message(9, kv("k", "one")).message(9, kv("other", 1L)).message(9, kv("k", "two"))
                .message(9, new ProtoWriter().string(1, "oneof").message(2, new ProtoWriter().string(1, "s").varint(3, 5))))));
        assertEquals("second", span.name());
        assertEquals(2, span.kind());
        assertArrayEquals(SPAN, span.spanId());
        assertEquals(List.of("k", "other", "oneof"), Values.keys(span.attributes()), "first position, like a dict");
        assertEquals("two", span.attributes().get("k"));
        assertEquals(5L, span.attributes().get("oneof"), "the last oneof member set wins");
    }

    @Test
    void aRepeatedMessageFieldMergesAsProtobufDoes() {
        OtlpSpan span = only(request(null, span(new ProtoWriter()
                .message(15, new ProtoWriter().varint(3, 2))
                .message(15, new ProtoWriter().string(2, "msg"))
                // value sent twice: two array_values concatenate; an empty second AnyValue keeps the first
                .message(9, new ProtoWriter().string(1, "arr").message(2, any(List.of(1L))).message(2, any(List.of(2L))))
                .message(9, new ProtoWriter().string(1, "kept").message(2, any("v")).message(2, new ProtoWriter())))));
        assertEquals(2, span.statusCode());
        assertEquals("msg", span.statusMessage());
        assertEquals(List.of(1L, 2L), span.attributes().get("arr"));
        assertEquals("v", span.attributes().get("kept"));
    }

    @Test
    void intValuesAreTwosComplementAndBoolsAnyNonZero() {
        ProtoWriter attrs = new ProtoWriter()
                .message(9, new ProtoWriter().string(1, "neg").message(2, new ProtoWriter().varint(3, -1)))
                .message(9, new ProtoWriter().string(1, "b").message(2, new ProtoWriter().varint(2, 2)));
        Map<String, Object> got = only(request(null, span(attrs))).attributes();
        assertEquals(-1L, got.get("neg"));
        assertEquals(true, got.get("b"));
    }

    @Test
    void badIdLengthsAreFormatErrors() {
        assertFormatError(request(null, new ProtoWriter().bytes(1, new byte[17]).bytes(2, SPAN)), "trace_id");
        assertFormatError(request(null, new ProtoWriter().bytes(2, SPAN)), "trace_id");
        assertFormatError(request(null, new ProtoWriter().bytes(1, TRACE)), "span_id");
        assertFormatError(request(null, span(new ProtoWriter().bytes(4, new byte[16]))), "parent_span_id");
    }

    @Test
    void shortIdsAreLeftPaddedAsMlflowReadsThemAsNumbers() {
        OtlpSpan span = only(request(null, new ProtoWriter().bytes(1, new byte[] {1, 2}).bytes(2, new byte[] {7})
                .bytes(4, new byte[] {9})));
        byte[] trace = new byte[16];
        trace[14] = 1;
        trace[15] = 2;
        assertArrayEquals(trace, span.traceId());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 7}, span.spanId());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 9}, span.parentSpanId());
    }

    static void assertFormatError(byte[] body, String messagePart) {
        OtlpFormatException e = assertThrows(OtlpFormatException.class, () -> OtlpTraces.parse(body, false));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
