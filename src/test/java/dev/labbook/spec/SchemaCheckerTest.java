package dev.labbook.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SchemaChecker must reject what it is meant to reject, and say where and why. */
class SchemaCheckerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DOCUMENT = """
            {"components": {"schemas": {
              "Tag": {"type": "object", "required": ["key", "value"], "additionalProperties": false,
                      "properties": {"key": {"type": "string", "minLength": 1}, "value": {"type": "string"}}},
              "Value": {"oneOf": [{"type": "number"}, {"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}]},
              "Thing": {"type": "object", "required": ["id", "count"],
                        "properties": {
                          "id": {"type": "string", "pattern": "^[0-9]+$"},
                          "count": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 10},
                          "value": {"$ref": "#/components/schemas/Value"},
                          "either": {"type": ["string", "null"]},
                          "big": {"type": "integer", "format": "int64"},
                          "tags": {"type": "array", "maxItems": 2, "items": {"$ref": "#/components/schemas/Tag"}},
                          "flags": {"type": "object", "additionalProperties": {"type": "boolean"}}
                        }},
              "Narrowed": {"allOf": [{"$ref": "#/components/schemas/Thing"},
                                     {"type": "object", "properties": {"id": {"enum": ["1", "2"]}}}]},
              "Either": {"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}
            }}}
            """;

    private final JsonNode document = read(DOCUMENT);
    private final SchemaChecker checker = new SchemaChecker(document);

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> check(String schemaName, String value) {
        return checker.check(document.at("/components/schemas/" + schemaName), read(value));
    }

    private void assertOnlyError(String schemaName, String value, String expectedStart) {
        List<String> errors = check(schemaName, value);
        assertEquals(1, errors.size(), "expected exactly one error, got " + errors);
        assertTrue(errors.get(0).startsWith(expectedStart), "expected <" + expectedStart + "...>, got " + errors);
    }

    @Test
    void acceptsAConformingValue() {
        assertEquals(List.of(), check("Thing", """
                {"id": "12", "count": 3, "value": "NaN", "either": null, "extra": 1,
                 "tags": [{"key": "k", "value": ""}], "flags": {"gateway": false}}"""));
        assertEquals(List.of(), check("Thing", "{\"id\": \"1\", \"count\": 10, \"value\": -1.5e300}"));
    }

    @Test
    void rejectsWrongBodiesWithPathAndReason() {
        assertOnlyError("Thing", "{\"id\": 12, \"count\": 3}", "$.id: expected string, got integer 12");
        assertOnlyError("Thing", "{\"count\": 3}", "$: missing required property 'id'");
        assertOnlyError("Thing", "{\"id\": \"x1\", \"count\": 3}", "$.id: \"x1\" does not match /^[0-9]+$/");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 3.5}", "$.count: expected integer, got number 3.5");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 3.0}", "$.count: expected integer");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": \"3\"}", "$.count: expected integer, got string");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 11}", "$.count: 11 is above the maximum 10");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": -1}", "$.count: -1 is below the minimum 0");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"value\": \"nan\"}",
                "$.value: matches none of the oneOf alternatives");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"value\": null}",
                "$.value: matches none of the oneOf alternatives");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"either\": 5}",
                "$.either: expected one of string, null, got integer 5");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"tags\": [{\"key\": \"k\", \"value\": \"v\", \"x\": 1}]}",
                "$.tags[0].x: property not allowed by the schema");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"tags\": [{\"key\": \"\", \"value\": \"v\"}]}",
                "$.tags[0].key: string shorter than 1 characters");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"tags\": [{\"key\": \"k\"}]}",
                "$.tags[0]: missing required property 'value'");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"tags\": [" + "{\"key\": \"k\", \"value\": \"v\"},".repeat(2)
                + "{\"key\": \"k\", \"value\": \"v\"}]}", "$.tags: more than 2 items");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"flags\": {\"gateway\": \"yes\"}}",
                "$.flags.gateway: expected boolean");
        assertOnlyError("Thing", "{\"id\": \"1\", \"count\": 1, \"big\": 9223372036854775808}",
                "$.big: 9223372036854775808 does not fit");
        assertOnlyError("Thing", "[]", "$: expected object, got array");
    }

    @Test
    void combinesAllOfAndAnyOf() {
        assertEquals(List.of(), check("Narrowed", "{\"id\": \"2\", \"count\": 1}"));
        assertOnlyError("Narrowed", "{\"id\": \"3\", \"count\": 1}", "$.id: string \"3\" is not one of [\"1\",\"2\"]");
        assertEquals(List.of(), check("Either", "{\"b\": 1}"));
        assertOnlyError("Either", "{\"c\": 1}", "$: matches none of the anyOf alternatives");
    }

    @Test
    void matchingTwoOneOfAlternativesIsAnError() {
        JsonNode schema = read("{\"oneOf\": [{\"type\": \"number\"}, {\"type\": \"integer\"}]}");
        assertEquals(List.of(), checker.check(schema, read("1.5")));
        List<String> errors = checker.check(schema, read("1"));
        assertEquals(List.of("$: matches 2 oneOf alternatives, exactly one is allowed"), errors);
    }

    @Test
    void enumComparesNumbersByValue() {
        JsonNode schema = read("{\"enum\": [1, 2, \"3\"]}");
        assertEquals(List.of(), checker.check(schema, read("2")));
        assertEquals(1, checker.check(schema, read("3")).size(), "the number 3 is not the string \"3\"");
    }

    @Test
    void refusesKeywordsItDoesNotImplement() {
        JsonNode schema = read("{\"type\": \"string\", \"uniqueItems\": true}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> checker.check(schema, read("\"x\"")));
        assertTrue(e.getMessage().contains("uniqueItems"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> checker.check(read("{\"$ref\": \"#/components/schemas/Nope\"}"), read("1")));
    }

    @Test
    void falseSchemaRejectsEverything() {
        assertEquals(List.of("$: no value is allowed here"), checker.check(read("false"), read("{}")));
        assertEquals(List.of(), checker.check(read("true"), read("{}")));
    }
}
