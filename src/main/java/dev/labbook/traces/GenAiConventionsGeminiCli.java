package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.tryLoads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini CLI: GenAI attributes with its own operation names, recognised by gen_ai.agent.name. Its
 * messages are rewrapped in the Gemini SDK's shape ({"contents": ...}, {"candidates": ...}) because
 * that is what MLflow's UI renders for the "gemini" message format. Token usage, model and tools
 * are read as plain GenAI, whoever the agent is.
 */
final class GenAiConventionsGeminiCli extends GenAiConventionsSemconv {
    private static final String AGENT_NAME = "gen_ai.agent.name";

    GenAiConventionsGeminiCli() {
        kinds(OPERATION_NAME, Map.of("llm_call", "LLM", "tool_call", "TOOL", "agent_call", "AGENT"));
    }

    private static boolean isGeminiCli(Map<String, Object> attributes) {
        return "gemini-cli".equals(tryLoads(attributes.get(AGENT_NAME)));
    }

    @Override
    String spanType(Map<String, Object> attributes) {
        return isGeminiCli(attributes) ? super.spanType(attributes) : null;
    }

    @Override
    String messageFormat(Map<String, Object> attributes) {
        return isGeminiCli(attributes) ? "gemini" : null;
    }

    @Override
    Object inputValue(Map<String, Object> attributes) {
        if (!isGeminiCli(attributes)) {
            return null;
        }
        Object value = super.inputValue(attributes);
        return SpanTranslationPy.truthy(value) ? wrapInput(value, attributes.get(OPERATION_NAME)) : null;
    }

    @Override
    Object outputValue(Map<String, Object> attributes) {
        if (!isGeminiCli(attributes)) {
            return null;
        }
        Object value = super.outputValue(attributes);
        return SpanTranslationPy.truthy(value) ? wrapOutput(value) : null;
    }

    /**
     * A list of contents or a plain prompt becomes {"contents": ...}. MLflow compares the operation
     * as stored, so the system-prompt role rewrite only happens when it was sent as bare text.
     */
    private static Object wrapInput(Object value, Object operation) {
        Object decoded = tryLoads(value);
        if (decoded instanceof Map<?, ?> map && map.containsKey("contents")) {
            return value;
        }
        if ("system_prompt".equals(operation) && decoded instanceof List<?> items) {
            List<Object> rewritten = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item instanceof Map<?, ?> content && "user".equals(content.get("role"))) {
                    Map<Object, Object> system = new LinkedHashMap<>(content);
                    system.put("role", "system");
                    rewritten.add(system);
                } else {
                    rewritten.add(item);
                }
            }
            decoded = rewritten;
        }
        if (decoded instanceof List || decoded instanceof String) {
            return SpanTranslationPy.dumpsAscii(Map.of("contents", decoded));
        }
        return value;
    }

    /** Gemini CLI sends one content per streaming chunk; the UI wants them as one candidate. */
    private static Object wrapOutput(Object value) {
        Object decoded = tryLoads(value);
        if (decoded instanceof Map<?, ?> map && map.containsKey("candidates")) {
            return value;
        }
        if (decoded instanceof List<?> items) {
            List<Object> parts = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Map<?, ?> content && content.get("parts") instanceof List<?> more) {
                    parts.addAll(more);
                }
            }
            if (!parts.isEmpty()) {
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("role", "model");
                content.put("parts", parts);
                return SpanTranslationPy.dumpsAscii(Map.of("candidates", List.of(Map.of("content", content))));
            }
        }
        return value;
    }
}
