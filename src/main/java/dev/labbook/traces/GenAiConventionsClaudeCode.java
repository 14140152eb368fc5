package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationPy.truthy;
import static dev.labbook.traces.SpanTranslationPy.tryLoads;

import dev.labbook.traces.otlp.OtlpEvent;
import dev.labbook.traces.otlp.PythonJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code's own span schema: span.type names the span (claude_code.interaction, .llm_request,
 * .tool, or the same without the prefix), token counts sit under bare keys on LLM requests only,
 * and content attributes read "&lt;REDACTED&gt;" unless the user opted in, which counts as unset.
 */
final class GenAiConventionsClaudeCode extends SpanTranslationSchema {
    private static final String PREFIX = "claude_code.";
    private static final String INTERACTION = "claude_code.interaction";
    private static final String LLM_REQUEST = "claude_code.llm_request";
    private static final String TOOL = "claude_code.tool";
    private static final Map<String, String> TYPES = Map.of(INTERACTION, "AGENT", LLM_REQUEST, "LLM", TOOL, "TOOL");
    private static final String REDACTED = "<REDACTED>";
    private static final List<String> TOOL_OUTPUT_KEYS = List.of("output", "content", "diff");
    private static final List<String> TOOL_DETAIL_KEYS = List.of("full_command", "file_path", "skill_name", "subagent_type");

    private static String claudeType(Map<String, Object> attributes) {
        if (!(tryLoads(attributes.get("span.type")) instanceof String type)) {
            return null;
        }
        String normalized = type.startsWith(PREFIX) ? type : PREFIX + type;
        return TYPES.containsKey(normalized) ? normalized : null;
    }

    private static Object content(Map<String, Object> attributes, String key) {
        Object value = checked(attributes, key);
        return value == null || REDACTED.equals(tryLoads(value)) ? null : value;
    }

    @Override
    String spanType(Map<String, Object> attributes) {
        String type = claudeType(attributes);
        return type == null ? null : TYPES.get(type);
    }

    /** Claude reports input tokens without the cached ones; MLflow adds them back in. */
    @Override
    Object inputTokens(Map<String, Object> attributes) {
        BigInteger input = llmCount(attributes, "input_tokens");
        if (input == null) {
            return null;
        }
        BigInteger cacheRead = (BigInteger) cacheReadTokens(attributes);
        BigInteger cacheCreation = (BigInteger) cacheCreationTokens(attributes);
        return input.add(cacheRead == null ? BigInteger.ZERO : cacheRead)
                .add(cacheCreation == null ? BigInteger.ZERO : cacheCreation);
    }

    @Override
    Object outputTokens(Map<String, Object> attributes) {
        return llmCount(attributes, "output_tokens");
    }

    @Override
    Object cacheReadTokens(Map<String, Object> attributes) {
        return llmCount(attributes, "cache_read_tokens");
    }

    @Override
    Object cacheCreationTokens(Map<String, Object> attributes) {
        return llmCount(attributes, "cache_creation_tokens");
    }

    private static BigInteger llmCount(Map<String, Object> attributes, String key) {
        return LLM_REQUEST.equals(claudeType(attributes)) ? pythonInt(tryLoads(attributes.get(key))) : null;
    }

    /** Python's int(value): floats truncate, booleans count as 0 and 1, other types give null. */
    private static BigInteger pythonInt(Object value) {
        return switch (value) {
            case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
            case Long n -> BigInteger.valueOf(n);
            case BigInteger n -> n;
            case Double d when d.isNaN() -> null;
            case Double d when d.isInfinite() ->
                    throw new SpanTranslationException("cannot convert float infinity to integer");
            case Double d -> new BigDecimal(d).toBigInteger();
            case String s -> SpanTranslationPy.parseInt(s);
            case null, default -> null;
        };
    }

    @Override
    Object inputValue(Map<String, Object> attributes) {
        String type = claudeType(attributes);
        if (INTERACTION.equals(type)) {
            Object prompt = content(attributes, "user_prompt");
            return truthy(prompt) ? prompt : content(attributes, "new_context");
        }
        if (LLM_REQUEST.equals(type)) {
            return content(attributes, "new_context");
        }
        if (TOOL.equals(type)) {
            Object toolInput = content(attributes, "tool_input");
            if (truthy(toolInput)) {
                return toolInput;
            }
            // Without the tool input, the command or file it acted on is the next best thing.
            Map<String, Object> details = new LinkedHashMap<>();
            for (String key : TOOL_DETAIL_KEYS) {
                Object value = content(attributes, key);
                if (truthy(value)) {
                    details.put(key, tryLoads(value));
                }
            }
            return details.isEmpty() ? null : SpanTranslationPy.dumpsAscii(details);
        }
        return null;
    }

    @Override
    Object outputValue(Map<String, Object> attributes) {
        String type = claudeType(attributes);
        if (LLM_REQUEST.equals(type)) {
            return content(attributes, "response.model_output");
        }
        return TOOL.equals(type) ? content(attributes, "new_context") : null;
    }

    /** A tool's output also arrives as a tool.output event. */
    @Override
    Object outputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
        if (!TOOL.equals(claudeType(attributes))) {
            return null;
        }
        for (OtlpEvent event : events) {
            if ("tool.output".equals(event.name())) {
                for (String key : TOOL_OUTPUT_KEYS) {
                    Object value = tryLoads(event.attributes().get(key));
                    if (truthy(value) && !REDACTED.equals(value)) {
                        return PythonJson.dumps(value);
                    }
                }
            }
        }
        return null;
    }
}
