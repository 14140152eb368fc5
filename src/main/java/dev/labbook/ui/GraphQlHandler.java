package dev.labbook.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.artifacts.ArtifactHandlers;
import dev.labbook.experiments.ExperimentHandlers;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;
import dev.labbook.metrics.MetricHandlers;
import dev.labbook.registry.RegistryHandlers;
import dev.labbook.runs.RunHandlers;
import dev.labbook.ui.GraphQl.Field;
import dev.labbook.ui.GraphQl.FragmentSpread;
import dev.labbook.ui.GraphQl.GraphQlException;
import dev.labbook.ui.GraphQl.InlineFragment;
import dev.labbook.ui.GraphQl.Operation;
import dev.labbook.ui.GraphQl.Selection;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /graphql} as the stock MLflow server answers it, for the operations its web UI sends. Each
 * root field calls the REST handler of the same RPC and projects its (snake_case, proto JSON) answer
 * onto the selection set: camelCase names, int64 values as strings (MLflow's LongString scalar),
 * non-finite metric values as null. Errors are plain strings in {@code errors}, always with HTTP 200.
 */
public final class GraphQlHandler {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Repeated fields: proto JSON leaves them out when empty, GraphQL answers []. */
    private static final Set<String> LISTS = Set.of("tags", "metrics", "params", "datasetInputs", "modelInputs",
            "modelOutputs", "runs", "modelVersions", "files", "datasetSummaries", "aliases", "experimentIds",
            "modelParams", "modelMetrics", "errorDetails");
    /** Float fields (type.field); every other number is an int64 and becomes a string, tag values stay strings. */
    private static final Set<String> FLOATS = Set.of("MlflowMetric.value", "MlflowModelMetric.value",
            "MlflowMetricWithRunId.value");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("run", "MlflowRun"), Map.entry("runs", "MlflowRun"), Map.entry("info", "MlflowRunInfo"),
            Map.entry("data", "MlflowRunData"), Map.entry("experiment", "MlflowExperiment"),
            Map.entry("metrics", "MlflowMetric"), Map.entry("params", "MlflowParam"),
            Map.entry("inputs", "MlflowRunInputs"), Map.entry("outputs", "MlflowRunOutputs"),
            Map.entry("datasetInputs", "MlflowDatasetInput"), Map.entry("dataset", "MlflowDataset"),
            Map.entry("modelInputs", "MlflowModelInput"), Map.entry("modelOutputs", "MlflowModelOutput"),
            Map.entry("modelVersions", "MlflowModelVersion"), Map.entry("files", "MlflowFileInfo"),
            Map.entry("datasetSummaries", "MlflowDatasetSummary"));

    private final ObjectMapper mapper;
    private final ExperimentHandlers experiments;
    private final RunHandlers runs;
    private final MetricHandlers metrics;
    private final ArtifactHandlers artifacts;
    private final RegistryHandlers registry;
    /** Auth: checks the caller's permission for one root field and its REST request (--auth). */
    private final java.util.function.BiConsumer<String, ObjectNode> fieldGuard;

    public GraphQlHandler(ObjectMapper mapper, ExperimentHandlers experiments, RunHandlers runs, MetricHandlers metrics,
                          ArtifactHandlers artifacts, RegistryHandlers registry) {
        this(mapper, experiments, runs, metrics, artifacts, registry, (field, request) -> { });
    }

    public GraphQlHandler(ObjectMapper mapper, ExperimentHandlers experiments, RunHandlers runs, MetricHandlers metrics,
                          ArtifactHandlers artifacts, RegistryHandlers registry,
                          java.util.function.BiConsumer<String, ObjectNode> fieldGuard) {
        this.fieldGuard = fieldGuard;
        this.mapper = mapper;
        this.experiments = experiments;
        this.runs = runs;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.registry = registry;
    }

    public void handle(Context ctx) throws JsonProcessingException {
        ObjectNode answer;
        try {
            answer = execute(request(ctx));
        } catch (GraphQlException e) {
            answer = failure(e.getMessage());
        }
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(answer));
    }

    private ObjectNode request(Context ctx) {
        if (ctx.method() == HandlerType.GET) {
            ObjectNode req = F.objectNode();
            req.put("query", ctx.queryParam("query"));
            req.put("operationName", ctx.queryParam("operationName"));
            String variables = ctx.queryParam("variables");
            if (variables != null && !variables.isBlank()) {
                req.set("variables", parse(variables, "variables"));
            }
            return req;
        }
        JsonNode body = parse(ctx.body(), "request body");
        if (!body.isObject()) {
            throw new GraphQlException("The request body must be a JSON object with a 'query'.");
        }
        return (ObjectNode) body;
    }

    private JsonNode parse(String text, String what) {
        try {
            JsonNode node = mapper.readTree(text == null ? "" : text);
            if (node == null || node.isMissingNode()) {
                throw new GraphQlException("The " + what + " is empty; expected JSON with a 'query'.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new GraphQlException("The " + what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Runs one request message ({@code query}, {@code variables}, {@code operationName}). */
    public ObjectNode execute(JsonNode request) {
        JsonNode queryNode = request.path("query");
        if (!queryNode.isTextual()) {
            throw new GraphQlException("Must provide query string.");
        }
        GraphQl.Document document = GraphQl.parse(queryNode.asText());
        String operationName = request.path("operationName").isTextual() ? request.path("operationName").asText() : null;
        Operation operation = pick(document, operationName);
        if (operation.kind().equals("subscription")) {
            throw new GraphQlException("Subscriptions are not supported.");
        }
        ObjectNode variables = F.objectNode();
        JsonNode given = request.path("variables");
        for (GraphQl.VariableDefinition def : operation.variables()) {
            if (given.has(def.name())) {
                variables.set(def.name(), given.get(def.name()));
            } else if (def.defaultValue() != null) {
                variables.set(def.name(), GraphQl.toJson(def.defaultValue(), null));
            }
        }
        Execution run = new Execution(document, variables);
        ObjectNode data = F.objectNode();
        String rootType = operation.kind().equals("mutation") ? "Mutation" : "Query";
        for (Field field : run.fields(operation.selections(), rootType)) {
            data.set(field.responseKey(), run.root(field, rootType));
        }
        ObjectNode answer = F.objectNode();
        answer.set("data", data);
        if (run.errors.isEmpty()) {
            answer.set("errors", NullNode.getInstance());
        } else {
            ArrayNode errors = answer.putArray("errors");
            run.errors.forEach(errors::add);
        }
        return answer;
    }

    private static Operation pick(GraphQl.Document document, String name) {
        if (name == null || name.isEmpty()) {
            if (document.operations().size() != 1) {
                throw new GraphQlException("Must provide operation name if query contains multiple operations.");
            }
            return document.operations().get(0);
        }
        return document.operations().stream().filter(o -> name.equals(o.name())).findFirst()
                .orElseThrow(() -> new GraphQlException("Unknown operation named '" + name + "'."));
    }

    static ObjectNode failure(String message) {
        ObjectNode answer = F.objectNode();
        answer.set("data", NullNode.getInstance());
        answer.putArray("errors").add(message);
        return answer;
    }

    private final class Execution {
        private final GraphQl.Document document;
        private final JsonNode variables;
        private final List<String> errors = new ArrayList<>();
        private final Map<String, JsonNode> experimentCache = new HashMap<>();

        Execution(GraphQl.Document document, JsonNode variables) {
            this.document = document;
            this.variables = variables;
        }

        /** The fields of a selection set, fragments expanded (type conditions are not checked). */
        List<Field> fields(List<Selection> selections, String type) {
            List<Field> out = new ArrayList<>();
            collect(selections, out, 0);
            return out;
        }

        private void collect(List<Selection> selections, List<Field> out, int depth) {
            if (depth > GraphQl.MAX_DEPTH) {
                throw new GraphQlException("Fragments nest too deeply.");
            }
            for (Selection s : selections) {
                switch (s) {
                    case Field f -> out.add(f);
                    case InlineFragment i -> collect(i.selections(), out, depth + 1);
                    case FragmentSpread spread -> {
                        GraphQl.Fragment fragment = document.fragments().get(spread.name());
                        if (fragment == null) {
                            throw new GraphQlException("Unknown fragment '" + spread.name() + "'.");
                        }
                        collect(fragment.selections(), out, depth + 1);
                    }
                }
            }
        }

        JsonNode root(Field field, String rootType) {
            if (field.name().equals("__typename")) {
                return F.textNode(rootType);
            }
            Function<ObjectNode, Object> resolver = resolver(field.name());
            if (resolver == null) {
                errors.add("Cannot query field '" + field.name() + "' on type '" + rootType + "'.");
                return NullNode.getInstance();
            }
            try {
                JsonNode input = GraphQl.toJson(field.arguments().getOrDefault("input",
                        new GraphQl.Literal(F.objectNode())), variables);
                if (field.name().equals("test")) {
                    input = F.objectNode().set("output", GraphQl.toJson(field.arguments().getOrDefault("inputString",
                            new GraphQl.Literal(NullNode.getInstance())), variables));
                }
                ObjectNode request = snakeCase(input);
                fieldGuard.accept(field.name(), request);
                JsonNode result = mapper.valueToTree(resolver.apply(request));
                return project(result, field, typeOf(field.name()));
            } catch (MlflowException e) {
                errors.add(e.getMessage());
            } catch (GraphQlException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                errors.add("Internal error while resolving '" + field.name() + "': "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            return NullNode.getInstance();
        }

        private Function<ObjectNode, Object> resolver(String name) {
            return switch (name) {
                case "mlflowGetExperiment" -> r -> experiments.get(new ApiRequest(r));
                case "mlflowGetRun" -> r -> runs.get(new ApiRequest(r));
                case "mlflowSearchRuns" -> r -> runs.search(new ApiRequest(r));
                case "mlflowListArtifacts" -> r -> artifacts.listRunArtifacts(new ApiRequest(r));
                case "mlflowGetMetricHistoryBulkInterval" -> r -> metrics.getHistoryBulkInterval(new ApiRequest(r));
                case "mlflowSearchModelVersions" -> r -> registry.searchVersions(new ApiRequest(r));
                case "mlflowSearchDatasets" -> r -> runs.searchDatasets(new ApiRequest(r));
                case "test", "testMutation" -> r -> r;
                default -> null;
            };
        }

        private String typeOf(String rootField) {
            if (rootField.startsWith("mlflow")) {
                return "M" + rootField.substring(1) + "Response";
            }
            return "TestResponse";
        }

        /** The answer to one field with a selection set, projected from the REST JSON of its object. */
        private JsonNode project(JsonNode source, Field field, String type) {
            if (source == null || source.isNull() || source.isMissingNode()) {
                return NullNode.getInstance();
            }
            if (field.selections().isEmpty()) {
                throw new GraphQlException("Field '" + field.name() + "' of type '" + type
                        + "' must have a selection of subfields.");
            }
            ObjectNode out = F.objectNode();
            for (Field child : fields(field.selections(), type)) {
                out.set(child.responseKey(), resolve(source, child, type));
            }
            return out;
        }

        private JsonNode resolve(JsonNode source, Field field, String parentType) {
            String name = field.name();
            if (name.equals("__typename")) {
                return F.textNode(parentType);
            }
            if (name.equals("apiError")) {
                return NullNode.getInstance();
            }
            JsonNode value;
            if (parentType.equals("MlflowRun") && name.equals("experiment")) {
                value = experimentOf(source.path("info").path("experiment_id").asText());
            } else if (parentType.equals("MlflowRun") && name.equals("modelVersions")) {
                value = modelVersionsOf(source.path("info").path("run_id").asText());
            } else {
                value = source.get(snake(name));
            }
            return convert(value, field, TYPES.getOrDefault(name, "Mlflow" + capitalize(name)),
                    FLOATS.contains(parentType + "." + name));
        }

        private JsonNode convert(JsonNode value, Field field, String type, boolean isFloat) {
            String name = field.name();
            if (value == null || value.isNull() || value.isMissingNode()) {
                return LISTS.contains(name) ? F.arrayNode() : NullNode.getInstance();
            }
            if (value.isArray()) {
                ArrayNode array = F.arrayNode();
                for (JsonNode item : value) {
                    array.add(convert(item, field, type, isFloat));
                }
                return array;
            }
            if (value.isObject()) {
                return project(value, field, type);
            }
            if (!field.selections().isEmpty()) {
                throw new GraphQlException("Field '" + name + "' must not have a selection since it is a scalar.");
            }
            if (isFloat) {
                if (value.isNumber()) {
                    double d = value.doubleValue();
                    return Double.isFinite(d) ? F.numberNode(d) : NullNode.getInstance();
                }
                if (value.isTextual()) {
                    try {
                        double d = Double.parseDouble(value.asText());
                        return Double.isFinite(d) ? F.numberNode(d) : NullNode.getInstance();
                    } catch (NumberFormatException e) {
                        return NullNode.getInstance();
                    }
                }
                return value;
            }
            if (value.isIntegralNumber()) {
                return F.textNode(value.asText());
            }
            return value;
        }

        private JsonNode experimentOf(String experimentId) {
            return experimentCache.computeIfAbsent(experimentId, id -> {
                ObjectNode req = F.objectNode().put("experiment_id", id);
                JsonNode answer = mapper.valueToTree(experiments.get(new ApiRequest(req)));
                return answer.path("experiment");
            });
        }

        private JsonNode modelVersionsOf(String runId) {
            ObjectNode req = F.objectNode().put("filter", "run_id = '" + runId.replace("'", "") + "'");
            JsonNode answer = mapper.valueToTree(registry.searchVersions(new ApiRequest(req)));
            return answer.path("model_versions");
        }
    }

    /** The GraphQL input in the REST message's names; nulls (unset optional inputs) are dropped. */
    private static ObjectNode snakeCase(JsonNode input) {
        ObjectNode out = F.objectNode();
        if (input == null || !input.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = input.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                out.set(snake(e.getKey()), e.getValue());
            }
        }
        return out;
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
