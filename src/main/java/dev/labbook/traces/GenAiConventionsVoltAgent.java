package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.truthy;

import java.util.List;
import java.util.Map;

/**
 * VoltAgent. Child spans inherit entity.type from their agent, so span.type is read first and
 * entity.type only types the root agent span, which has no span.type. Token counts come under two
 * spellings, the first one that is set winning.
 */
final class GenAiConventionsVoltAgent extends SpanTranslationSchema {
    private static final List<String> KIND_KEYS = List.of("span.type", "entity.type");
    private static final Map<String, String> KINDS = Map.of("agent", "AGENT", "llm", "LLM", "tool", "TOOL", "memory", "MEMORY");

    GenAiConventionsVoltAgent() {
        inputs("agent.messages", "llm.messages", "input");
        outputs("output");
        format("voltagent", "voltagent.operation_id", "voltagent.conversation_id");
    }

    @Override
    String spanType(Map<String, Object> attributes) {
        for (String key : KIND_KEYS) {
            Object kind = SpanTranslationPy.tryLoads(attributes.get(key));
            String type = truthy(kind) ? SpanTranslationPy.lookup(KINDS, kind) : null;
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    @Override
    Object inputTokens(Map<String, Object> attributes) {
        return either(attributes, "usage.prompt_tokens", "llm.usage.prompt_tokens");
    }

    @Override
    Object outputTokens(Map<String, Object> attributes) {
        return either(attributes, "usage.completion_tokens", "llm.usage.completion_tokens");
    }

    @Override
    Object totalTokens(Map<String, Object> attributes) {
        return either(attributes, "usage.total_tokens", "llm.usage.total_tokens");
    }

    private static Object either(Map<String, Object> attributes, String first, String second) {
        Object value = attributes.get(first);
        return truthy(value) ? value : attributes.get(second);
    }
}
