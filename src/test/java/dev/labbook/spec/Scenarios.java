package dev.labbook.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each endpoint is called with, for {@link ResponsesMatchSpecTest}. Keys are "METHOD <path after
 * /mlflow>" (raw routes: full path). The lists are filled by one {@code *Scenarios.register()} per feature.
 */
final class Scenarios {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNKNOWN_EXPERIMENT = "987654321";
    static final String UNKNOWN_RUN = "ffffffffffffffffffffffffffffffff";
    static final String UNKNOWN_MODEL = "m-ffffffffffffffffffffffffffffffff";
    static final String INVALID = "INVALID_PARAMETER_VALUE";
    static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The artifact proxy's destination, shared by the live server and the outage server. */
    static final Path ARTIFACTS = newArtifactsDestination();

    /**
     * Documented statuses no request can provoke here: the destination is a local folder, which has
     * no multipart upload, so the multipart routes' 200 (S3 destinations only) cannot happen.
     */
    static final Map<String, Set<Integer>> UNPROVOKABLE = new LinkedHashMap<>();

    private static final Map<String, List<Case>> SCENARIOS = new LinkedHashMap<>();

    static {
        SystemScenarios.register();
        ExperimentScenarios.register();
        RunScenarios.register();
        MetricScenarios.register();
        RegistryScenarios.register();
        LoggedModelScenarios.register();
        ArtifactScenarios.register();
        UiScenarios.register();
        AuthScenarios.register();
        GenAiScenarios.register(); // GenAI: one line
        ScorerScenarios.register(); // Scorers: one line
        IssueScenarios.register(); // Issues: one line
        TraceScenarios.register();
        ReviewScenarios.register();
        EvalDatasetScenarios.register();
    }

    private Scenarios() {}

    /** One request to make and the answer expected. */
    record Case(String label, boolean valid, int status, String errorCode, Function<Fixtures, Req> request) {}

    /**
     * A request: query pairs (a value may be a List for a repeated key), an optional body and headers.
     * A binary body (protobuf, gzip) is {@code bytes}; {@code body} is then null.
     */
    record Req(List<Map.Entry<String, Object>> query, String body, String contentType, Map<String, String> headers,
               byte[] bytes) {
        Req(List<Map.Entry<String, Object>> query, String body, String contentType, Map<String, String> headers) {
            this(query, body, contentType, headers, null);
        }
    }

    static void endpoint(String key, Case... cases) {
        if (SCENARIOS.put(key, List.of(cases)) != null) {
            throw new IllegalStateException("two scenario lists for " + key);
        }
    }

    static Case ok(Function<Fixtures, Req> request) {
        return new Case("valid request", true, 200, null, request);
    }

    static Case fails(String label, int status, String errorCode, Function<Fixtures, Req> request) {
        return new Case(label, false, status, errorCode, request);
    }

    /** The cases for a route, or null when it has none; a version-qualified list wins over the plain one. */
    static List<Case> casesFor(Route route) {
        List<Case> versioned = SCENARIOS.get(versionedEndpointOf(route));
        return versioned != null ? versioned : SCENARIOS.get(endpointOf(route));
    }

    static Case validCase(Route route) {
        return Objects.requireNonNullElse(casesFor(route), List.<Case>of()).stream().filter(Case::valid).findFirst()
                .orElse(null);
    }

    /** "METHOD <path after the /mlflow prefix>", or the full path for routes outside the MLflow prefixes. */
    static String endpointOf(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " "
                + route.path().replaceFirst("^/(api|ajax-api)/[0-9]+\\.[0-9]+/mlflow(?=/)", "");
    }

    /**
     * "METHOD <version> <path after the /mlflow prefix>", e.g. "POST 3.0 /traces", for the paths that
     * both protocol versions serve with different messages; other routes give their plain key.
     */
    static String versionedEndpointOf(Route route) {
        Matcher m = VERSIONED.matcher(route.path());
        if (!m.lookingAt()) {
            return endpointOf(route);
        }
        return route.method().name().toUpperCase(Locale.ROOT) + " " + m.group(1) + " " + route.path().substring(m.end());
    }

    private static final Pattern VERSIONED = Pattern.compile("^/(?:api|ajax-api)/([0-9]+\\.[0-9]+)/mlflow(?=/)");

    // ---- request builders ----

    static Req get(Object... keysAndValues) {
        List<Map.Entry<String, Object>> query = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.add(Map.entry((String) keysAndValues[i], keysAndValues[i + 1]));
        }
        return new Req(query, null, null, Map.of());
    }

    static Req post(Object body) {
        try {
            return new Req(List.of(), JSON.writeValueAsString(body), "application/json", Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The request with path parameters, carried as "{name}" pairs that send() puts into the route's path. */
    static Req at(Req req, Object... namesAndValues) {
        List<Map.Entry<String, Object>> query = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.add(Map.entry("{" + namesAndValues[i] + "}", namesAndValues[i + 1]));
        }
        query.addAll(req.query());
        return new Req(query, req.body(), req.contentType(), req.headers(), req.bytes());
    }

    static Req raw(String body, String contentType, Map<String, String> headers) {
        return new Req(List.of(), body, contentType, headers);
    }

    /** A binary body, such as OTLP protobuf. */
    static Req binary(byte[] bytes, String contentType, Map<String, String> headers) {
        return new Req(List.of(), null, contentType, headers, bytes);
    }

    /** An ordered JSON object from key, value pairs. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Map<String, Object> dataset(String name, String digest) {
        return obj("tags", List.of(obj("key", "mlflow.data.context", "value", "training")),
                "dataset", obj("name", name, "digest", digest, "source_type", "local",
                        "source", "{\"uri\": \"/data/train.csv\"}", "schema", "{\"mlflow_colspec\": []}",
                        "profile", "{\"num_rows\": 3}"));
    }

    static boolean isPathParameter(String name) {
        return name.startsWith("{") && name.endsWith("}");
    }

    /** A query pair's values: a List is a repeated key. */
    static List<String> values(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    // ---- files ----

    private static Path newArtifactsDestination() {
        try {
            return Files.createTempDirectory("labbook-spec-proxied-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file straight into a folder, standing in for an earlier upload. */
    static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
