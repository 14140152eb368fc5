package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.truthy;
import static dev.labbook.traces.SpanTranslationPy.tryLoads;

import dev.labbook.traces.otlp.OtlpEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry GenAI semantic conventions (gen_ai.*), as MLflow's GenAiTranslator reads them.
 * Gemini CLI and LiveKit build on it, and LiveKit is how MLflow reaches the message events below:
 * GenAiTranslator itself is not one of its event translators.
 */
class GenAiConventionsSemconv extends SpanTranslationSchema {
    static final String OPERATION_NAME = "gen_ai.operation.name";
    static final Map<String, String> OPERATIONS = Map.of(
            "chat", "CHAT_MODEL",
            "create_agent", "AGENT",
            "embeddings", "EMBEDDING",
            "execute_tool", "TOOL",
            "generate_content", "LLM",
            "invoke_agent", "AGENT",
            "text_completion", "LLM",
            "response", "LLM");
    /** The cache creation count's name in the previous registry, read when the current one is unset. */
    private static final String LEGACY_CACHE_CREATION = "gen_ai.usage.cache_creation.input_tokens";
    private static final Map<String, String> MESSAGE_EVENT_ROLES = Map.of(
            "gen_ai.system.message", "system",
            "gen_ai.user.message", "user",
            "gen_ai.assistant.message", "assistant");

    GenAiConventionsSemconv() {
        kinds(OPERATION_NAME, OPERATIONS);
        tokens("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", null,
                "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_write.input_tokens");
        inputs("gen_ai.input.messages", "gen_ai.tool.call.arguments");
        outputs("gen_ai.output.messages", "gen_ai.tool.call.result");
        models("gen_ai.response.model", "gen_ai.request.model");
        provider("gen_ai.provider.name");
        tools("gen_ai.tool.definitions");
    }

    @Override
    Object cacheCreationTokens(Map<String, Object> attributes) {
        Object value = super.cacheCreationTokens(attributes);
        return value != null ? value : attributes.get(LEGACY_CACHE_CREATION);
    }

    /** The system, user and assistant message events as a JSON list of chat messages. */
    @Override
    Object inputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
        List<Object> messages = new ArrayList<>();
        for (OtlpEvent event : events) {
            String role = event.name() == null ? null : MESSAGE_EVENT_ROLES.get(event.name());
            Object content = event.attributes().get("content");
            if (role != null && truthy(content)) {
                messages.add(message(role, content));
            }
        }
        return messages.isEmpty() ? null : SpanTranslationPy.dumpsAscii(messages);
    }

    /** The gen_ai.choice events as a JSON list of messages, assistant unless a role is given. */
    @Override
    Object outputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
        List<Object> messages = new ArrayList<>();
        for (OtlpEvent event : events) {
            Map<String, Object> eventAttributes = event.attributes();
            Object content = eventAttributes.get("content");
            if ("gen_ai.choice".equals(event.name()) && truthy(content)) {
                Object role = eventAttributes.containsKey("role") ? eventAttributes.get("role") : "assistant";
                messages.add(message(role, content));
            }
        }
        return messages.isEmpty() ? null : SpanTranslationPy.dumpsAscii(messages);
    }

    private static Map<String, Object> message(Object role, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", tryLoads(role));
        message.put("content", tryLoads(content));
        return message;
    }
}
