package dev.labbook.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** api-spec/openapi.json, read with Jackson, with the look-ups the spec tests need. */
public final class OpenApiSpec {
    /** Where the spec lives in the repository; Maven also copies it to the classpath under this name. */
    public static final String LOCATION = "api-spec/openapi.json";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");

    /** One operation: upper-case method, the concrete path as listed under paths, and the operation object. */
    public record Operation(String method, String path, JsonNode node) {
        public String key() {
            return method + " " + path;
        }
    }

    private final JsonNode root;
    private final SchemaChecker checker;

    private OpenApiSpec(JsonNode root) {
        this.root = root;
        this.checker = new SchemaChecker(root);
    }

    /** The repository's file when the tests run from the project directory, else the classpath copy. */
    public static OpenApiSpec load() {
        ObjectMapper mapper = new ObjectMapper();
        try {
            Path file = Path.of(LOCATION);
            if (Files.isRegularFile(file)) {
                return new OpenApiSpec(mapper.readTree(file.toFile()));
            }
            try (InputStream in = OpenApiSpec.class.getClassLoader().getResourceAsStream(LOCATION)) {
                if (in == null) {
                    throw new IllegalStateException(LOCATION + " is neither in the working directory nor on the classpath");
                }
                return new OpenApiSpec(mapper.readTree(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION, e);
        }
    }

    public JsonNode root() {
        return root;
    }

    public SchemaChecker checker() {
        return checker;
    }

    /** Follows $ref chains (path items, responses, parameters, schemas) to the object they name. */
    public JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException("$ref cycle at " + node);
            }
            current = checker.resolve(current.get("$ref").asText());
        }
        return current;
    }

    /** Every operation under paths, keyed "METHOD /path", with path-level $refs followed. */
    public Map<String, Operation> operations() {
        Map<String, Operation> operations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            JsonNode item = deref(entry.getValue());
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (HTTP_METHODS.contains(name)) {
                    Operation op = new Operation(name.toUpperCase(Locale.ROOT), entry.getKey(), item.get(name));
                    operations.put(op.key(), op);
                }
            }
        }
        return operations;
    }

    /** The declared response for a status, with $refs followed, or null. */
    public JsonNode response(Operation op, int status) {
        JsonNode response = op.node().path("responses").get(Integer.toString(status));
        return response == null ? null : deref(response);
    }

    /** The schema of a declared response's media type, or null when that status or media type is not declared. */
    public JsonNode responseSchema(Operation op, int status, String mediaType) {
        JsonNode response = response(op, status);
        if (response == null) {
            return null;
        }
        JsonNode media = response.path("content").get(mediaType);
        return media == null ? null : media.path("schema");
    }

    /** The media types a declared response may have. */
    public List<String> responseMediaTypes(Operation op, int status) {
        List<String> types = new ArrayList<>();
        JsonNode response = response(op, status);
        if (response != null) {
            response.path("content").fieldNames().forEachRemaining(types::add);
        }
        return types;
    }

    /** The declared statuses of an operation, as numbers. */
    public List<Integer> statuses(Operation op) {
        List<Integer> statuses = new ArrayList<>();
        op.node().path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
        return statuses;
    }

    /** The schema of the JSON request body, or null when none is declared. */
    public JsonNode requestBodySchema(Operation op) {
        JsonNode body = op.node().get("requestBody");
        if (body == null) {
            return null;
        }
        JsonNode media = deref(body).path("content").get("application/json");
        return media == null ? null : media.path("schema");
    }

    /** The operation's parameters with $refs followed, by name. */
    public Map<String, JsonNode> parameters(Operation op) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode p : op.node().path("parameters")) {
            JsonNode param = deref(p);
            parameters.put(param.path("name").asText(), param);
        }
        return parameters;
    }
}
