package dev.labbook.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (2020-12 subset) checker for the schemas in api-spec/openapi.json. It
 * supports exactly the keywords the spec uses and refuses any other keyword, so the spec cannot
 * grow a rule that the tests would silently skip.
 *
 * <p>One deliberate deviation from JSON Schema: {@code "type": "integer"} accepts only integer
 * literals ({@code 5}, not {@code 5.0}), because the protocol sends int64 fields as plain JSON
 * integers; {@code "format": "int64"} additionally requires the value to fit in 64 bits.
 */
public final class SchemaChecker {
    /** Keywords that constrain a value. */
    private static final Set<String> ASSERTIONS = Set.of(
            "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items",
            "minItems", "maxItems", "pattern", "minLength", "maxLength", "minimum", "maximum",
            "allOf", "anyOf", "oneOf", "format");
    /** Keywords that only annotate. */
    private static final Set<String> ANNOTATIONS = Set.of(
            "description", "title", "deprecated", "example", "examples", "default", "readOnly", "writeOnly",
            "contentMediaType", "contentEncoding");

    private final JsonNode document;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** @param document the whole OpenAPI document, against which {@code $ref}s are resolved */
    public SchemaChecker(JsonNode document) {
        this.document = document;
    }

    /** Every violation of {@code schema} by {@code value}, each as "{json path}: {reason}"; empty if it conforms. */
    public List<String> check(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": no value is allowed here");
            }
            return;
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException("not a schema at " + path + ": " + schema);
        }
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!ASSERTIONS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException("SchemaChecker does not support the keyword '" + keyword
                        + "' (schema checked at " + path + ")");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            errors.add(path + ": expected " + typeText(schema.get("type")) + ", got " + describe(value));
            return; // the remaining keywords would only repeat the mismatch
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= same(allowed, value);
            }
            if (!found) {
                errors.add(path + ": " + describe(value) + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("const") && !same(schema.get("const"), value)) {
            errors.add(path + ": expected " + schema.get("const") + ", got " + describe(value));
        }
        if (value.isTextual()) {
            checkString(schema, value.textValue(), path, errors);
        }
        if (value.isNumber()) {
            checkNumber(schema, value, path, errors);
        }
        if (value.isArray()) {
            checkArray(schema, value, path, errors);
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        }
        if (schema.has("allOf")) {
            for (JsonNode branch : schema.get("allOf")) {
                check(branch, value, path, errors);
            }
        }
        if (schema.has("anyOf")) {
            List<List<String>> failures = new ArrayList<>();
            for (JsonNode branch : schema.get("anyOf")) {
                List<String> branchErrors = new ArrayList<>();
                check(branch, value, path, branchErrors);
                if (branchErrors.isEmpty()) {
                    failures = null;
                    break;
                }
                failures.add(branchErrors);
            }
            if (failures != null) {
                errors.add(path + ": matches none of the anyOf alternatives " + failures);
            }
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            List<List<String>> failures = new ArrayList<>();
            for (JsonNode branch : schema.get("oneOf")) {
                List<String> branchErrors = new ArrayList<>();
                check(branch, value, path, branchErrors);
                if (branchErrors.isEmpty()) {
                    matches++;
                } else {
                    failures.add(branchErrors);
                }
            }
            if (matches == 0) {
                errors.add(path + ": matches none of the oneOf alternatives " + failures);
            } else if (matches > 1) {
                errors.add(path + ": matches " + matches + " oneOf alternatives, exactly one is allowed");
            }
        }
    }

    private void checkString(JsonNode schema, String text, String path, List<String> errors) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            errors.add(path + ": string shorter than " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            errors.add(path + ": string longer than " + schema.get("maxLength").asInt() + " characters");
        }
        if (schema.has("pattern")) {
            String regex = schema.get("pattern").asText();
            if (!patterns.computeIfAbsent(regex, Pattern::compile).matcher(text).find()) {
                errors.add(path + ": \"" + abbreviate(text) + "\" does not match /" + regex + "/");
            }
        }
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
            errors.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
            errors.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
        if (schema.has("format") && schema.get("format").asText().equals("int64")
                && value.isIntegralNumber() && !value.canConvertToLong()) {
            errors.add(path + ": " + value + " does not fit in 64 bits");
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": fewer than " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": more than " + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asText())) {
                    errors.add(path + ": missing required property '" + name.asText() + "'");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), childPath, errors);
            } else if (schema.has("additionalProperties")) {
                JsonNode additional = schema.get("additionalProperties");
                if (additional.isBoolean() && !additional.booleanValue()) {
                    errors.add(childPath + ": property not allowed by the schema");
                } else {
                    check(additional, field.getValue(), childPath, errors);
                }
            }
        }
    }

    /** Follows a local reference such as {@code #/components/schemas/Run}. */
    public JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only local $refs are supported: " + ref);
        }
        JsonNode target = document.at(JsonPointer.compile(ref.substring(1)));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref points nowhere: " + ref);
        }
        return target;
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (hasType(t.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return hasType(type.asText(), value);
    }

    private static boolean hasType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown JSON Schema type '" + type + "'");
        };
    }

    private static String typeText(JsonNode type) {
        if (!type.isArray()) {
            return type.asText();
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(t.asText()));
        return "one of " + String.join(", ", names);
    }

    /** JSON equality, with numbers compared by value (1 equals 1.0, an int node equals a long node). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String describe(JsonNode value) {
        String kind;
        if (value.isObject()) {
            kind = "object";
        } else if (value.isArray()) {
            kind = "array";
        } else if (value.isTextual()) {
            kind = "string";
        } else if (value.isIntegralNumber()) {
            kind = "integer";
        } else if (value.isNumber()) {
            kind = "number";
        } else if (value.isBoolean()) {
            kind = "boolean";
        } else {
            kind = "null";
        }
        return kind + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
