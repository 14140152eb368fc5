package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static dev.labbook.traces.SpanTranslationCases.event;
import static dev.labbook.traces.SpanTranslationCases.lines;
import static dev.labbook.traces.SpanTranslationCases.list;
import static dev.labbook.traces.SpanTranslationCases.map;
import static dev.labbook.traces.SpanTranslationCases.rejects;
import static dev.labbook.traces.SpanTranslationCases.translates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.labbook.traces.SpanTranslationCases.Case;
import dev.labbook.traces.otlp.OtlpSpan;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where Python's own rules decide: which text is JSON, what int() accepts, what is truthy, and
 * the spans on which MLflow's store raises (and so refuses the request).
 * Expected values are MLflow 3.18's own output; see {@link SpanTranslationCases}.
 */
class SpanTranslationEdgeTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void edgesLikeMlflow(Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsLikeMlflow(Case c) {
        c.check();
    }

    /** Expected: make_cases.py content. MLflow adds the request id on decoding, before translating. */
    @Test
    void storedSpansCarryTheTranslationAfterTheRequestId() {
        byte[] traceId = HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c");
        OtlpSpan span = new OtlpSpan(traceId, HexFormat.of().parseHex("00f067aa0ba902b7"), null, "chat", 1, 1, 2,
                map("gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", 3L,
                        "gen_ai.usage.output_tokens", 4L, "mlflow.traceRequestId", "client-sent",
                        "gen_ai.conversation.id", "c-1"),
                List.of(), 0, null, List.of(), Map.of());
        assertEquals(lines(attrs(
                        "gen_ai.operation.name", "\"chat\"",
                        "gen_ai.request.model", "\"gpt-4o\"",
                        "gen_ai.usage.input_tokens", "3",
                        "gen_ai.usage.output_tokens", "4",
                        "mlflow.traceRequestId", "\"tr-5b8efff798038103d269b633813fc60c\"",
                        "gen_ai.conversation.id", "\"c-1\"",
                        "mlflow.spanType", "\"CHAT_MODEL\"",
                        "mlflow.chat.tokenUsage", "{\"input_tokens\": 3, \"output_tokens\": 4, \"total_tokens\": 7}",
                        "mlflow.llm.model", "\"gpt-4o\"")),
                lines(SpanContent.attributes(span, TraceIds.traceId(traceId))));
        // Labbook types the column from the translated attributes; MLflow's column keeps the type
        // the span arrived with (none here), though its stored span content has the same type.
        assertEquals("CHAT_MODEL", SpanContent.row(span, 1).type());
    }

    /** Expected: Python's int() on each text; empty cells are ValueError. */
    @ParameterizedTest(name = "int({0})")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "12|12", "' 12 '|12", "1_000|1000", "_1|", "1__0|", "1_|", "+5|5", "-5|-5", "- 5|", "\u0664\u0662|42",
        "'\u00a012\u3000'|12", "1.0|", "''|", "0x10|", "007|7", "'\u20001'|1", "'1\u0085'|1"})
    void parsesIntegersAsPythonsInt(String text, String expected) {
        assertEquals(expected == null ? null : new BigInteger(expected), SpanTranslationPy.parseInt(text));
    }

    /** Expected: json.loads; Jackson reads some of these, Python does not. */
    @ParameterizedTest(name = "json.loads({0}) fails")
    @CsvSource(delimiter = '|', quoteCharacter = '\'',
            value = {"+Infinity", "-INF", "+INF", "'[1, +Infinity]'", "-NaN", "''", "' '", "01", "'{\"a\": 1,}'"})
    void rejectsWhatPythonRejects(String text) {
        assertSame(SpanTranslationPy.NOT_JSON, SpanTranslationPy.loads(text));
    }

    @Test
    void readsWhatPythonReads() {
        assertEquals(100000.0, SpanTranslationPy.loads("1e+5"));
        assertEquals(Double.NEGATIVE_INFINITY, SpanTranslationPy.loads("-Infinity"));
        assertEquals(list(Double.NaN), SpanTranslationPy.loads("[NaN]"));
        assertEquals("+INF", SpanTranslationPy.loads("\"+INF\""));
        assertEquals(map("a", new BigInteger("123456789012345678901234567890")),
                SpanTranslationPy.loads("{\"a\": 123456789012345678901234567890}"));
    }

    /** Expected: json.dumps("ü\x7f😀 ok"), which escapes DEL too. */
    @Test
    void dumpsAsciiEscapesLikePython() {
        assertEquals("\"\\u00fc\\u007f\\ud83d\\ude00 ok\"", SpanTranslationPy.dumpsAscii("ü\u007f😀 ok"));
    }

    static Stream<Case> edges() {
        return Stream.of(
                translates("Token counts Python's int() accepts",
                        attrs(
                                "gen_ai.usage.input_tokens", "\"1_000\"",
                                "gen_ai.usage.output_tokens", "+25",
                                "gen_ai.usage.cache_read.input_tokens", "\"\u0664\u0662\""),
                        List.of(),
                        attrs(
                                "gen_ai.usage.input_tokens", "\"1_000\"",
                                "gen_ai.usage.output_tokens", "+25",
                                "gen_ai.usage.cache_read.input_tokens", "\"\u0664\u0662\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1000, \"output_tokens\": 25, \"total_tokens\": 1025, \"cache_read_input_tokens\": 42}")),
                translates("Boolean token counts are kept as booleans",
                        attrs(
                                "gen_ai.usage.input_tokens", "true",
                                "gen_ai.usage.output_tokens", "2"),
                        List.of(),
                        attrs(
                                "gen_ai.usage.input_tokens", "true",
                                "gen_ai.usage.output_tokens", "2",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": true, \"output_tokens\": 2, \"total_tokens\": 3}")),
                translates("Float token counts are not counts",
                        attrs(
                                "gen_ai.usage.input_tokens", "3.0",
                                "gen_ai.usage.output_tokens", "\"1.5\"",
                                "llm.token_count.total", "7"),
                        List.of(),
                        attrs(
                                "gen_ai.usage.input_tokens", "3.0",
                                "gen_ai.usage.output_tokens", "\"1.5\"",
                                "llm.token_count.total", "7",
                                "mlflow.chat.tokenUsage", "{\"total_tokens\": 7}")),
                translates("Huge token counts keep every digit",
                        attrs(
                                "llm.token_count.prompt", "\"123456789012345678901234567890\"",
                                "llm.token_count.completion", "1"),
                        List.of(),
                        attrs(
                                "llm.token_count.prompt", "\"123456789012345678901234567890\"",
                                "llm.token_count.completion", "1",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 123456789012345678901234567890, \"output_tokens\": 1, \"total_tokens\": 123456789012345678901234567891}")),
                translates("Python's JSON rejects +Infinity and INF spellings",
                        attrs(
                                "lmnr.span.input", "+Infinity",
                                "lmnr.span.output", "-INF",
                                "gen_ai.response.model", "NaN"),
                        List.of(),
                        attrs(
                                "lmnr.span.input", "+Infinity",
                                "lmnr.span.output", "-INF",
                                "gen_ai.response.model", "NaN",
                                "mlflow.spanInputs", "+Infinity",
                                "mlflow.spanOutputs", "-INF",
                                "mlflow.llm.model", "NaN")),
                translates("A model name that is JSON keeps its type",
                        attrs(
                                "llm.model_name", "[1, 2]",
                                "llm.provider", "{\"a\": null}"),
                        List.of(),
                        attrs(
                                "llm.model_name", "[1, 2]",
                                "llm.provider", "{\"a\": null}",
                                "mlflow.llm.model", "[1, 2]",
                                "mlflow.llm.provider", "{\"a\": null}")),
                // MLflow keeps mlflow.spanInputs as the list itself; as text it is its JSON
                // MLflow keeps mlflow.spanOutputs as the dict itself; as text it is its JSON
                translates("Spring AI event values that are not strings",
                        attrs(),
                        List.of(
                                event("gen_ai.content.prompt", "gen_ai.prompt", list("a", 1L)),
                                event("gen_ai.content.completion", "gen_ai.completion", map("model", "m-1", "n", 2L))),
                        attrs(
                                "mlflow.spanInputs", "[\"a\", 1]",
                                "mlflow.spanOutputs", "{\"model\": \"m-1\", \"n\": 2}",
                                "mlflow.llm.model", "\"m-1\"")),
                translates("Falsy JSON values are skipped",
                        attrs(
                                "input.value", "0",
                                "gen_ai.input.messages", "null",
                                "gen_ai.tool.call.arguments", "false",
                                "traceloop.entity.input", "  ",
                                "output.value", "0.0",
                                "gen_ai.output.messages", "NaN"),
                        List.of(),
                        attrs(
                                "input.value", "0",
                                "gen_ai.input.messages", "null",
                                "gen_ai.tool.call.arguments", "false",
                                "traceloop.entity.input", "  ",
                                "output.value", "0.0",
                                "gen_ai.output.messages", "NaN",
                                "mlflow.spanInputs", "  ",
                                "mlflow.spanOutputs", "NaN")));
    }

    static Stream<Case> errors() {
        return Stream.of(
                // MLflow raises TypeError: unhashable type: 'list'
                rejects("A list span kind is unhashable",
                        attrs(
                                "openinference.span.kind", "[\"LLM\"]"),
                        List.of()),
                // MLflow raises TypeError: unhashable type: 'dict'
                rejects("A dict VoltAgent span type is unhashable",
                        attrs(
                                "span.type", "{\"a\": 1}"),
                        List.of()),
                // MLflow raises TypeError: 'int' object is not iterable
                rejects("Vercel AI tools that are a number cannot be iterated",
                        attrs(
                                "ai.operationId", "\"ai.generateText.doGenerate\"",
                                "ai.prompt.tools", "3"),
                        List.of()),
                // MLflow raises OverflowError: cannot convert float infinity to integer
                rejects("Claude Code infinite token count",
                        attrs(
                                "span.type", "\"claude_code.llm_request\"",
                                "input_tokens", "Infinity"),
                        List.of()));
    }
}
