package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.JSON;
import static dev.labbook.spec.Scenarios.isPathParameter;
import static dev.labbook.spec.Scenarios.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.spec.Scenarios.Req;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks answers, and the tests' own valid requests, against the spec; failures are assertion errors. */
final class SpecChecks {
    private final OpenApiSpec spec;

    SpecChecks(OpenApiSpec spec) {
        this.spec = spec;
    }

    OpenApiSpec.Operation operation(String key) {
        OpenApiSpec.Operation op = spec.operations().get(key);
        assertNotNull(op, key + " is not in " + OpenApiSpec.LOCATION + " (see RouteTableMatchesSpecTest)");
        return op;
    }

    void checkResponse(OpenApiSpec.Operation op, int expectedStatus, String expectedCode,
                       HttpResponse<String> answer) {
        String where = op.key() + " answered " + answer.statusCode() + " " + abbreviate(answer.body());
        assertEquals(expectedStatus, answer.statusCode(), where);
        JsonNode response = spec.response(op, answer.statusCode());
        assertNotNull(response, where + ": status " + answer.statusCode() + " is not documented");

        String mediaType = answer.headers().firstValue("Content-Type").orElse("")
                .split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        List<String> documentedTypes = spec.responseMediaTypes(op, answer.statusCode());
        assertTrue(documentedTypes.contains(mediaType),
                where + ": Content-Type '" + mediaType + "' is not one of the documented " + documentedTypes);

        JsonNode body;
        if (mediaType.equals("application/json")) {
            try {
                body = JSON.readTree(answer.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError(where + ": body is not JSON: " + e.getOriginalMessage(), e);
            }
            assertNotNull(body, where + ": empty body");
        } else {
            body = TextNode.valueOf(answer.body());
        }
        List<String> errors = spec.checker().check(spec.responseSchema(op, answer.statusCode(), mediaType), body);
        if (!errors.isEmpty()) {
            fail(where + "\ndoes not match the spec's " + answer.statusCode() + " " + mediaType + " schema:\n  "
                    + String.join("\n  ", errors));
        }
        if (expectedCode != null) {
            assertEquals(expectedCode, body.path("error_code").asText(), where);
        }
    }

    /** A valid request must itself conform to the spec: its JSON body, its query parameters by name and type, its headers. */
    void checkRequest(OpenApiSpec.Operation op, Req req) {
        List<String> problems = new ArrayList<>();
        if (req.body() != null && "application/json".equals(req.contentType())) {
            JsonNode schema = spec.requestBodySchema(op);
            if (schema == null) {
                problems.add("the spec declares no application/json request body");
            } else {
                try {
                    problems.addAll(spec.checker().check(schema, JSON.readTree(req.body())));
                } catch (JsonProcessingException e) {
                    problems.add("the test's own body is not JSON");
                }
            }
        } else if (req.contentType() != null) {
            JsonNode body = op.node().get("requestBody");
            if (body == null || !spec.deref(body).path("content").has(req.contentType())) {
                problems.add("the spec declares no " + req.contentType() + " request body");
            }
        }
        Map<String, JsonNode> parameters = spec.parameters(op);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        Set<String> inPath = new TreeSet<>();
        for (Map.Entry<String, Object> pair : req.query()) {
            String name = pair.getKey();
            if (isPathParameter(name)) {
                name = name.substring(1, name.length() - 1);
                inPath.add(name);
            }
            sent.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values(pair.getValue()));
        }
        sent.forEach((name, values) -> {
            JsonNode parameter = parameters.get(name);
            String in = inPath.contains(name) ? "path" : "query";
            if (parameter == null || !in.equals(parameter.path("in").asText())) {
                problems.add(in + " parameter '" + name + "' is not declared");
                return;
            }
            JsonNode schema = spec.deref(parameter.path("schema"));
            JsonNode value;
            if ("array".equals(schema.path("type").asText())) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                values.forEach(array::add);
                value = array;
            } else if (values.size() != 1) {
                problems.add("query parameter '" + name + "' is not repeatable but was sent " + values.size() + " times");
                return;
            } else {
                value = queryValue(schema, values.get(0));
            }
            spec.checker().check(parameter.path("schema"), value)
                    .forEach(e -> problems.add("query parameter '" + name + "' " + e));
        });
        parameters.forEach((name, parameter) -> {
            if ("header".equals(parameter.path("in").asText())) {
                String value = req.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (value == null && parameter.path("required").asBoolean()) {
                    problems.add("required header '" + name + "' was not sent");
                } else if (value != null) {
                    spec.checker().check(parameter.path("schema"), TextNode.valueOf(value))
                            .forEach(e -> problems.add("header '" + name + "' " + e));
                }
            } else if (parameter.path("required").asBoolean() && !sent.containsKey(name)) {
                problems.add("required query parameter '" + name + "' was not sent");
            }
        });
        if (!problems.isEmpty()) {
            fail(op.key() + ": the test's valid request does not conform to the spec's request side:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** A query value as the schema types it: an integer parameter's digits become a JSON integer. */
    private static JsonNode queryValue(JsonNode schema, String text) {
        if ("integer".equals(schema.path("type").asText())) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 397) + "...";
    }
}
