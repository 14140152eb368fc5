package dev.labbook.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request message, read the way MLflow's server reads protobuf JSON: snake_case or lowerCamelCase
 * names, int64 as numbers or strings, doubles as numbers or "NaN"/"Infinity", bools as JSON or
 * "true"/"false" in any case, unknown fields ignored. Typed getters raise MLflow's validation errors.
 */
public final class ApiRequest {
    private final ObjectNode body;
    private final String pathPrefix;
    /** Query strings have no types: a repeated key may be a singular field (first value wins). */
    private final boolean fromQuery;

    public ApiRequest(ObjectNode body) {
        this(body, "", false);
    }

    private ApiRequest(ObjectNode body, String pathPrefix, boolean fromQuery) {
        this.body = body;
        this.pathPrefix = pathPrefix;
        this.fromQuery = fromQuery;
    }

    /** GET requests carry fields in the query string: repeated keys become lists. */
    public static ApiRequest fromQuery(Map<String, List<String>> query) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        query.forEach((name, values) -> {
            if (values.size() == 1) {
                node.put(name, values.get(0));
            } else {
                ArrayNode array = node.putArray(name);
                values.forEach(array::add);
            }
        });
        return new ApiRequest(node, "", true);
    }

    public ObjectNode raw() {
        return body;
    }

    public boolean has(String field) {
        JsonNode node = node(field);
        return node != null && !node.isNull();
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null || value.isEmpty()) {
            throw missing(field);
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode node = scalar(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, node, typeName(node));
        }
        return node.asText();
    }

    /** An enum field: protobuf JSON accepts its name or its number; the text of either is returned. */
    public String optionalEnum(String field) {
        JsonNode node = scalar(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() || node.isIntegralNumber()) {
            return node.asText();
        }
        throw invalid(field, node, typeName(node));
    }

    /** The field's value; for a query string, the first of repeated values, as MLflow reads it. */
    private JsonNode scalar(String field) {
        JsonNode node = node(field);
        if (fromQuery && node != null && node.isArray() && !node.isEmpty()) {
            return node.get(0);
        }
        return node;
    }

    /** The run id, which old clients send as run_uuid. */
    public String runId() {
        String id = optionalString("run_id");
        if (id == null || id.isEmpty()) {
            id = optionalString("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw missing("run_id");
        }
        return id;
    }

    public Long optionalLong(String field) {
        JsonNode node = scalar(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0) {
            try {
                return node.decimalValue().longValueExact();
            } catch (ArithmeticException e) {
                throw outOfRange(field, node);
            }
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                if (node.asText().trim().matches("-?[0-9]+")) {
                    throw outOfRange(field, node);
                }
                throw invalid(field, node, "str");
            }
        }
        throw invalid(field, node, typeName(node));
    }

    /** Protobuf's wording for an int64 beyond 64 bits. */
    private MlflowException outOfRange(String field, JsonNode node) {
        return MlflowException.invalidParameter("Failed to parse " + pathPrefix + field + " field: Value out of range: "
                + node.asText() + ".");
    }

    public long requiredLong(String field) {
        Long value = optionalLong(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public long longOr(String field, long fallback) {
        Long value = optionalLong(field);
        return value == null ? fallback : value;
    }

    public Double optionalDouble(String field) {
        JsonNode node = scalar(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            switch (text) {
                case "NaN", "nan": return Double.NaN;
                case "Infinity", "inf": return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw invalid(field, node, "str");
                    }
            }
        }
        throw invalid(field, node, typeName(node));
    }

    public double requiredDouble(String field) {
        Double value = optionalDouble(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public Boolean optionalBoolean(String field) {
        JsonNode node = scalar(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText().toLowerCase());
        }
        throw invalid(field, node, typeName(node));
    }

    /** A repeated string field; a single value counts as a list of one. */
    public List<String> stringList(String field) {
        JsonNode node = node(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            // A query string cannot say "list": one value of a repeated field is a list of one.
            if (!fromQuery || !node.isTextual()) {
                throw invalid(field, node, typeName(node));
            }
            values.add(node.asText());
            return values;
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw invalid(field, node, "list");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** A repeated message field; each element's errors name its JSON path, e.g. metrics[3].timestamp. */
    public List<ApiRequest> objectList(String field) {
        JsonNode node = node(field);
        List<ApiRequest> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            throw invalid(field, node, typeName(node));
        }
        int index = 0;
        for (JsonNode item : node) {
            String path = pathPrefix + field + "[" + index++ + "]";
            if (!item.isObject()) {
                throw MlflowException.invalidParameter("Invalid value " + item + " for parameter '" + path
                        + "' supplied. Hint: Value was of type '" + typeName(item) + "'. " + API_DOCS);
            }
            items.add(new ApiRequest((ObjectNode) item, path + ".", false));
        }
        return items;
    }

    public ApiRequest optionalObject(String field) {
        JsonNode node = node(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(field, node, typeName(node));
        }
        return new ApiRequest((ObjectNode) node, pathPrefix + field + ".", false);
    }

    /** A field's raw JSON (a protobuf Value or Struct field), by either spelling; null when absent. */
    public JsonNode value(String field) {
        return node(field);
    }

    /** A map<string, string> field: a JSON object of strings (insertion order kept). */
    public Map<String, String> stringMap(String field) {
        JsonNode node = node(field);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw invalid(field, node, typeName(node));
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode v = entry.getValue();
            if (!v.isTextual()) {
                throw invalid(field + "." + entry.getKey(), v, typeName(v));
            }
            values.put(entry.getKey(), v.asText());
        }
        return values;
    }

    private JsonNode node(String field) {
        String camel = camelCase(field);
        JsonNode node = body.get(field);
        if (!camel.equals(field) && body.has(camel)) {
            // Both spellings at once is ambiguous: refuse it, as MLflow does.
            if (node != null) {
                throw MlflowException.invalidParameter("Request specifies both '" + pathPrefix + field + "' and '"
                        + pathPrefix + camel + "'; provide only one of them.");
            }
            node = body.get(camel);
        }
        return node;
    }

    /** MLflow accepts protobuf JSON names too: {@code run_id} may arrive as {@code runId}. */
    public static String camelCase(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static final String API_DOCS = "See the API docs for more information about request parameters.";

    public MlflowException missing(String field) {
        return MlflowException.invalidParameter(
                "Missing value for required parameter '" + pathPrefix + field + "'. " + API_DOCS);
    }

    private MlflowException invalid(String field, JsonNode node, String type) {
        return MlflowException.invalidParameter("Invalid value " + node + " for parameter '" + pathPrefix + field
                + "' supplied. Hint: Value was of type '" + type + "'. " + API_DOCS);
    }

    private static String typeName(JsonNode node) {
        if (node.isTextual()) return "str";
        if (node.isBoolean()) return "bool";
        if (node.isIntegralNumber()) return "int";
        if (node.isNumber()) return "float";
        if (node.isArray()) return "list";
        if (node.isObject()) return "dict";
        return "NoneType";
    }
}
