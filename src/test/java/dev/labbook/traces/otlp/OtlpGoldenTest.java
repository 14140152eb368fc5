package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.Values.comparable;
import static dev.labbook.traces.otlp.Values.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request serialized by the official Python protobuf classes (opentelemetry-proto 1.45), and the
 * same request in OTLP JSON; otlp/make_golden.py under the test resources wrote both.
 */
class OtlpGoldenTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = OtlpGoldenTest.class.getResourceAsStream("/otlp/" + name)) {
            return in.readAllBytes();
        }
    }

    static byte[] protobuf() throws IOException {
        return hex(new String(resource("golden-request.hex"), StandardCharsets.US_ASCII).strip());
    }

    static List<OtlpSpan> decode(boolean json) throws IOException {
        return OtlpTraces.parse(json ? resource("golden-request.json") : protobuf(), json);
    }

    static Map<String, Object> rootAttributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("mlflow.spanType", "\"CHAIN\"");
        a.put("text", "ünï 中文 😀 \"q\"\n");
        a.put("flag", true);
        a.put("off", false);
        a.put("count", 42L);
        a.put("negative", -7L);
        a.put("min", Long.MIN_VALUE);
        a.put("ratio", 0.1);
        a.put("big", 1.5e300);
        a.put("raw", new byte[] {0, 1, (byte) 0xfe, (byte) 0xff});
        a.put("list", new ArrayList<>(Arrays.asList(1L, "two", 3.5, false, null, List.of(4L, List.of(5L)), Map.of("k", "v"))));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put("b", Map.of("c", List.of(true, 2.25)));
        map.put("n", null);
        a.put("map", map);
        a.put("unset", null);
        a.put("empty_list", List.of());
        a.put("empty_map", Map.of());
        return a;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyFieldDecodes(boolean json) throws IOException {
        List<OtlpSpan> spans = decode(json);
        assertEquals(2, spans.size());
        Map<String, Object> resource = Map.of("service.name", "golden-svc", "host.cpus", 8L);

        OtlpSpan root = spans.get(0);
        assertEquals("5b8efff798038103d269b633813fc60c", hex(root.traceId()));
        assertEquals("eee19b7ec3c1b174", hex(root.spanId()));
        assertNull(root.parentSpanId());
        assertEquals("root span", root.name());
        assertEquals(2, root.kind());
        assertEquals(1_700_000_000_000_000_001L, root.startTimeUnixNano());
        assertEquals(1_700_000_005_000_000_002L, root.endTimeUnixNano());
        assertEquals(comparable(rootAttributes()), comparable(root.attributes()));
        assertEquals(Values.keys(rootAttributes()), Values.keys(root.attributes()));
        assertEquals(2, root.events().size());
        OtlpEvent exception = root.events().get(0);
        assertEquals("exception", exception.name());
        assertEquals(1_700_000_001_000_000_000L, exception.timeUnixNano());
        assertEquals(List.of("exception.message", "exception.escaped"), Values.keys(exception.attributes()));
        assertEquals(Map.of("exception.message", "boom", "exception.escaped", false), exception.attributes());
        assertEquals("bare", root.events().get(1).name());
        assertEquals(0, root.events().get(1).timeUnixNano());
        assertEquals(Map.of(), root.events().get(1).attributes());
        assertEquals(1, root.links().size());
        OtlpLink link = root.links().get(0);
        assertEquals("0af7651916cd43dd8448eb211c80319c", hex(link.traceId()));
        assertEquals("b7ad6b7169203331", hex(link.spanId()));
        assertEquals("k=v", link.traceState());
        assertEquals(Map.of("link.kind", "follows"), link.attributes());
        assertEquals(2, root.statusCode());
        assertEquals("it failed", root.statusMessage());
        assertEquals(resource, root.resourceAttributes());

        OtlpSpan child = spans.get(1);
        assertArrayEquals(root.traceId(), child.traceId());
        assertEquals("00f067aa0ba902b7", hex(child.spanId()));
        assertEquals("eee19b7ec3c1b174", hex(child.parentSpanId()));
        assertEquals("child", child.name());
        assertEquals(3, child.kind());
        assertEquals(1_700_000_001_500_000_000L, child.startTimeUnixNano());
        assertEquals(1_700_000_002_000_000_000L, child.endTimeUnixNano());
        assertEquals(List.of("mlflow.spanInputs", "score"), Values.keys(child.attributes()));
        assertEquals("{\"x\": 1}", child.attributes().get("mlflow.spanInputs"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) child.attributes().get("score")));
        assertEquals(List.of(), child.events());
        assertEquals(List.of(), child.links());
        assertEquals(1, child.statusCode());
        assertEquals("", child.statusMessage());
        assertEquals(resource, child.resourceAttributes());
    }

    @Test
    void attributeTextMatchesWhatMlflowStores() throws IOException {
        // MLflow's dump_span_attribute_value(_decode_otel_proto_anyvalue(v)) for the same request.
        Map<String, String> mlflow = new LinkedHashMap<>();
        mlflow.put("mlflow.spanType", "\"\\\"CHAIN\\\"\"");
        mlflow.put("text", "\"ünï 中文 😀 \\\"q\\\"\\n\"");
        mlflow.put("flag", "true");
        mlflow.put("off", "false");
        mlflow.put("count", "42");
        mlflow.put("negative", "-7");
        mlflow.put("min", "-9223372036854775808");
        mlflow.put("ratio", "0.1");
        mlflow.put("big", "1.5e+300");
        // MLflow falls back to str(bytes) here, "b'\\x00\\x01\\xfe\\xff'"; bytes render as base64.
        mlflow.put("raw", "\"AAH+/w==\"");
        mlflow.put("list", "[1, \"two\", 3.5, false, null, [4, [5]], {\"k\": \"v\"}]");
        mlflow.put("map", "{\"a\": 1, \"b\": {\"c\": [true, 2.25]}, \"n\": null}");
        mlflow.put("unset", "null");
        mlflow.put("empty_list", "[]");
        mlflow.put("empty_map", "{}");
        Map<String, String> ours = new LinkedHashMap<>();
        decode(false).get(0).attributes().forEach((k, v) -> ours.put(k, PythonJson.dumps(v)));
        assertEquals(mlflow, ours);
        Map<String, Object> child = decode(false).get(1).attributes();
        assertEquals("\"{\\\"x\\\": 1}\"", PythonJson.dumps(child.get("mlflow.spanInputs")));
        assertEquals("-0.0", PythonJson.dumps(child.get("score")));
    }

    @Test
    void everyTruncationOfTheGoldenRequestIsRejected() throws IOException {
        byte[] body = protobuf();
        for (int len = 1; len < body.length; len++) {
            byte[] prefix = Arrays.copyOf(body, len);
            assertThrows(OtlpFormatException.class, () -> OtlpTraces.parse(prefix, false), "prefix " + len);
        }
    }
}
