package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static dev.labbook.traces.SpanTranslationCases.event;
import static dev.labbook.traces.SpanTranslationCases.list;
import static dev.labbook.traces.SpanTranslationCases.translates;

import dev.labbook.traces.SpanTranslationCases.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs and outputs taken from span events (Spring AI, GenAI message events, Claude Code's
 * tool output) when no attribute holds them.
 * Expected values are MLflow 3.18's own output; see {@link SpanTranslationCases}.
 */
class SpanTranslationEventsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eventsLikeMlflow(Case c) {
        c.check();
    }

    static Stream<Case> events() {
        return Stream.of(
                translates("Spring AI prompt and completion events",
                        attrs(
                                "gen_ai.operation.name", "\"chat\"",
                                "gen_ai.system", "\"openai\"",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.usage.input_tokens", "11",
                                "gen_ai.usage.output_tokens", "6"),
                        List.of(
                                event("gen_ai.content.prompt", "gen_ai.prompt", ""),
                                event("gen_ai.content.prompt", "gen_ai.prompt", "Tell me a joke"),
                                event("gen_ai.content.completion", "gen_ai.completion", "Why did the chicken...")),
                        attrs(
                                "gen_ai.operation.name", "\"chat\"",
                                "gen_ai.system", "\"openai\"",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.usage.input_tokens", "11",
                                "gen_ai.usage.output_tokens", "6",
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "Tell me a joke",
                                "mlflow.spanOutputs", "Why did the chicken...",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 11, \"output_tokens\": 6, \"total_tokens\": 17}",
                                "mlflow.llm.model", "\"gpt-4o\"",
                                "mlflow.llm.provider", "\"openai\"")),
                translates("GenAI message events become chat messages",
                        attrs(
                                "gen_ai.operation.name", "\"chat\""),
                        List.of(
                                event("gen_ai.system.message", "content", "Be brief."),
                                event("gen_ai.user.message", "content", "[{\"type\": \"text\", \"text\": \"Gr\u00fc\u00df dich \ud83d\ude00\"}]"),
                                event("gen_ai.assistant.message", "content", ""),
                                event("gen_ai.user.message", "content", "again"),
                                event("gen_ai.choice", "index", 0L, "content", "Hallo \u2603 \u007f", "role", "assistant"),
                                event("gen_ai.choice", "content", "{\"text\": \"second\"}", "role", "\"model\"")),
                        attrs(
                                "gen_ai.operation.name", "\"chat\"",
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Gr\\u00fc\\u00df dich \\ud83d\\ude00\"}]}, {\"role\": \"user\", \"content\": \"again\"}]",
                                "mlflow.spanOutputs", "[{\"role\": \"assistant\", \"content\": \"Hallo \\u2603 \\u007f\"}, {\"role\": \"model\", \"content\": {\"text\": \"second\"}}]")),
                translates("Attribute inputs win over events",
                        attrs(
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"content\": \"from attribute\"}]"),
                        List.of(
                                event("gen_ai.user.message", "content", "from event"),
                                event("gen_ai.choice", "content", "output from event")),
                        attrs(
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"content\": \"from attribute\"}]",
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"content\": \"from attribute\"}]",
                                "mlflow.spanOutputs", "[{\"role\": \"assistant\", \"content\": \"output from event\"}]")),
                translates("Spring events win over GenAI message events",
                        attrs(),
                        List.of(
                                event("gen_ai.user.message", "content", "user event"),
                                event("gen_ai.content.prompt", "gen_ai.prompt", "spring prompt")),
                        attrs(
                                "mlflow.spanInputs", "spring prompt")),
                translates("Event values keep their type inside the messages",
                        attrs(),
                        List.of(
                                event("gen_ai.user.message", "content", 42L),
                                event("gen_ai.choice", "content", list("a", 1.5, true))),
                        attrs(
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"content\": 42}]",
                                "mlflow.spanOutputs", "[{\"role\": \"assistant\", \"content\": [\"a\", 1.5, true]}]")),
                translates("Claude Code tool output event",
                        attrs(
                                "span.type", "\"claude_code.tool\"",
                                "tool_name", "\"Bash\"",
                                "tool_input", "\"<REDACTED>\"",
                                "full_command", "\"ls -la\"",
                                "file_path", "\"<REDACTED>\""),
                        List.of(
                                event("tool.output", "output", "<REDACTED>", "content", ""),
                                event("tool.output", "output", "{\"stdout\": \"file.txt\", \"code\": 0}")),
                        attrs(
                                "span.type", "\"claude_code.tool\"",
                                "tool_name", "\"Bash\"",
                                "tool_input", "\"<REDACTED>\"",
                                "full_command", "\"ls -la\"",
                                "file_path", "\"<REDACTED>\"",
                                "mlflow.spanType", "\"TOOL\"",
                                "mlflow.spanInputs", "{\"full_command\": \"ls -la\"}",
                                "mlflow.spanOutputs", "{\"stdout\": \"file.txt\", \"code\": 0}")));
    }
}
