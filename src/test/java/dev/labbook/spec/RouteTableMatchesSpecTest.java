package dev.labbook.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.App;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route table is the source of truth: every route it registers must be described in
 * api-spec/openapi.json, and the spec must describe nothing the server does not serve.
 */
class RouteTableMatchesSpecTest {
    private static App app;
    private static OpenApiSpec spec;

    @BeforeAll
    static void build() {
        app = new App(SpecApps.inMemory("routes"));
        spec = OpenApiSpec.load();
    }

    @AfterAll
    static void close() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyRouteIsInTheSpecAndEveryOperationHasARoute() {
        Set<String> routes = new TreeSet<>();
        for (Route route : app.routes().routes()) {
            routes.add(SpecApps.key(route));
        }
        Set<String> operations = new TreeSet<>(spec.operations().keySet());
        assertFalse(routes.isEmpty(), "the route table is empty");

        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(operations);
        Set<String> unserved = new TreeSet<>(operations);
        unserved.removeAll(routes);
        if (!undocumented.isEmpty() || !unserved.isEmpty()) {
            fail("api-spec/openapi.json does not match RouteTable.\n"
                    + "Routes missing from the spec (" + undocumented.size() + "):\n  "
                    + String.join("\n  ", undocumented)
                    + "\nSpec operations with no route (" + unserved.size() + "):\n  "
                    + String.join("\n  ", unserved));
        }
    }

    @Test
    void routesAreUniqueInTheRouteTable() {
        List<String> keys = app.routes().routes().stream().map(SpecApps::key).toList();
        Set<String> duplicates = keys.stream().filter(k -> keys.indexOf(k) != keys.lastIndexOf(k))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(duplicates.isEmpty(), "routes registered twice: " + duplicates);
    }

    /** Every JSON endpoint can reject a request (malformed JSON, wrong Content-Type) and can fail unexpectedly. */
    @Test
    void everyJsonOperationDocumentsSuccessAndItsGenericErrors() {
        List<String> problems = new ArrayList<>();
        for (OpenApiSpec.Operation op : spec.operations().values()) {
            if (!op.path().startsWith("/api/") && !op.path().startsWith("/ajax-api/")) {
                continue;
            }
            if (spec.responseSchema(op, 200, "application/json") == null) {
                problems.add(op.key() + ": no application/json schema for 200");
            }
            for (int status : new int[] {400, 500}) {
                if (spec.responseSchema(op, status, "application/json") == null) {
                    problems.add(op.key() + ": no application/json schema for " + status);
                }
            }
            if (op.method().equals("POST") && spec.requestBodySchema(op) == null) {
                problems.add(op.key() + ": POST without an application/json request body");
            }
            if (op.method().equals("GET") && op.node().has("requestBody")) {
                problems.add(op.key() + ": GET declares a request body; GET fields go in the query string");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void errorCodeEnumIsTheServersErrorCodes() {
        JsonNode codes = spec.root().at("/components/schemas/ErrorCode/enum");
        Set<String> specCodes = new TreeSet<>();
        codes.forEach(c -> specCodes.add(c.asText()));
        Set<String> serverCodes = Arrays.stream(ErrorCode.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(serverCodes, specCodes, "components/schemas/ErrorCode must list exactly dev.labbook.http.ErrorCode");
    }

    /**
     * Each error response narrows error_code to the codes the server maps to that HTTP status, so
     * a client reading the spec knows which codes a status can carry.
     */
    @Test
    void errorResponsesCarryTheCodesOfTheirStatus() {
        List<String> problems = new ArrayList<>();
        for (OpenApiSpec.Operation op : spec.operations().values()) {
            for (int status : spec.statuses(op)) {
                if (status < 400) {
                    continue;
                }
                JsonNode schema = spec.responseSchema(op, status, "application/json");
                if (schema == null || !isErrorSchema(schema)) {
                    continue;
                }
                Set<String> declared = narrowedCodes(spec.deref(schema));
                Set<String> expected = Arrays.stream(ErrorCode.values()).filter(c -> c.httpStatus() == status)
                        .map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
                if (!expected.equals(declared)) {
                    problems.add(op.key() + " " + status + ": error_code limited to " + declared
                            + " but the server sends " + expected + " with that status");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static boolean isErrorSchema(JsonNode schema) {
        JsonNode resolved = spec.deref(schema);
        for (JsonNode part : resolved.path("allOf")) {
            if ("#/components/schemas/Error".equals(part.path("$ref").asText())) {
                return true;
            }
        }
        return "#/components/schemas/Error".equals(schema.path("$ref").asText());
    }

    /** The error_code enum an allOf branch adds to Error; all codes when there is none. */
    private static Set<String> narrowedCodes(JsonNode schema) {
        Set<String> codes = new TreeSet<>();
        for (JsonNode part : schema.path("allOf")) {
            JsonNode narrowed = part.at("/properties/error_code/enum");
            narrowed.forEach(c -> codes.add(c.asText()));
        }
        if (codes.isEmpty()) {
            spec.root().at("/components/schemas/ErrorCode/enum").forEach(c -> codes.add(c.asText()));
        }
        return codes;
    }

    /** Each shared path item is used by both prefixes, so /api and /ajax-api cannot drift apart. */
    @Test
    void apiAndAjaxApiCopiesShareOneDefinition() {
        List<String> problems = new ArrayList<>();
        JsonNode paths = spec.root().path("paths");
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
            String path = entry.getKey();
            if (!path.startsWith("/api/")) {
                continue;
            }
            JsonNode twin = paths.get("/ajax-api/" + path.substring("/api/".length()));
            if (twin == null) {
                problems.add(path + " has no /ajax-api twin");
            } else if (!entry.getValue().equals(twin)) {
                problems.add(path + " and its /ajax-api twin are defined differently");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
