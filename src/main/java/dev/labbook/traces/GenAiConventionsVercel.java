package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.NOT_JSON;
import static dev.labbook.traces.SpanTranslationPy.loads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Vercel AI SDK (ai.* attributes). Its model-call spans (doGenerate, doStream) spread the
 * prompt and the response over ai.prompt.* and ai.response.* keys, which are gathered into one
 * object each; other spans name their inputs and outputs directly.
 */
final class GenAiConventionsVercel extends SpanTranslationSchema {
    private static final String OPERATION_ID = "ai.operationId";
    private static final List<String> CHAT_OPERATIONS = List.of("ai.generateText.doGenerate", "ai.streamText.doStream");

    GenAiConventionsVercel() {
        kinds(OPERATION_ID, Map.ofEntries(
                Map.entry("ai.generateText", "LLM"),
                Map.entry("ai.generateText.doGenerate", "LLM"),
                Map.entry("ai.toolCall", "TOOL"),
                Map.entry("ai.streamText", "LLM"),
                Map.entry("ai.streamText.doStream", "LLM"),
                Map.entry("ai.generateObject", "LLM"),
                Map.entry("ai.generateObject.doGenerate", "LLM"),
                Map.entry("ai.streamObject", "LLM"),
                Map.entry("ai.streamObject.doStream", "LLM"),
                Map.entry("ai.embed", "EMBEDDING"),
                Map.entry("ai.embed.doEmbed", "EMBEDDING"),
                Map.entry("ai.embedMany", "EMBEDDING")));
        inputs("ai.prompt", "ai.toolCall.args", "ai.value", "ai.values");
        outputs("ai.response.text", "ai.toolCall.result", "ai.response.object", "ai.embedding", "ai.embeddings");
    }

    /**
     * On a chat span this also sets the message format, as MLflow does while reading the inputs:
     * as bare text (not JSON-encoded), and over any format already there.
     */
    @Override
    Object inputValue(Map<String, Object> attributes) {
        if (!isChatSpan(attributes)) {
            return super.inputValue(attributes);
        }
        Map<String, Object> inputs = unpack(attributes, "ai.prompt.");
        if (inputs.containsKey("tools")) {
            List<Object> tools = new ArrayList<>();
            for (Object tool : iterate(inputs.get("tools"))) {
                tools.add(safeLoad(tool, 2));
            }
            inputs.put("tools", tools);
        }
        attributes.put(SpanTranslation.MESSAGE_FORMAT, "vercel_ai");
        return inputs.isEmpty() ? null : SpanTranslationPy.dumpsAscii(inputs);
    }

    @Override
    Object outputValue(Map<String, Object> attributes) {
        if (!isChatSpan(attributes)) {
            return super.outputValue(attributes);
        }
        Map<String, Object> outputs = unpack(attributes, "ai.response.");
        return outputs.isEmpty() ? null : SpanTranslationPy.dumpsAscii(outputs);
    }

    private static boolean isChatSpan(Map<String, Object> attributes) {
        return safeLoad(attributes.get(OPERATION_ID), 2) instanceof String operation
                && CHAT_OPERATIONS.contains(operation);
    }

    private static Map<String, Object> unpack(Map<String, Object> attributes, String prefix) {
        Map<String, Object> result = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), safeLoad(value, 2));
            }
        });
        return result;
    }

    /** Decodes up to {@code depth} + 1 layers of JSON: the SDK often encodes values twice. */
    private static Object safeLoad(Object value, int depth) {
        if (!(value instanceof String s)) {
            return value;
        }
        Object decoded = loads(s);
        if (decoded == NOT_JSON) {
            return value;
        }
        return depth > 0 ? safeLoad(decoded, depth - 1) : decoded;
    }

    /** Python's iteration: a list's items, a string's characters, a dict's keys; others raise. */
    private static List<?> iterate(Object value) {
        return switch (value) {
            case List<?> list -> list;
            case String s -> s.codePoints().mapToObj(Character::toString).toList();
            case Map<?, ?> map -> List.copyOf(map.keySet());
            case null -> throw new SpanTranslationException("'NoneType' object is not iterable");
            default -> throw new SpanTranslationException(
                    "'" + value.getClass().getSimpleName() + "' object is not iterable");
        };
    }
}
