package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static dev.labbook.traces.SpanTranslationCases.translates;

import dev.labbook.traces.SpanTranslationCases.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conventions with rules of their own: Gemini CLI, Claude Code, Vercel AI SDK, VoltAgent, LiveKit.
 * Expected values are MLflow 3.18's own output; see {@link SpanTranslationCases}.
 */
class SpanTranslationVendorsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void vendorsLikeMlflow(Case c) {
        c.check();
    }

    static Stream<Case> vendors() {
        return Stream.of(
                translates("Gemini CLI LLM call",
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "\"llm_call\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]",
                                "gen_ai.output.messages", "[{\"role\": \"model\", \"parts\": [{\"text\": \"Hel\"}]}, {\"role\": \"model\", \"parts\": [{\"text\": \"lo\"}]}, {\"role\": \"model\"}]",
                                "gen_ai.usage.input_tokens", "30",
                                "gen_ai.usage.output_tokens", "4",
                                "gen_ai.request.model", "\"gemini-2.5-pro\""),
                        List.of(),
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "\"llm_call\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]",
                                "gen_ai.output.messages", "[{\"role\": \"model\", \"parts\": [{\"text\": \"Hel\"}]}, {\"role\": \"model\", \"parts\": [{\"text\": \"lo\"}]}, {\"role\": \"model\"}]",
                                "gen_ai.usage.input_tokens", "30",
                                "gen_ai.usage.output_tokens", "4",
                                "gen_ai.request.model", "\"gemini-2.5-pro\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]}",
                                "mlflow.spanOutputs", "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\": \"Hel\"}, {\"text\": \"lo\"}]}}]}",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 30, \"output_tokens\": 4, \"total_tokens\": 34}",
                                "mlflow.message.format", "\"gemini\"",
                                "mlflow.llm.model", "\"gemini-2.5-pro\"")),
                translates("Gemini CLI system prompt sent as raw text",
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "system_prompt",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"text\": \"You are Gemini\"}]}, \"x\"]"),
                        List.of(),
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "system_prompt",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"text\": \"You are Gemini\"}]}, \"x\"]",
                                "mlflow.spanInputs", "{\"contents\": [{\"role\": \"system\", \"parts\": [{\"text\": \"You are Gemini\"}]}, \"x\"]}",
                                "mlflow.message.format", "\"gemini\"")),
                translates("Gemini CLI string prompt and wrapped output",
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "\"user_prompt\"",
                                "gen_ai.input.messages", "\"plain prompt \u00fc\"",
                                "gen_ai.output.messages", "{\"candidates\": []}"),
                        List.of(),
                        attrs(
                                "gen_ai.agent.name", "\"gemini-cli\"",
                                "gen_ai.operation.name", "\"user_prompt\"",
                                "gen_ai.input.messages", "\"plain prompt \u00fc\"",
                                "gen_ai.output.messages", "{\"candidates\": []}",
                                "mlflow.spanInputs", "{\"contents\": \"plain prompt \\u00fc\"}",
                                "mlflow.spanOutputs", "{\"candidates\": []}",
                                "mlflow.message.format", "\"gemini\"")),
                translates("Operation names from Gemini CLI need its agent name",
                        attrs(
                                "gen_ai.operation.name", "\"tool_call\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\"}]"),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"tool_call\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\"}]",
                                "mlflow.spanInputs", "[{\"role\": \"user\"}]")),
                translates("Claude Code interaction",
                        attrs(
                                "span.type", "\"claude_code.interaction\"",
                                "user_prompt", "\"fix the bug\"",
                                "input_tokens", "100"),
                        List.of(),
                        attrs(
                                "span.type", "\"claude_code.interaction\"",
                                "user_prompt", "\"fix the bug\"",
                                "input_tokens", "100",
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.spanInputs", "\"fix the bug\"")),
                translates("Claude Code LLM request counts cache tokens as input",
                        attrs(
                                "span.type", "\"llm_request\"",
                                "new_context", "\"<REDACTED>\"",
                                "response.model_output", "\"Sure.\"",
                                "input_tokens", "\"12\"",
                                "output_tokens", "7.9",
                                "cache_read_tokens", "1000",
                                "cache_creation_tokens", "true",
                                "model", "\"claude-sonnet-4-5\""),
                        List.of(),
                        attrs(
                                "span.type", "\"llm_request\"",
                                "new_context", "\"<REDACTED>\"",
                                "response.model_output", "\"Sure.\"",
                                "input_tokens", "\"12\"",
                                "output_tokens", "7.9",
                                "cache_read_tokens", "1000",
                                "cache_creation_tokens", "true",
                                "model", "\"claude-sonnet-4-5\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanOutputs", "\"Sure.\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1013, \"output_tokens\": 7, \"total_tokens\": 1020, \"cache_read_input_tokens\": 1000, \"cache_creation_input_tokens\": 1}")),
                translates("Claude Code tool with tool details",
                        attrs(
                                "span.type", "\"claude_code.tool\"",
                                "tool_input", "\"<REDACTED>\"",
                                "full_command", "\"rm -rf /tmp/x \u2713\"",
                                "skill_name", "\"{\\\"n\\\": 1}\"",
                                "new_context", "\"result text\""),
                        List.of(),
                        attrs(
                                "span.type", "\"claude_code.tool\"",
                                "tool_input", "\"<REDACTED>\"",
                                "full_command", "\"rm -rf /tmp/x \u2713\"",
                                "skill_name", "\"{\\\"n\\\": 1}\"",
                                "new_context", "\"result text\"",
                                "mlflow.spanType", "\"TOOL\"",
                                "mlflow.spanInputs", "{\"full_command\": \"rm -rf /tmp/x \\u2713\", \"skill_name\": \"{\\\"n\\\": 1}\"}",
                                "mlflow.spanOutputs", "\"result text\"")),
                translates("Unknown Claude Code span types are not translated",
                        attrs(
                                "span.type", "\"claude_code.other\""),
                        List.of(),
                        attrs(
                                "span.type", "\"claude_code.other\"")),
                translates("Vercel AI doGenerate span",
                        attrs(
                                "ai.operationId", "\"ai.generateText.doGenerate\"",
                                "ai.prompt.format", "\"messages\"",
                                "ai.prompt.messages", "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"}]}]",
                                "ai.prompt.tools", "[\"{\\\"type\\\": \\\"function\\\", \\\"name\\\": \\\"f\\\"}\", \"not json\"]",
                                "ai.response.text", "\"Hello\"",
                                "ai.response.finishReason", "\"stop\"",
                                "ai.usage.promptTokens", "5",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.usage.input_tokens", "5",
                                "gen_ai.usage.output_tokens", "1"),
                        List.of(),
                        attrs(
                                "ai.operationId", "\"ai.generateText.doGenerate\"",
                                "ai.prompt.format", "\"messages\"",
                                "ai.prompt.messages", "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"}]}]",
                                "ai.prompt.tools", "[\"{\\\"type\\\": \\\"function\\\", \\\"name\\\": \\\"f\\\"}\", \"not json\"]",
                                "ai.response.text", "\"Hello\"",
                                "ai.response.finishReason", "\"stop\"",
                                "ai.usage.promptTokens", "5",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.usage.input_tokens", "5",
                                "gen_ai.usage.output_tokens", "1",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.message.format", "vercel_ai",
                                "mlflow.spanInputs", "{\"format\": \"messages\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"}]}], \"tools\": [{\"type\": \"function\", \"name\": \"f\"}, \"not json\"]}",
                                "mlflow.spanOutputs", "{\"text\": \"Hello\", \"finishReason\": \"stop\"}",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 5, \"output_tokens\": 1, \"total_tokens\": 6}",
                                "mlflow.llm.model", "\"gpt-4o\"")),
                translates("Vercel AI chat span overwrites a message format and iterates a string of tools",
                        attrs(
                                "mlflow.message.format", "\"openai\"",
                                "ai.operationId", "\"ai.streamText.doStream\"",
                                "ai.prompt.tools", "\"a1[\""),
                        List.of(),
                        attrs(
                                "mlflow.message.format", "vercel_ai",
                                "ai.operationId", "\"ai.streamText.doStream\"",
                                "ai.prompt.tools", "\"a1[\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"tools\": [\"a\", 1, \"[\"]}")),
                translates("Vercel AI chat span without prompt attributes",
                        attrs(
                                "ai.operationId", "\"ai.streamText.doStream\"",
                                "output", "\"volt output\""),
                        List.of(),
                        attrs(
                                "ai.operationId", "\"ai.streamText.doStream\"",
                                "output", "\"volt output\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.message.format", "vercel_ai",
                                "mlflow.spanOutputs", "\"volt output\"")),
                translates("Vercel AI generateText span",
                        attrs(
                                "ai.operationId", "\"ai.generateText\"",
                                "ai.prompt", "{\"prompt\": \"Write a haiku\"}",
                                "ai.response.text", "\"Old pond\""),
                        List.of(),
                        attrs(
                                "ai.operationId", "\"ai.generateText\"",
                                "ai.prompt", "{\"prompt\": \"Write a haiku\"}",
                                "ai.response.text", "\"Old pond\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"prompt\": \"Write a haiku\"}",
                                "mlflow.spanOutputs", "\"Old pond\"")),
                translates("Vercel AI embedMany span",
                        attrs(
                                "ai.operationId", "\"ai.embedMany\"",
                                "ai.values", "[\"a\", \"b\"]",
                                "ai.embeddings", "[[0.1, 0.2], [0.3, 0.4]]"),
                        List.of(),
                        attrs(
                                "ai.operationId", "\"ai.embedMany\"",
                                "ai.values", "[\"a\", \"b\"]",
                                "ai.embeddings", "[[0.1, 0.2], [0.3, 0.4]]",
                                "mlflow.spanType", "\"EMBEDDING\"",
                                "mlflow.spanInputs", "[\"a\", \"b\"]",
                                "mlflow.spanOutputs", "[[0.1, 0.2], [0.3, 0.4]]")),
                translates("VoltAgent LLM span",
                        attrs(
                                "entity.type", "\"agent\"",
                                "span.type", "\"llm\"",
                                "llm.messages", "[{\"role\": \"user\", \"content\": \"hi\"}]",
                                "output", "\"hello\"",
                                "usage.prompt_tokens", "9",
                                "llm.usage.completion_tokens", "3",
                                "usage.total_tokens", "\"\"",
                                "llm.usage.total_tokens", "12",
                                "voltagent.operation_id", "\"op-1\""),
                        List.of(),
                        attrs(
                                "entity.type", "\"agent\"",
                                "span.type", "\"llm\"",
                                "llm.messages", "[{\"role\": \"user\", \"content\": \"hi\"}]",
                                "output", "\"hello\"",
                                "usage.prompt_tokens", "9",
                                "llm.usage.completion_tokens", "3",
                                "usage.total_tokens", "\"\"",
                                "llm.usage.total_tokens", "12",
                                "voltagent.operation_id", "\"op-1\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"content\": \"hi\"}]",
                                "mlflow.spanOutputs", "\"hello\"",
                                "mlflow.chat.tokenUsage", "{\"total_tokens\": 12}",
                                "mlflow.message.format", "\"voltagent\"")),
                translates("VoltAgent root agent span",
                        attrs(
                                "entity.type", "\"agent\"",
                                "agent.messages", "[{\"role\": \"user\", \"content\": \"task\"}]",
                                "voltagent.conversation_id", "\"c-1\""),
                        List.of(),
                        attrs(
                                "entity.type", "\"agent\"",
                                "agent.messages", "[{\"role\": \"user\", \"content\": \"task\"}]",
                                "voltagent.conversation_id", "\"c-1\"",
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"content\": \"task\"}]",
                                "mlflow.message.format", "\"voltagent\"")),
                translates("LiveKit agent turn",
                        attrs(
                                "lk.agent_name", "\"assistant\"",
                                "lk.user_input", "\"what's the weather\"",
                                "lk.response.text", "\"Sunny\""),
                        List.of(),
                        attrs(
                                "lk.agent_name", "\"assistant\"",
                                "lk.user_input", "\"what's the weather\"",
                                "lk.response.text", "\"Sunny\"",
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.spanInputs", "\"what's the weather\"",
                                "mlflow.spanOutputs", "\"Sunny\"",
                                "mlflow.message.format", "\"livekit\"")),
                translates("LiveKit operation names ignore case",
                        attrs(
                                "gen_ai.operation.name", "\"Chat\"",
                                "lk.chat_ctx", "\"[{\\\"role\\\": \\\"user\\\"}]\"",
                                "lk.response.function_calls", "\"[{\\\"name\\\": \\\"f\\\"}]\""),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"Chat\"",
                                "lk.chat_ctx", "\"[{\\\"role\\\": \\\"user\\\"}]\"",
                                "lk.response.function_calls", "\"[{\\\"name\\\": \\\"f\\\"}]\"",
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "\"[{\\\"role\\\": \\\"user\\\"}]\"",
                                "mlflow.spanOutputs", "\"[{\\\"name\\\": \\\"f\\\"}]\"",
                                "mlflow.message.format", "\"livekit\"")),
                translates("LiveKit function tool and TTS spans",
                        attrs(
                                "lk.function_tool.name", "\"lookup\"",
                                "lk.tts.streaming", "true"),
                        List.of(),
                        attrs(
                                "lk.function_tool.name", "\"lookup\"",
                                "lk.tts.streaming", "true",
                                "mlflow.spanType", "\"TOOL\"",
                                "mlflow.message.format", "\"livekit\"")),
                translates("LiveKit TTS span",
                        attrs(
                                "lk.tts.label", "\"cartesia\"",
                                "lk.input_text", "\"Say hi\""),
                        List.of(),
                        attrs(
                                "lk.tts.label", "\"cartesia\"",
                                "lk.input_text", "\"Say hi\"",
                                "mlflow.spanType", "\"UNKNOWN\"",
                                "mlflow.spanInputs", "\"Say hi\"",
                                "mlflow.message.format", "\"livekit\"")));
    }
}
