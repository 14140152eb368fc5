package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.Values.comparable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnyValuesTest {
    static String protoJson(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            AnyValues.writeProtoJson(value, gen);
        }
        return out.toString();
    }

    @Test
    void scalarsAsTheirOneofMember() throws IOException {
        assertEquals("{}", protoJson(null));
        assertEquals("{\"bool_value\":true}", protoJson(true));
        assertEquals("{\"string_value\":\"h\\\"i\"}", protoJson("h\"i"));
        assertEquals("{\"int_value\":21}", protoJson(21L));
        assertEquals("{\"int_value\":-9223372036854775808}", protoJson(Long.MIN_VALUE));
        assertEquals("{\"double_value\":0.5}", protoJson(0.5));
        assertEquals("{\"double_value\":\"NaN\"}", protoJson(Double.NaN));
        assertEquals("{\"double_value\":\"Infinity\"}", protoJson(Double.POSITIVE_INFINITY));
        assertEquals("{\"double_value\":\"-Infinity\"}", protoJson(Double.NEGATIVE_INFINITY));
        assertEquals("{\"bytes_value\":\"AAH+/w==\"}", protoJson(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
    }

    @Test
    void containersNestAsArrayAndKvlistValues() throws IOException {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1L);
        inner.put("a", null);
        assertEquals("{\"array_value\":{}}", protoJson(List.of()));
        assertEquals("{\"kvlist_value\":{}}", protoJson(Map.of()));
        assertEquals("{\"array_value\":{\"values\":[{\"string_value\":\"x\"},{},{\"array_value\":{}},"
                        + "{\"kvlist_value\":{\"values\":[{\"key\":\"z\",\"value\":{\"int_value\":1}},{\"key\":\"a\",\"value\":{}}]}}]}}",
                protoJson(Arrays.asList("x", null, List.of(), inner)));
    }

    @Test
    void otherTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> protoJson(new Object()));
    }

    @Test
    void fromJsonNodeGivesTheDecodedValueModel() {
        Object v = AnyValues.fromJsonNode(PythonJson.parse(
                "{\"s\": \"x\", \"b\": true, \"i\": -3, \"f\": 1.5, \"big\": 123456789012345678901234567890,"
                        + " \"nan\": NaN, \"n\": null, \"l\": [1, [2.0]], \"m\": {\"k\": {}}}"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "x");
        expected.put("b", true);
        expected.put("i", -3L);
        expected.put("f", 1.5);
        expected.put("big", 1.2345678901234568e29);
        expected.put("nan", Double.NaN);
        expected.put("n", null);
        expected.put("l", List.of(1L, List.of(2.0)));
        expected.put("m", Map.of("k", Map.of()));
        assertEquals(expected, v);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) v).keySet()));
        assertTrue(v instanceof LinkedHashMap);
        assertTrue(((Map<?, ?>) v).get("l") instanceof ArrayList);
        assertTrue(((Map<?, ?>) v).get("i") instanceof Long, "ints are Long even when they fit an int");
        assertNull(AnyValues.fromJsonNode(JsonNodeFactory.instance.nullNode()));
        assertEquals(9223372036854775807L, AnyValues.fromJsonNode(PythonJson.parse("9223372036854775807")));
        assertEquals(9.223372036854775808E18, AnyValues.fromJsonNode(PythonJson.parse("9223372036854775808")));
    }

    @Test
    void storedTextReadsBackAsTheSameValue() {
        // What the server stores (json.dumps) and later reads (json.loads) must give back the value.
        Object value = ProtoFixtures.everyType();
        Object back = AnyValues.fromJsonNode(PythonJson.parse(PythonJson.dumps(value)));
        Map<String, Object> expected = new LinkedHashMap<>(ProtoFixtures.everyType());
        expected.put("bytes", "AP8="); // bytes come back as their base64 text
        @SuppressWarnings("unchecked")
        List<Object> array = new ArrayList<>((List<Object>) expected.get("array"));
        array.set(5, "AQI=");
        expected.put("array", array);
        assertEquals(comparable(expected), comparable(back));
    }
}
