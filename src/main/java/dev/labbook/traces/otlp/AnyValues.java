package dev.labbook.traces.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.labbook.http.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoded values (see {@link OtlpTraces}) to and from the other shapes the server needs. */
public final class AnyValues {
    private AnyValues() {}

    /**
     * Writes {@code value} as an OTLP AnyValue message in MLflow's proto JSON: snake_case member
     * names, int64 as a JSON number, doubles by the server's one rule for proto doubles (NaN and
     * the infinities as strings), bytes as base64. Null is the empty AnyValue {@code {}}; an
     * empty list or map is a set member with no values, {@code {"array_value":{}}}, since proto
     * JSON leaves out an empty repeated field.
     *
     * @throws IllegalArgumentException for a value outside the decoded-value model
     */
    public static void writeProtoJson(Object value, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        switch (value) {
            case null -> { }
            case String s -> gen.writeStringField("string_value", s);
            case Boolean b -> gen.writeBooleanField("bool_value", b);
            case Long n -> gen.writeNumberField("int_value", n);
            case Integer n -> gen.writeNumberField("int_value", n.longValue());
            case Double d -> {
                gen.writeFieldName("double_value");
                Json.writeDouble(gen, d);
            }
            case Float f -> {
                gen.writeFieldName("double_value");
                Json.writeDouble(gen, f.doubleValue());
            }
            case byte[] bytes -> gen.writeBinaryField("bytes_value", bytes);
            case List<?> list -> {
                gen.writeObjectFieldStart("array_value");
                if (!list.isEmpty()) {
                    gen.writeArrayFieldStart("values");
                    for (Object item : list) {
                        writeProtoJson(item, gen);
                    }
                    gen.writeEndArray();
                }
                gen.writeEndObject();
            }
            case Map<?, ?> map -> {
                gen.writeObjectFieldStart("kvlist_value");
                if (!map.isEmpty()) {
                    gen.writeArrayFieldStart("values");
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        gen.writeStartObject();
                        gen.writeStringField("key", String.valueOf(e.getKey()));
                        gen.writeFieldName("value");
                        writeProtoJson(e.getValue(), gen);
                        gen.writeEndObject();
                    }
                    gen.writeEndArray();
                }
                gen.writeEndObject();
            }
            default -> throw new IllegalArgumentException(
                    "not an AnyValue: " + value.getClass().getName());
        }
        gen.writeEndObject();
    }

    /**
     * A parsed JSON value (what json.loads gives for a stored attribute) as a decoded value.
     * Integers beyond int64, which no AnyValue can hold, become the nearest Double.
     */
    public static Object fromJsonNode(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> number(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(fromJsonNode(item));
                }
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), fromJsonNode(e.getValue()));
                }
                yield map;
            }
            case BINARY -> ((BinaryNode) node).binaryValue();
            case NULL, MISSING -> null;
            case POJO -> throw new IllegalArgumentException(
                    "not a JSON value: " + ((POJONode) node).getPojo());
        };
    }

    private static Object number(JsonNode node) {
        if (!node.isIntegralNumber()) {
            return node.doubleValue();
        }
        if (node.canConvertToLong()) {
            return node.longValue();
        }
        BigInteger big = node.bigIntegerValue();
        return big.doubleValue();
    }
}
