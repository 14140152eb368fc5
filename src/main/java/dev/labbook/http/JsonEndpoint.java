package dev.labbook.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;

/** Adapts an {@link ApiHandler} to HTTP: reads the request message, writes the response as JSON. */
final class JsonEndpoint implements Handler {
    private final ApiHandler handler;
    private final ObjectMapper mapper;

    JsonEndpoint(ApiHandler handler, ObjectMapper mapper) {
        this.handler = handler;
        this.mapper = mapper;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ApiRequest request = read(ctx);
        // Path parameters (e.g. a logged model's id or an artifact path) join the message's fields.
        ctx.pathParamMap().forEach((name, value) -> {
            if (!request.raw().has(name)) {
                request.raw().put(name, value);
            }
        });
        Object response = handler.handle(request);
        ctx.contentType("application/json");
        if (response instanceof StreamedResponse streamed) {
            try (JsonGenerator json = mapper.getFactory().createGenerator(ctx.outputStream())) {
                streamed.writeJson(json);
            }
            return;
        }
        ctx.result(mapper.writeValueAsBytes(response == null ? JsonObject.empty() : response));
    }

    private ApiRequest read(Context ctx) throws IOException {
        if (ctx.method() == HandlerType.GET && ctx.queryString() != null && !ctx.queryString().isEmpty()) {
            return ApiRequest.fromQuery(ctx.queryParamMap());
        }
        if (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT) {
            requireJsonContentType(ctx);
        }
        String body = ctx.body();
        if (body.isBlank()) {
            return new ApiRequest(mapper.createObjectNode());
        }
        JsonNode node = parse(body);
        if (node.isTextual()) {
            // Old clients sent the message as a JSON string holding JSON.
            node = parse(node.asText());
        }
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("Malformed request body: expected a JSON object, got " + node.getNodeType());
        }
        return new ApiRequest((ObjectNode) node);
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw MlflowException.invalidParameter("Malformed JSON in request body: " + e.getOriginalMessage());
        }
    }

    /**
     * As MLflow 2.9+: a browser form cannot post JSON cross-site, so JSON is required. The refused
     * type is never echoed (CVE-2023-6568 was a reflected XSS through that message).
     */
    private static void requireJsonContentType(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            throw MlflowException.invalidParameter("Bad Request. Content-Type header is missing.");
        }
        String mime = type.split(";", 2)[0].trim().toLowerCase();
        if (!mime.equals("application/json")) {
            throw MlflowException.invalidParameter(
                    "Bad Request. Content-Type must be one of ['application/json'].");
        }
    }
}
