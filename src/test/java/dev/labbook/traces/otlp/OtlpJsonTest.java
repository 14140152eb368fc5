package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.Values.comparable;
import static dev.labbook.traces.otlp.Values.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    static final String IDS = "\"traceId\": \"0102030405060708090a0b0c0d0e0f10\", \"spanId\": \"1112131415161718\"";

    static List<OtlpSpan> parse(String json) {
        return OtlpTraces.parse(json.getBytes(StandardCharsets.UTF_8), true);
    }

    /** One span, its members given as JSON text (without braces), in a minimal request. */
    static OtlpSpan span(String members) {
        List<OtlpSpan> spans = parse("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + members + "}]}]}]}");
        assertEquals(1, spans.size());
        return spans.get(0);
    }

    static Object attribute(String anyValueJson) {
        return span(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": " + anyValueJson + "}]").attributes().get("k");
    }

    static void rejects(String json, String messagePart) {
        OtlpFormatException e = assertThrows(OtlpFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    static void rejectsSpan(String members, String messagePart) {
        rejects("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + members + "}]}]}]}", messagePart);
    }

    @Test
    void decodesASpan() {
        OtlpSpan s = span("""
                "traceId": "0102030405060708090A0B0C0D0E0F10", "spanId": "1112131415161718",
                "parentSpanId": "2122232425262728", "traceState": "a=b", "flags": 1, "name": "op", "kind": 2,
                "startTimeUnixNano": "1700000000000000001", "endTimeUnixNano": 1700000000000000002,
                "attributes": [{"key": "a", "value": {"stringValue": "x"}}],
                "droppedAttributesCount": 0,
                "events": [{"timeUnixNano": "5", "name": "ev", "attributes": [{"key": "n", "value": {"intValue": 3}}]}],
                "links": [{"traceId": "ffffffffffffffffffffffffffffffff", "spanId": "0000000000000001",
                           "traceState": "t", "attributes": [{"key": "l", "value": {"boolValue": true}}]}],
                "status": {"code": 2, "message": "bad"}
                """);
        assertEquals("0102030405060708090a0b0c0d0e0f10", hex(s.traceId()), "upper-case hex is taken");
        assertEquals("1112131415161718", hex(s.spanId()));
        assertEquals("2122232425262728", hex(s.parentSpanId()));
        assertEquals("op", s.name());
        assertEquals(2, s.kind());
        assertEquals(1_700_000_000_000_000_001L, s.startTimeUnixNano());
        assertEquals(1_700_000_000_000_000_002L, s.endTimeUnixNano());
        assertEquals(Map.of("a", "x"), s.attributes());
        assertEquals("ev", s.events().get(0).name());
        assertEquals(5, s.events().get(0).timeUnixNano());
        assertEquals(Map.of("n", 3L), s.events().get(0).attributes());
        OtlpLink l = s.links().get(0);
        assertEquals("ffffffffffffffffffffffffffffffff", hex(l.traceId()));
        assertEquals("0000000000000001", hex(l.spanId()));
        assertEquals("t", l.traceState());
        assertEquals(Map.of("l", true), l.attributes());
        assertEquals(2, s.statusCode());
        assertEquals("bad", s.statusMessage());
    }

    @Test
    void snakeCaseNamesEnumNamesAndUnknownFields() {
        List<OtlpSpan> spans = parse("""
                {"resource_spans": [{"resource": {"attributes": [{"key": "r", "value": {"int_value": "-9"}}], "x": 1},
                  "scope_spans": [{"scope": {"name": "s"}, "spans": [{
                    "trace_id": "0102030405060708090a0b0c0d0e0f10", "span_id": "1112131415161718",
                    "parent_span_id": "", "kind": "SPAN_KIND_CONSUMER",
                    "start_time_unix_nano": "18446744073709551615", "end_time_unix_nano": 1e3,
                    "status": {"code": "STATUS_CODE_OK"}, "futureField": {"nested": [1, 2]},
                    "events": [{"time_unix_nano": 7}], "links": [{"trace_id": "", "span_id": "", "trace_state": "ts"}]
                  }], "schemaUrl": "u"}]}], "somethingNew": true}
                """);
        OtlpSpan s = spans.get(0);
        assertNull(s.parentSpanId(), "an empty parentSpanId is unset");
        assertEquals(5, s.kind());
        assertEquals(-1L, s.startTimeUnixNano(), "2^64-1 keeps its bits");
        assertEquals(1000, s.endTimeUnixNano());
        assertEquals(1, s.statusCode());
        assertEquals(Map.of("r", -9L), s.resourceAttributes());
        assertEquals(7, s.events().get(0).timeUnixNano());
        assertEquals(0, s.links().get(0).traceId().length);
        assertEquals("ts", s.links().get(0).traceState());
    }

    @Test
    void enumsAsNumbersNamesOrUnknownNames() {
        assertEquals(3, span(IDS + ", \"kind\": \"SPAN_KIND_CLIENT\"").kind());
        assertEquals(4, span(IDS + ", \"kind\": \"4\"").kind());
        assertEquals(9, span(IDS + ", \"kind\": 9").kind(), "proto3 enums are open");
        assertEquals(0, span(IDS + ", \"kind\": \"SPAN_KIND_SIDEWAYS\"").kind(), "an unknown name reads as unset");
        assertEquals(2, span(IDS + ", \"status\": {\"code\": \"STATUS_CODE_ERROR\", \"message\": \"m\"}").statusCode());
        rejectsSpan(IDS + ", \"kind\": 1.5", "kind");
        rejectsSpan(IDS + ", \"kind\": 4294967296", "kind");
    }

    @Test
    void everyAnyValueMember() {
        assertEquals("s", attribute("{\"stringValue\": \"s\"}"));
        assertEquals(false, attribute("{\"boolValue\": false}"));
        assertEquals(Long.MIN_VALUE, attribute("{\"intValue\": \"-9223372036854775808\"}"));
        assertEquals(Long.MAX_VALUE, attribute("{\"intValue\": 9223372036854775807}"));
        assertEquals(12L, attribute("{\"intValue\": 12.0}"));
        assertEquals(0.25, attribute("{\"doubleValue\": 0.25}"));
        assertEquals(3.0, attribute("{\"doubleValue\": 3}"));
        assertEquals(1.5, attribute("{\"doubleValue\": \"1.5\"}"));
        assertEquals(Double.NaN, attribute("{\"doubleValue\": \"NaN\"}"));
        assertEquals(Double.NEGATIVE_INFINITY, attribute("{\"doubleValue\": \"-Infinity\"}"));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, (byte[]) attribute("{\"bytesValue\": \"AAH+/w==\"}"));
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, (byte[]) attribute("{\"bytesValue\": \"-_8\"}"), "URL-safe, unpadded");
        assertNull(attribute("{}"));
        assertNull(attribute("null"));
        assertNull(attribute("{\"stringValue\": null, \"future\": 1}"));
        assertEquals(2L, attribute("{\"stringValue\": \"first\", \"intValue\": 2}"), "the member written last wins");
    }

    @Test
    void nestedArraysAndKvlists() {
        Object v = attribute("""
                {"arrayValue": {"values": [{"intValue": "1"}, {}, {"arrayValue": {}},
                  {"kvlist_value": {"values": [{"key": "b", "value": {"doubleValue": 2.5}}, {"key": "a"},
                     {"key": "b", "value": {"arrayValue": {"values": [{"boolValue": true}]}}}]}},
                  {"kvlistValue": {}}]}}
                """);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("b", List.of(true));
        kv.put("a", null);
        List<Object> expected = new ArrayList<>(Arrays.asList(1L, null, List.of(), kv, Map.of()));
        assertEquals(comparable(expected), comparable(v));
        assertEquals(List.of("b", "a"), Values.keys(((List<Map<String, Object>>) (List<?>) v).get(3)));
    }

    @Test
    void wrongTypesAndBadValuesAreFormatErrors() {
        rejects("[]", "object");
        rejects("\"x\"", "object");
        rejects("", "JSON");
        rejects("{\"resourceSpans\": [", "JSON");
        rejects("{\"resourceSpans\": {}}", "array");
        rejects("{\"resourceSpans\": [1]}", "object");
        rejects("{} {}", "JSON");
        rejectsSpan(IDS + ", \"name\": 5", "name");
        rejectsSpan(IDS + ", \"startTimeUnixNano\": \"12abc\"", "startTimeUnixNano");
        rejectsSpan(IDS + ", \"startTimeUnixNano\": -1", "startTimeUnixNano");
        rejectsSpan(IDS + ", \"startTimeUnixNano\": 1.5", "startTimeUnixNano");
        rejectsSpan(IDS + ", \"startTimeUnixNano\": true", "startTimeUnixNano");
        rejectsSpan(IDS + ", \"startTimeUnixNano\": \"18446744073709551616\"", "startTimeUnixNano");
        rejectsSpan(IDS + ", \"status\": []", "status");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": {\"intValue\": \"9223372036854775808\"}}]", "intValue");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": {\"boolValue\": \"true\"}}]", "boolValue");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": {\"doubleValue\": \"0x10\"}}]", "doubleValue");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": {\"bytesValue\": \"A\"}}]", "base64");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": {\"bytesValue\": \"**\"}}]", "base64");
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": \"plain\"}]", "AnyValue");
        rejectsSpan(IDS + ", \"attributes\": {}", "array");
    }

    @Test
    void idsMustBeHexOfTheRightLength() {
        rejectsSpan("\"spanId\": \"1112131415161718\"", "trace_id");
        rejectsSpan("\"traceId\": \"0102030405060708090a0b0c0d0e0f10\", \"spanId\": \"\"", "span_id");
        rejectsSpan(IDS + ", \"parentSpanId\": \"010203040506070809\"", "parent_span_id");
        rejectsSpan("\"traceId\": \"0102030405060708090a0b0c0d0e0f1g\", \"spanId\": \"1112131415161718\"", "hex");
        rejectsSpan("\"traceId\": \"0102030405060708090a0b0c0d0e0f1\", \"spanId\": \"1112131415161718\"", "hex");
        rejectsSpan("\"traceId\": \"AQIDBAUGBwgJCgsMDQ4PEA==\", \"spanId\": \"1112131415161718\"", "hex");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "{\"arrayValue\": {\"values\": [".repeat(300) + "{}" + "]}}".repeat(300);
        rejectsSpan(IDS + ", \"attributes\": [{\"key\": \"k\", \"value\": " + deep + "}]", "deep");
    }

    @Test
    void invalidUtf8IsAFormatError() {
        byte[] body = "{\"resourceSpans\": [{\"x\": \"\u00ff\"}]}".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(OtlpFormatException.class, () -> OtlpTraces.parse(body, true));
    }
}
