package dev.labbook.traces;

import dev.labbook.traces.otlp.OtlpEvent;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tracing conventions MLflow 3.18 translates, in the order it asks them: for each attribute it
 * derives, the first convention with an answer wins, so the order is part of the behaviour (an
 * OpenInference kind beats a GenAI operation name, GenAI beats LiveKit's guesses).
 */
final class GenAiConventions {
    /** MLflow's _TRANSLATORS. */
    static final List<SpanTranslationSchema> ATTRIBUTES = List.of(
            openInference(),
            new GenAiConventionsGeminiCli(),
            new GenAiConventionsClaudeCode(),
            new GenAiConventionsSemconv(),
            new SpringAi(),
            traceloop(),
            googleAdk(),
            new GenAiConventionsVercel(),
            new GenAiConventionsVoltAgent(),
            new GenAiConventionsLiveKit(),
            laminar(),
            langfuse());
    /** MLflow's _EVENT_TRANSLATORS, asked only when no attribute holds the inputs or outputs. */
    static final List<SpanTranslationSchema> EVENTS =
            List.of(new SpringAi(), new GenAiConventionsLiveKit(), new GenAiConventionsClaudeCode());

    private GenAiConventions() {}

    /** Arize OpenInference (openinference.span.kind, llm.*, input.value and output.value). */
    private static SpanTranslationSchema openInference() {
        return new SpanTranslationSchema()
                .kinds("openinference.span.kind", Map.of(
                        "TOOL", "TOOL", "CHAIN", "CHAIN", "LLM", "LLM", "RETRIEVER", "RETRIEVER",
                        "EMBEDDING", "EMBEDDING", "AGENT", "AGENT", "RERANKER", "RERANKER",
                        "UNKNOWN", "UNKNOWN", "GUARDRAIL", "GUARDRAIL", "EVALUATOR", "EVALUATOR"))
                .tokens("llm.token_count.prompt", "llm.token_count.completion", "llm.token_count.total",
                        "llm.token_count.prompt_details.cache_read", "llm.token_count.prompt_details.cache_write")
                .inputs("input.value")
                .outputs("output.value")
                // The resolved response model first, then the legacy name, then the request alias.
                .models("llm.response.model_name", "llm.model_name", "llm.request.model_name", "embedding.model_name")
                .provider("llm.provider");
    }

    /**
     * Traceloop / OpenLLMetry. Its instrumentations also flatten messages into indexed keys such
     * as gen_ai.prompt.0.content; MLflow takes the first such key that has a value. Python's \d
     * matches any decimal digit, and re.match anchors only at the start.
     */
    private static SpanTranslationSchema traceloop() {
        return new SpanTranslationSchema()
                .kinds("traceloop.span.kind", Map.of(
                        "workflow", "WORKFLOW", "task", "TASK", "agent", "AGENT", "tool", "TOOL", "unknown", "UNKNOWN"))
                .tokens("gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "llm.usage.total_tokens",
                        null, null)
                .inputs("traceloop.entity.input", indexed("gen_ai\\.prompt\\.\\p{Nd}+\\.content"),
                        indexed("gen_ai\\.completion\\.\\p{Nd}+\\.tool_calls\\.\\p{Nd}+\\.arguments"))
                .outputs("traceloop.entity.output", indexed("gen_ai\\.completion\\.\\p{Nd}+\\.content"))
                .provider("gen_ai.system");
    }

    private static Pattern indexed(String regex) {
        return Pattern.compile(regex);
    }

    /** Google ADK: GenAI conventions plus its own request and response attributes. */
    private static SpanTranslationSchema googleAdk() {
        return new SpanTranslationSchema()
                .inputs("gcp.vertex.agent.llm_request", "gcp.vertex.agent.tool_call_args")
                .outputs("gcp.vertex.agent.llm_response", "gcp.vertex.agent.tool_response");
    }

    /** Laminar (lmnr.*); its LLM spans carry OpenAI-shaped messages. */
    private static SpanTranslationSchema laminar() {
        return new SpanTranslationSchema()
                .kinds("lmnr.span.type", Map.of(
                        "LLM", "LLM", "TOOL", "TOOL", "DEFAULT", "CHAIN", "PIPELINE", "CHAIN", "EXECUTOR", "AGENT",
                        "EVALUATOR", "EVALUATOR", "HUMAN_EVALUATOR", "EVALUATOR", "EVALUATION", "EVALUATOR",
                        "CACHED", "LLM"))
                .inputs("lmnr.span.input")
                .outputs("lmnr.span.output")
                .tokens("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", null, null, null)
                .models("gen_ai.response.model", "gen_ai.request.model")
                .provider("gen_ai.system")
                .format("openai", "lmnr.span.type");
    }

    /** Langfuse observations forwarded over OTLP. */
    private static SpanTranslationSchema langfuse() {
        return new SpanTranslationSchema()
                .kinds("langfuse.observation.type", Map.of(
                        "generation", "LLM", "embedding", "EMBEDDING", "tool", "TOOL", "retriever", "RETRIEVER",
                        "agent", "AGENT", "chain", "CHAIN", "evaluator", "EVALUATOR", "guardrail", "GUARDRAIL",
                        "span", "UNKNOWN"))
                .inputs("langfuse.observation.input")
                .outputs("langfuse.observation.output");
    }

    /** Spring AI: GenAI attributes, but the prompt and completion travel in events. */
    static final class SpringAi extends SpanTranslationSchema {
        SpringAi() {
            kinds(GenAiConventionsSemconv.OPERATION_NAME, Map.of("chat", "CHAT_MODEL", "embeddings", "EMBEDDING"));
            tokens("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", null, null, null);
        }

        @Override
        Object inputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
            return eventValue(events, "gen_ai.content.prompt", "gen_ai.prompt");
        }

        @Override
        Object outputFromEvents(List<OtlpEvent> events, Map<String, Object> attributes) {
            return eventValue(events, "gen_ai.content.completion", "gen_ai.completion");
        }

        /** The value as sent, not JSON-encoded: MLflow stores a prompt string as bare text. */
        private static Object eventValue(List<OtlpEvent> events, String name, String key) {
            for (OtlpEvent event : events) {
                if (name.equals(event.name())) {
                    Object value = event.attributes().get(key);
                    if (SpanTranslationPy.truthy(value)) {
                        return value;
                    }
                }
            }
            return null;
        }
    }
}
