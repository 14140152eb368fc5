package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static dev.labbook.traces.SpanTranslationCases.translates;

import dev.labbook.traces.SpanTranslationCases.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spans that already carry MLflow's attributes, as MLflow's own client sends them: nothing they
 * have is replaced (bar an UNKNOWN type), and the model is read from their inputs or outputs.
 * Expected values are MLflow 3.18's own output; see {@link SpanTranslationCases}.
 */
class SpanTranslationTypedTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("typed")
    void typedLikeMlflow(Case c) {
        c.check();
    }

    static Stream<Case> typed() {
        return Stream.of(
                translates("An MLflow span is left as it is",
                        attrs(
                                "mlflow.spanType", "\"CHAIN\"",
                                "mlflow.spanFunctionName", "\"run\"",
                                "mlflow.spanInputs", "{\"question\": \"why\"}",
                                "mlflow.spanOutputs", "\"because\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"CHAIN\"",
                                "mlflow.spanFunctionName", "\"run\"",
                                "mlflow.spanInputs", "{\"question\": \"why\"}",
                                "mlflow.spanOutputs", "\"because\"")),
                translates("An MLflow LLM span keeps its own usage and message format",
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"messages\": []}",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1, \"output_tokens\": 1, \"total_tokens\": 2}",
                                "mlflow.message.format", "\"openai\"",
                                "mlflow.llm.model", "\"gpt-4o\"",
                                "mlflow.llm.provider", "\"openai\"",
                                "gen_ai.usage.input_tokens", "50",
                                "gen_ai.request.model", "\"other\"",
                                "gen_ai.provider.name", "\"other\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"messages\": []}",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1, \"output_tokens\": 1, \"total_tokens\": 2}",
                                "mlflow.message.format", "\"openai\"",
                                "mlflow.llm.model", "\"gpt-4o\"",
                                "mlflow.llm.provider", "\"openai\"",
                                "gen_ai.usage.input_tokens", "50",
                                "gen_ai.request.model", "\"other\"",
                                "gen_ai.provider.name", "\"other\"")),
                translates("Model name from the inputs' model field",
                        attrs(
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "{\"model\": \"gpt-4o-mini\", \"messages\": []}",
                                "mlflow.spanOutputs", "{\"model\": \"ignored\"}"),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"CHAT_MODEL\"",
                                "mlflow.spanInputs", "{\"model\": \"gpt-4o-mini\", \"messages\": []}",
                                "mlflow.spanOutputs", "{\"model\": \"ignored\"}",
                                "mlflow.llm.model", "\"gpt-4o-mini\"")),
                translates("Model name from the outputs when the inputs have none",
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"model\": \"\"}",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\", \"id\": \"x\"}"),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"model\": \"\"}",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\", \"id\": \"x\"}",
                                "mlflow.llm.model", "\"gpt-4.1\"")),
                translates("A model field that is not a string stops the search",
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"model\": {\"name\": \"m\"}}",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\"}"),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"LLM\"",
                                "mlflow.spanInputs", "{\"model\": {\"name\": \"m\"}}",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\"}")),
                translates("Inputs that are not JSON are skipped for the model",
                        attrs(
                                "mlflow.spanInputs", "not json",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\"}"),
                        List.of(),
                        attrs(
                                "mlflow.spanInputs", "not json",
                                "mlflow.spanOutputs", "{\"model\": \"gpt-4.1\"}",
                                "mlflow.llm.model", "\"gpt-4.1\"")),
                translates("A span type that is not JSON and not UNKNOWN is kept",
                        attrs(
                                "mlflow.spanType", "LLM",
                                "gen_ai.operation.name", "\"execute_tool\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "LLM",
                                "gen_ai.operation.name", "\"execute_tool\"")),
                translates("A null span type is translated",
                        attrs(
                                "mlflow.spanType", "null",
                                "traceloop.span.kind", "\"task\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"TASK\"",
                                "traceloop.span.kind", "\"task\"")),
                translates("An empty span type is kept",
                        attrs(
                                "mlflow.spanType", "\"\"",
                                "traceloop.span.kind", "\"task\""),
                        List.of(),
                        attrs(
                                "mlflow.spanType", "\"\"",
                                "traceloop.span.kind", "\"task\"")),
                translates("Nothing to translate",
                        attrs(
                                "http.method", "\"GET\"",
                                "count", "3"),
                        List.of(),
                        attrs(
                                "http.method", "\"GET\"",
                                "count", "3")));
    }
}
