package dev.labbook.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.ApiRequest;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * The request fields a permission check needs, read exactly the way the handler will read them, so
 * that the checked resource is the one acted on. A JSON endpoint reads its message (the query string
 * of a GET that has one, else the JSON body, snake_case or lowerCamelCase) and falls back to path
 * parameters only for fields the message lacks; any other handler reads path parameters, then the
 * query string, and its body is never touched (it may be a large upload).
 */
final class RequestFields {
    private final Context ctx;
    private final ObjectMapper mapper;
    private final boolean json;
    private JsonNode body;

    RequestFields(Context ctx, ObjectMapper mapper, boolean json) {
        this.ctx = ctx;
        this.mapper = mapper;
        this.json = json;
    }

    /** The fields of a request message built in-process (a GraphQL field's REST request). */
    RequestFields(JsonNode message) {
        this.ctx = null;
        this.mapper = null;
        this.json = true;
        this.body = message;
    }

    String get(String field) {
        List<String> all = all(field);
        return all.isEmpty() ? null : all.get(0);
    }

    List<String> all(String field) {
        List<String> values = new ArrayList<>();
        if (ctx == null) {
            return fromMessage(body, field);
        }
        if (!json) {
            if (ctx.pathParamMap().containsKey(field)) {
                values.add(ctx.pathParam(field));
                return values;
            }
            values.addAll(ctx.queryParams(field));
            return values;
        }
        if (ctx.method() == HandlerType.GET && ctx.queryString() != null && !ctx.queryString().isEmpty()) {
            values.addAll(ctx.queryParams(field));
        } else {
            values.addAll(fromMessage(body(), field));
        }
        if (values.isEmpty() && ctx.pathParamMap().containsKey(field)) {
            values.add(ctx.pathParam(field));
        }
        return values;
    }

    /** A field nested in the message, e.g. trace.trace_info.trace_location...; null when absent. */
    String nested(String... path) {
        if (ctx != null && !json) {
            return null;
        }
        JsonNode node = ctx == null ? body : body();
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode next = node.get(name);
            node = next != null ? next : node.get(ApiRequest.camelCase(name));
        }
        if (node == null) {
            return null;
        }
        return node.isValueNode() ? node.asText() : null;
    }

    /** A request header (the OTLP intake names its experiment in one). */
    String header(String name) {
        return ctx == null ? null : ctx.header(name);
    }

    private static List<String> fromMessage(JsonNode message, String field) {
        List<String> values = new ArrayList<>();
        JsonNode node = message.get(field);
        if (node == null) {
            node = message.get(ApiRequest.camelCase(field));
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
}
