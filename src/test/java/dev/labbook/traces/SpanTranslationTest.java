package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static dev.labbook.traces.SpanTranslationCases.translates;

import dev.labbook.traces.SpanTranslationCases.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Span translation for the conventions MLflow maps one to one: OTel GenAI semantic conventions,
 * OpenInference, Traceloop/OpenLLMetry, Google ADK, Laminar and Langfuse.
 * Expected values are MLflow 3.18's own output; see {@link SpanTranslationCases}.
 */
class SpanTranslationTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("conventions")
    void conventionsLikeMlflow(Case c) {
        c.check();
    }

    static Stream<Case> conventions() {
        return Stream.of(
                translates("OpenInference LLM span",
                        attrs(
                                "openinference.span.kind", "\"LLM\"",
                                "input.value", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}",
                                "output.value", "\"Hello!\"",
                                "llm.token_count.prompt", "10",
                                "llm.token_count.completion", "5",
                                "llm.token_count.total", "15",
                                "llm.token_count.prompt_details.cache_read", "3",
                                "llm.token_count.prompt_details.cache_write", "2",
                                "llm.model_name", "\"gpt-4o\"",
                                "llm.response.model_name", "\"gpt-4o-2024-08-06\"",
                                "llm.provider", "\"openai\""),
                        List.of(),
                        attrs(
                                "openinference.span.kind", "\"LLM\"",
                                "input.value", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}",
                                "output.value", "\"Hello!\"",
                                "llm.token_count.prompt", "10",
                                "llm.token_count.completion", "5",
                                "llm.token_count.total", "15",
                                "llm.token_count.prompt_details.cache_read", "3",
                                "llm.token_count.prompt_details.cache_write", "2",
                                "llm.model_name", "\"gpt-4o\"",
                                "llm.response.model_name", "\"gpt-4o-2024-08-06\"",
                                "llm.provider", "\"openai\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}",
                                "mlflow.spanOutputs", "\"Hello!\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15, \"cache_read_input_tokens\": 3, \"cache_creation_input_tokens\": 2}",
                                "mlflow.llm.model", "\"gpt-4o-2024-08-06\"",
                                "mlflow.llm.provider", "\"openai\"")),
                translates("OpenInference chain with an empty input and string token counts",
                        attrs(
                                "openinference.span.kind", "\"CHAIN\"",
                                "input.value", "\"\"",
                                "output.value", "\"done\"",
                                "llm.token_count.prompt", "\"26\"",
                                "llm.token_count.completion", "\" 4 \"",
                                "embedding.model_name", "\"text-embedding-3-small\""),
                        List.of(),
                        attrs(
                                "openinference.span.kind", "\"CHAIN\"",
                                "input.value", "\"\"",
                                "output.value", "\"done\"",
                                "llm.token_count.prompt", "\"26\"",
                                "llm.token_count.completion", "\" 4 \"",
                                "embedding.model_name", "\"text-embedding-3-small\"",
                                "mlflow.spanType", "\"CHAIN\"",
                                "mlflow.spanOutputs", "\"done\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 26, \"output_tokens\": 4, \"total_tokens\": 30}",
                                "mlflow.llm.model", "\"text-embedding-3-small\"")),
                translates("OpenInference UNKNOWN kind is kept as UNKNOWN",
                        attrs(
                                "openinference.span.kind", "\"UNKNOWN\""),
                        List.of(),
                        attrs(
                                "openinference.span.kind", "\"UNKNOWN\"",
                                "mlflow.spanType", "\"UNKNOWN\"")),
                translates("An unmapped OpenInference kind falls through to GenAI",
                        attrs(
                                "openinference.span.kind", "\"SOMETHING\"",
                                "gen_ai.operation.name", "\"chat\""),
                        List.of(),
                        attrs(
                                "openinference.span.kind", "\"SOMETHING\"",
                                "gen_ai.operation.name", "\"chat\"",
                                "mlflow.spanType", "\"CHAT_MODEL\"")),
                translates("GenAI semconv chat span",
                        attrs(
                                "gen_ai.operation.name", "\"chat\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"Hi\"}]}]",
                                "gen_ai.output.messages", "[{\"role\": \"assistant\", \"parts\": [{\"type\": \"text\", \"content\": \"Hello\"}]}]",
                                "gen_ai.usage.input_tokens", "100",
                                "gen_ai.usage.output_tokens", "20",
                                "gen_ai.usage.cache_read.input_tokens", "10",
                                "gen_ai.usage.cache_write.input_tokens", "5",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.response.model", "\"gpt-4o-2024-08-06\"",
                                "gen_ai.provider.name", "\"openai\"",
                                "gen_ai.tool.definitions", "\"[{\\\"type\\\": \\\"function\\\", \\\"name\\\": \\\"get_weather\\\"}]\""),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"chat\"",
                                "gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"Hi\"}]}]",
                                "gen_ai.output.messages", "[{\"role\": \"assistant\", \"parts\": [{\"type\": \"text\", \"content\": \"Hello\"}]}]",
                                "gen_ai.usage.input_tokens", "100",
                                "gen_ai.usage.output_tokens", "20",
                                "gen_ai.usage.cache_read.input_tokens", "10",
                                "gen_ai.usage.cache_write.input_tokens", "5",
                                "gen_ai.request.model", "\"gpt-4o\"",
                                "gen_ai.response.model", "\"gpt-4o-2024-08-06\"",
                                "gen_ai.provider.name", "\"openai\"",
                                "gen_ai.tool.definitions", "\"[{\\\"type\\\": \\\"function\\\", \\\"name\\\": \\\"get_weather\\\"}]\"",
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"Hi\"}]}]",
                                "mlflow.spanOutputs", "[{\"role\": \"assistant\", \"parts\": [{\"type\": \"text\", \"content\": \"Hello\"}]}]",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 100, \"output_tokens\": 20, \"total_tokens\": 120, \"cache_read_input_tokens\": 10, \"cache_creation_input_tokens\": 5}",
                                "mlflow.chat.tools", "\"[{\\\"type\\\": \\\"function\\\", \\\"name\\\": \\\"get_weather\\\"}]\"",
                                "mlflow.llm.model", "\"gpt-4o-2024-08-06\"",
                                "mlflow.llm.provider", "\"openai\"")),
                translates("GenAI tool call with the legacy cache creation key",
                        attrs(
                                "gen_ai.operation.name", "\"execute_tool\"",
                                "gen_ai.tool.call.arguments", "\"{\\\"city\\\": \\\"Paris\\\"}\"",
                                "gen_ai.tool.call.result", "\"{\\\"temp\\\": 21.5}\"",
                                "gen_ai.usage.input_tokens", "7",
                                "gen_ai.usage.cache_creation.input_tokens", "2"),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"execute_tool\"",
                                "gen_ai.tool.call.arguments", "\"{\\\"city\\\": \\\"Paris\\\"}\"",
                                "gen_ai.tool.call.result", "\"{\\\"temp\\\": 21.5}\"",
                                "gen_ai.usage.input_tokens", "7",
                                "gen_ai.usage.cache_creation.input_tokens", "2",
                                "mlflow.spanType", "\"TOOL\"",
                                "mlflow.spanInputs", "\"{\\\"city\\\": \\\"Paris\\\"}\"",
                                "mlflow.spanOutputs", "\"{\\\"temp\\\": 21.5}\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 7, \"cache_creation_input_tokens\": 2}")),
                translates("GenAI agent span with empty messages",
                        attrs(
                                "gen_ai.operation.name", "\"invoke_agent\"",
                                "gen_ai.input.messages", "\"[]\"",
                                "gen_ai.output.messages", "\"{}\"",
                                "gen_ai.usage.output_tokens", "9"),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"invoke_agent\"",
                                "gen_ai.input.messages", "\"[]\"",
                                "gen_ai.output.messages", "\"{}\"",
                                "gen_ai.usage.output_tokens", "9",
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.spanInputs", "\"[]\"",
                                "mlflow.spanOutputs", "\"{}\"",
                                "mlflow.chat.tokenUsage", "{\"output_tokens\": 9}")),
                translates("A request model alone makes an LLM span",
                        attrs(
                                "gen_ai.request.model", "\"claude-sonnet-4\"",
                                "gen_ai.system", "\"anthropic\"",
                                "llm.request.type", "\"chat\""),
                        List.of(),
                        attrs(
                                "gen_ai.request.model", "\"claude-sonnet-4\"",
                                "gen_ai.system", "\"anthropic\"",
                                "llm.request.type", "\"chat\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.llm.model", "\"claude-sonnet-4\"",
                                "mlflow.llm.provider", "\"anthropic\"")),
                translates("UNKNOWN span type is replaced in place",
                        attrs(
                                "mlflow.spanType", "\"UNKNOWN\"",
                                "gen_ai.operation.name", "\"embeddings\"",
                                "gen_ai.request.model", "\"text-embedding-3-small\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"EMBEDDING\"",
                                "gen_ai.operation.name", "\"embeddings\"",
                                "gen_ai.request.model", "\"text-embedding-3-small\"",
                                "mlflow.llm.model", "\"text-embedding-3-small\"")),
                translates("Traceloop workflow span",
                        attrs(
                                "traceloop.span.kind", "\"workflow\"",
                                "traceloop.entity.input", "\"{\\\"args\\\": [], \\\"kwargs\\\": {\\\"q\\\": \\\"x\\\"}}\"",
                                "traceloop.entity.output", "\"\\\"answer\\\"\"",
                                "gen_ai.usage.prompt_tokens", "12",
                                "gen_ai.usage.completion_tokens", "3",
                                "llm.usage.total_tokens", "16",
                                "gen_ai.system", "\"openai\""),
                        List.of(),
                        attrs(
                                "traceloop.span.kind", "\"workflow\"",
                                "traceloop.entity.input", "\"{\\\"args\\\": [], \\\"kwargs\\\": {\\\"q\\\": \\\"x\\\"}}\"",
                                "traceloop.entity.output", "\"\\\"answer\\\"\"",
                                "gen_ai.usage.prompt_tokens", "12",
                                "gen_ai.usage.completion_tokens", "3",
                                "llm.usage.total_tokens", "16",
                                "gen_ai.system", "\"openai\"",
                                "mlflow.spanType", "\"WORKFLOW\"",
                                "mlflow.spanInputs", "\"{\\\"args\\\": [], \\\"kwargs\\\": {\\\"q\\\": \\\"x\\\"}}\"",
                                "mlflow.spanOutputs", "\"\\\"answer\\\"\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 12, \"output_tokens\": 3, \"total_tokens\": 16}",
                                "mlflow.llm.provider", "\"openai\"")),
                translates("Traceloop indexed prompt and completion attributes",
                        attrs(
                                "llm.request.type", "\"chat\"",
                                "gen_ai.prompt.0.role", "\"user\"",
                                "gen_ai.prompt.0.content", "\"What is 2+2?\"",
                                "gen_ai.completion.0.role", "\"assistant\"",
                                "gen_ai.completion.0.content", "\"4\"",
                                "gen_ai.usage.prompt_tokens", "8",
                                "gen_ai.usage.completion_tokens", "1"),
                        List.of(),
                        attrs(
                                "llm.request.type", "\"chat\"",
                                "gen_ai.prompt.0.role", "\"user\"",
                                "gen_ai.prompt.0.content", "\"What is 2+2?\"",
                                "gen_ai.completion.0.role", "\"assistant\"",
                                "gen_ai.completion.0.content", "\"4\"",
                                "gen_ai.usage.prompt_tokens", "8",
                                "gen_ai.usage.completion_tokens", "1",
                                "mlflow.spanInputs", "\"What is 2+2?\"",
                                "mlflow.spanOutputs", "\"4\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 8, \"output_tokens\": 1, \"total_tokens\": 9}")),
                translates("Traceloop patterns match a key prefix and any decimal digit",
                        attrs(
                                "gen_ai.prompt.\u0663.contents", "\"Arabic-Indic digit\"",
                                "gen_ai.completion.0.tool_calls.1.arguments", "\"{\\\"x\\\": 1}\""),
                        List.of(),
                        attrs(
                                "gen_ai.prompt.\u0663.contents", "\"Arabic-Indic digit\"",
                                "gen_ai.completion.0.tool_calls.1.arguments", "\"{\\\"x\\\": 1}\"",
                                "mlflow.spanInputs", "\"Arabic-Indic digit\"")),
                translates("Google ADK LLM span",
                        attrs(
                                "gen_ai.operation.name", "\"generate_content\"",
                                "gcp.vertex.agent.llm_request", "{\"model\": \"gemini-2.0-flash\", \"contents\": []}",
                                "gcp.vertex.agent.llm_response", "\"{\\\"content\\\": {\\\"parts\\\": [{\\\"text\\\": \\\"hi\\\"}]}}\"",
                                "gen_ai.system", "\"gcp.vertex.agent\""),
                        List.of(),
                        attrs(
                                "gen_ai.operation.name", "\"generate_content\"",
                                "gcp.vertex.agent.llm_request", "{\"model\": \"gemini-2.0-flash\", \"contents\": []}",
                                "gcp.vertex.agent.llm_response", "\"{\\\"content\\\": {\\\"parts\\\": [{\\\"text\\\": \\\"hi\\\"}]}}\"",
                                "gen_ai.system", "\"gcp.vertex.agent\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"model\": \"gemini-2.0-flash\", \"contents\": []}",
                                "mlflow.spanOutputs", "\"{\\\"content\\\": {\\\"parts\\\": [{\\\"text\\\": \\\"hi\\\"}]}}\"",
                                "mlflow.llm.model", "\"gemini-2.0-flash\"",
                                "mlflow.llm.provider", "\"gcp.vertex.agent\"")),
                translates("Laminar LLM span",
                        attrs(
                                "lmnr.span.type", "\"LLM\"",
                                "lmnr.span.input", "[{\"role\": \"user\", \"content\": \"Hi\"}]",
                                "lmnr.span.output", "\"[{\\\"role\\\": \\\"assistant\\\", \\\"content\\\": \\\"Yo\\\"}]\"",
                                "gen_ai.usage.input_tokens", "4",
                                "gen_ai.usage.output_tokens", "2",
                                "gen_ai.system", "\"openai\""),
                        List.of(),
                        attrs(
                                "lmnr.span.type", "\"LLM\"",
                                "lmnr.span.input", "[{\"role\": \"user\", \"content\": \"Hi\"}]",
                                "lmnr.span.output", "\"[{\\\"role\\\": \\\"assistant\\\", \\\"content\\\": \\\"Yo\\\"}]\"",
                                "gen_ai.usage.input_tokens", "4",
                                "gen_ai.usage.output_tokens", "2",
                                "gen_ai.system", "\"openai\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "[{\"role\": \"user\", \"content\": \"Hi\"}]",
                                "mlflow.spanOutputs", "\"[{\\\"role\\\": \\\"assistant\\\", \\\"content\\\": \\\"Yo\\\"}]\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 4, \"output_tokens\": 2, \"total_tokens\": 6}",
                                "mlflow.message.format", "\"openai\"",
                                "mlflow.llm.provider", "\"openai\"")),
                translates("Laminar DEFAULT span",
                        attrs(
                                "lmnr.span.type", "\"DEFAULT\"",
                                "lmnr.span.input", "\"x\""),
                        List.of(),
                        attrs(
                                "lmnr.span.type", "\"DEFAULT\"",
                                "lmnr.span.input", "\"x\"",
                                "mlflow.spanType", "\"CHAIN\"",
                                "mlflow.spanInputs", "\"x\"",
                                "mlflow.message.format", "\"openai\"")),
                translates("Langfuse generation",
                        attrs(
                                "langfuse.observation.type", "\"generation\"",
                                "langfuse.observation.input", "{\"prompt\": \"p\"}",
                                "langfuse.observation.output", "\"{\\\"text\\\": \\\"t\\\"}\""),
                        List.of(),
                        attrs(
                                "langfuse.observation.type", "\"generation\"",
                                "langfuse.observation.input", "{\"prompt\": \"p\"}",
                                "langfuse.observation.output", "\"{\\\"text\\\": \\\"t\\\"}\"",
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"prompt\": \"p\"}",
                                "mlflow.spanOutputs", "\"{\\\"text\\\": \\\"t\\\"}\"")),
                translates("Langfuse plain span is UNKNOWN",
                        attrs(
                                "langfuse.observation.type", "\"span\""),
                        List.of(),
                        attrs(
                                "langfuse.observation.type", "\"span\"",
                                "mlflow.spanType", "\"UNKNOWN\"")));
    }
}
