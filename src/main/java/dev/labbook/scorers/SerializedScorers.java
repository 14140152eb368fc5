package dev.labbook.scorers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.MlflowException;
import dev.labbook.traces.otlp.PythonJson;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server's checks on a serialized scorer, as MLflow's register handler and store make them.
 * Labbook never runs a scorer, but it keeps MLflow's refusals so that what one server accepts the
 * other does too, and a scorer stored here is safe for any MLflow job runner reading it back.
 */
final class SerializedScorers {
    /** Third-party scorer options that choose where the judge's LLM client sends requests. */
    private static final Set<String> DESTINATION_KEYS =
            Set.of("api_base", "base_url", "model_list", "fallbacks", "custom_llm_provider");
    private static final List<String> MODEL_HOLDERS =
            List.of("instructions_judge_pydantic_data", "builtin_scorer_pydantic_data");

    static final String CUSTOM_SCORERS_DISABLED = "Custom scorer registration (using @scorer decorator) is disabled "
            + "by default outside of Databricks tracking environments due to security concerns. Custom scorers "
            + "require arbitrary code execution during deserialization.\n\nTo use custom scorers:\n"
            + "1. Configure MLflow to use a Databricks tracking URI, or\n"
            + "2. Manage your custom scorer code in a source code repository (e.g., GitHub) and import it directly, or\n"
            + "3. On a self-managed MLflow server (or local environment) that you trust to run the scorer's code, "
            + "set the MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS environment variable to true, or\n"
            + "4. Use built-in scorers or make_judge() scorers instead.";

    private SerializedScorers() {}

    /** The parsed scorer, after the register handler's checks; refusals are INVALID_PARAMETER_VALUE. */
    static JsonNode check(String serialized, boolean customScorersEnabled) {
        JsonNode scorer;
        try {
            scorer = PythonJson.parse(serialized);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalidParameter("serialized_scorer must be valid JSON");
        }
        if (!customScorersEnabled && hasCallSource(scorer)) {
            throw MlflowException.invalidParameter(CUSTOM_SCORERS_DISABLED);
        }
        String withoutSource = customScorerWithoutSource(scorer);
        if (withoutSource != null) {
            throw MlflowException.invalidParameter(noSourceMessage(withoutSource));
        }
        checkThirdPartyKwargs(scorer);
        if (!scorer.isObject()) {
            // MLflow's store fails on it with a 500; the client would retry that for minutes.
            throw MlflowException.invalidParameter("serialized_scorer must be a JSON object");
        }
        return scorer;
    }

    /** The judge model the scorer names, if any ("openai:/gpt-4o", "gateway:/judge"). */
    static JsonNode model(JsonNode scorer) {
        for (String holder : MODEL_HOLDERS) {
            JsonNode data = scorer.get(holder);
            if (truthy(data)) {
                return data.get("model");
            }
        }
        JsonNode memory = scorer.get("memory_augmented_judge_data");
        if (truthy(memory)) {
            JsonNode base = memory.get("base_judge");
            return base != null && base.isObject() ? model(base) : null;
        }
        JsonNode thirdParty = scorer.get("third_party_scorer_data");
        return truthy(thirdParty) ? thirdParty.get("model") : null;
    }

    /** The store's model checks; a gateway model names an endpoint, and Labbook has no AI gateway. */
    static void checkModel(JsonNode model) {
        if (model == null || model.isNull()) {
            return;
        }
        if (!model.isTextual()) {
            throw MlflowException.invalidParameter("Scorer model must be a string, got " + pythonType(model) + ".");
        }
        if (model.asText().isBlank()) {
            throw MlflowException.invalidParameter("Scorer model cannot be empty or contain only whitespace.");
        }
        String gatewayEndpoint = gatewayEndpoint(model.asText());
        if (gatewayEndpoint != null) {
            throw MlflowException.notFound("GatewayEndpoint not found (name='" + gatewayEndpoint + "')");
        }
    }

    /** Whether the scorer's model is served by an AI gateway endpoint ("gateway:/name"). */
    static boolean usesGateway(JsonNode scorer) {
        JsonNode model = model(scorer);
        return model != null && model.isTextual() && gatewayEndpoint(model.asText()) != null;
    }

    private static String gatewayEndpoint(String model) {
        int colon = model.indexOf(":/");
        if (colon <= 0 || !model.substring(0, colon).equals("gateway")) {
            return null;
        }
        String path = model.substring(colon + 2).replaceFirst("^/+", "");
        return path.isEmpty() ? null : path;
    }

    private static boolean hasCallSource(JsonNode node) {
        if (node.isObject()) {
            JsonNode source = node.get("call_source");
            if (source != null && !source.isNull()) {
                return true;
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasCallSource(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The name of a custom scorer whose stored source is blank, searching ensembles too; null if none. */
    private static String customScorerWithoutSource(JsonNode node) {
        if (node.isObject()) {
            JsonNode source = node.get("call_source");
            if (source != null && source.isTextual() && source.asText().isBlank()) {
                for (String field : List.of("name", "original_func_name")) {
                    if (truthy(node.get(field))) {
                        return node.get(field).asText();
                    }
                }
                return "";
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                String name = customScorerWithoutSource(child);
                if (name != null) {
                    return name;
                }
            }
        }
        return null;
    }

    static String noSourceMessage(String name) {
        return "Scorer '" + (name.isEmpty() ? "<unnamed>" : name) + "' has no source code: the body of its function "
                + "is empty or could not be read. Common causes: a lambda (use `def` instead), a body with only a "
                + "docstring (add the scoring code), an `async def` function (not supported), or a function defined "
                + "with `exec`, in a REPL, or in a file that changed after it was imported (define it in a file or "
                + "notebook cell, and register it before you change the file).";
    }

    private static void checkThirdPartyKwargs(JsonNode node) {
        if (node.isObject()) {
            JsonNode data = node.get("third_party_scorer_data");
            if (data != null && data.isObject()) {
                JsonNode kwargs = data.get("kwargs");
                if (kwargs != null && !kwargs.isNull() && !kwargs.isObject()) {
                    throw MlflowException.invalidParameter("third_party_scorer_data.kwargs must be a JSON object, got "
                            + pythonType(kwargs) + ".");
                }
                Set<String> found = new TreeSet<>();
                if (kwargs != null) {
                    destinationKeys(kwargs, found);
                }
                if (!found.isEmpty()) {
                    throw MlflowException.invalidParameter("third_party_scorer_data.kwargs must not contain "
                            + String.join(", ", found.stream().map(k -> "'" + k + "'").toList())
                            + ": these options choose where the scorer's LLM client sends requests. Configure the "
                            + "judge endpoint on the server instead, for example through a gateway endpoint "
                            + "('gateway:/<name>') or the provider's environment variables.");
                }
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                checkThirdPartyKwargs(child);
            }
        }
    }

    /** Destination keys at any depth; a two-item [key, value] list counts as a pair, as dict() reads it. */
    private static void destinationKeys(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (DESTINATION_KEYS.contains(name)) {
                    found.add(name);
                }
            });
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isArray() && item.size() == 2 && item.get(0).isTextual()
                        && DESTINATION_KEYS.contains(item.get(0).asText())) {
                    found.add(item.get(0).asText());
                }
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                destinationKeys(child, found);
            }
        }
    }

    /** Python's truthiness of a JSON value, as `if data := ...` reads it. */
    private static boolean truthy(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNumber() ? node.asDouble() != 0 : true;
    }

    private static String pythonType(JsonNode node) {
        if (node.isTextual()) return "str";
        if (node.isBoolean()) return "bool";
        if (node.isIntegralNumber()) return "int";
        if (node.isNumber()) return "float";
        if (node.isArray()) return "list";
        if (node.isObject()) return "dict";
        return "NoneType";
    }
}
