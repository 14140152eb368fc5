package dev.labbook.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * The request fields a permission check needs, read the way the handler will read them: path
 * parameters, then the query string for GET (and bodiless DELETE), else the JSON body (snake_case
 * or lowerCamelCase). Unreadable bodies yield no fields; the handler then reports the real error.
 */
final class RequestFields {
    private final Context ctx;
    private final ObjectMapper mapper;
    private JsonNode body;

    RequestFields(Context ctx, ObjectMapper mapper) {
        this.ctx = ctx;
        this.mapper = mapper;
    }

    /** The fields of a request message built in-process (a GraphQL field's REST request). */
    RequestFields(JsonNode message) {
        this.ctx = null;
        this.mapper = null;
        this.body = message;
    }

    String get(String field) {
        List<String> all = all(field);
        return all.isEmpty() ? null : all.get(0);
    }

    List<String> all(String field) {
        List<String> values = new ArrayList<>();
        if (ctx != null && ctx.pathParamMap().containsKey(field)) {
            values.add(ctx.pathParam(field));
            return values;
        }
        if (ctx != null && fromQuery()) {
            values.addAll(ctx.queryParams(field));
            return values;
        }
        JsonNode node = body().get(field);
        if (node == null) {
            node = body().get(camel(field));
        }
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (node.isValueNode()) {
            values.add(node.asText());
        }
        return values;
    }

    private boolean fromQuery() {
        return ctx.method() == HandlerType.GET
                || (ctx.method() == HandlerType.DELETE && ctx.body().isBlank());
    }

    private JsonNode body() {
        if (body == null) {
            try {
                JsonNode node = mapper.readTree(ctx.body());
                if (node != null && node.isTextual()) {
                    node = mapper.readTree(node.asText());
                }
                body = node != null && node.isObject() ? node : mapper.createObjectNode();
            } catch (Exception e) {
                body = mapper.createObjectNode();
            }
        }
        return body;
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
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
}
