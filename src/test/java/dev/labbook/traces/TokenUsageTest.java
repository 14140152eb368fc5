package dev.labbook.traces;

import static dev.labbook.traces.SpanTranslationCases.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labbook.http.MlflowException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trace token usage, session and user from a trace's spans. Every expectation is what MLflow 3.18's
 * SqlAlchemyStore.log_spans stored for the same spans (make_cases.py usage, under
 * src/test/resources/span-translation): the spans' attributes are the translated ones it
 * aggregated, the expected text the trace metadata it then returned.
 */
class TokenUsageTest {
    /** The trace's spans and what MLflow made of them; a null expectation is "no metadata". */
    record Case(String name, Outcome outcome, String usage, String session, String user, List<SpanNode> spans) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Outcome { STORED, USAGE_FAILS, SESSION_REFUSED }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aggregatesLikeMlflow(Case c) {
        if (c.outcome() == Outcome.USAGE_FAILS) {
            assertThrows(SpanTranslationException.class, () -> TokenUsage.traceTokenUsage(c.spans()));
            return;
        }
        if (c.outcome() == Outcome.SESSION_REFUSED) {
            MlflowException e = assertThrows(MlflowException.class, () -> TokenUsage.sessionId(c.spans()));
            assertEquals("'Session ID' exceeds the maximum length of 250 characters", e.getMessage());
            return;
        }
        assertEquals(Optional.ofNullable(c.usage()), TokenUsage.traceTokenUsage(c.spans()));
        assertEquals(Optional.ofNullable(c.session()), TokenUsage.sessionId(c.spans()));
        assertEquals(Optional.ofNullable(c.user()), TokenUsage.userId(c.spans()));
    }

    /** MLflow would loop for ever on this; Labbook gives up and refuses the spans. */
    @Test
    void repeatedSpanIdsThatFormACycleAreRefused() {
        String usage = "{\"input_tokens\": 1}";
        List<SpanNode> spans = List.of(
                node("a", null, attrs()),
                node("b", "a", attrs(SpanTranslation.TOKEN_USAGE, usage)),
                node("a", "b", attrs()));
        assertThrows(SpanTranslationException.class, () -> TokenUsage.traceTokenUsage(spans));
    }

    static SpanNode node(String spanId, String parentSpanId, Map<String, String> attributes) {
        return new SpanNode(spanId, parentSpanId, attributes);
    }

    static Case expect(String name, String usage, String session, String user, SpanNode... spans) {
        return new Case(name, Outcome.STORED, usage, session, user, List.of(spans));
    }

    static Case rejectsUsage(String name, SpanNode... spans) {
        return new Case(name, Outcome.USAGE_FAILS, null, null, null, List.of(spans));
    }

    static Case rejectsSession(String name, SpanNode... spans) {
        return new Case(name, Outcome.SESSION_REFUSED, null, null, null, List.of(spans));
    }

    static Stream<Case> cases() {
        return Stream.of(
                expect("One LLM span", "{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15}"))),
                expect("A parent that rolls up its children is counted once", "{\"input_tokens\": 30, \"output_tokens\": 12, \"total_tokens\": 42}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 30, \"output_tokens\": 12, \"total_tokens\": 42}")),
                        node("0000000000000002", "0000000000000001", attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 10, \"output_tokens\": 2, \"total_tokens\": 12}")),
                        node("0000000000000003", "0000000000000001", attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 20, \"output_tokens\": 10, \"total_tokens\": 30}"))),
                expect("Siblings under a parent without usage are summed", "{\"input_tokens\": 11, \"output_tokens\": 3, \"total_tokens\": 14, \"cache_read_input_tokens\": 2}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.spanType", "\"CHAIN\"")),
                        node("0000000000000002", "0000000000000001", attrs(
                                "gen_ai.usage.input_tokens", "7",
                                "gen_ai.usage.output_tokens", "3",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 7, \"output_tokens\": 3, \"total_tokens\": 10}")),
                        node("0000000000000003", "0000000000000001", attrs(
                                "llm.token_count.prompt", "4",
                                "llm.token_count.total", "4",
                                "llm.token_count.prompt_details.cache_read", "2",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 4, \"total_tokens\": 4, \"cache_read_input_tokens\": 2}"))),
                expect("A nested rollup hides its descendants but not its siblings", "{\"input_tokens\": 101, \"output_tokens\": 51, \"total_tokens\": 152, \"cache_read_input_tokens\": 40, \"cache_creation_input_tokens\": 9}", null, null,
                        node("0000000000000001", null, attrs()),
                        node("0000000000000002", "0000000000000001", attrs(
                                "gen_ai.operation.name", "\"invoke_agent\"",
                                "gen_ai.usage.input_tokens", "100",
                                "gen_ai.usage.output_tokens", "50",
                                "gen_ai.usage.cache_read.input_tokens", "40",
                                "mlflow.spanType", "\"AGENT\"",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 100, \"output_tokens\": 50, \"total_tokens\": 150, \"cache_read_input_tokens\": 40}")),
                        node("0000000000000003", "0000000000000002", attrs(
                                "gen_ai.usage.input_tokens", "60",
                                "gen_ai.usage.output_tokens", "30",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 60, \"output_tokens\": 30, \"total_tokens\": 90}")),
                        node("0000000000000004", "0000000000000003", attrs(
                                "gen_ai.usage.input_tokens", "60",
                                "gen_ai.usage.output_tokens", "30",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 60, \"output_tokens\": 30, \"total_tokens\": 90}")),
                        node("0000000000000005", "0000000000000001", attrs(
                                "gen_ai.usage.input_tokens", "1",
                                "gen_ai.usage.output_tokens", "1",
                                "gen_ai.usage.cache_write.input_tokens", "9",
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1, \"output_tokens\": 1, \"total_tokens\": 2, \"cache_creation_input_tokens\": 9}"))),
                expect("A span whose parent is elsewhere counts as a root", "{\"input_tokens\": 3, \"output_tokens\": 8, \"total_tokens\": 3, \"cache_creation_input_tokens_above_1hr\": 1}", null, null,
                        node("0000000000000002", "0000000000000063", attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 3, \"total_tokens\": 3}")),
                        node("0000000000000003", "0000000000000002", attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 3, \"total_tokens\": 3}")),
                        node("0000000000000004", "0000000000000062", attrs(
                                "mlflow.chat.tokenUsage", "{\"output_tokens\": 8, \"cache_creation_input_tokens_above_1hr\": 1}"))),
                expect("No usage anywhere", null, null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.spanType", "\"CHAIN\"")),
                        node("0000000000000002", "0000000000000001", attrs(
                                "x", "1"))),
                expect("Usage that is not an object is no usage", null, null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "[1, 2]")),
                        node("0000000000000002", null, attrs(
                                "mlflow.chat.tokenUsage", "not json"))),
                expect("An empty usage object counts as zero usage", "{\"input_tokens\": 0, \"output_tokens\": 0, \"total_tokens\": 0}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{}"))),
                expect("Counts that are not integers are left out", "{\"output_tokens\": 2, \"total_tokens\": 1}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 1.5, \"output_tokens\": 2.0, \"total_tokens\": true, \"cache_read_input_tokens\": 1e+30}"))),
                expect("Float counts that add up to a whole number count", "{\"input_tokens\": 1, \"total_tokens\": 0}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 0.5, \"output_tokens\": 2}")),
                        node("0000000000000002", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 0.5, \"output_tokens\": 1.5}"))),
                expect("Counts beyond a BIGINT are left out", "{\"output_tokens\": 9223372036854775807, \"total_tokens\": 0}", null, null,
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": 9223372036854775808, \"output_tokens\": 9223372036854775807}"))),
                // MLflow raises TypeError: unsupported operand type(s) for +=: 'int' and 'str'
                rejectsUsage("A string count fails the batch",
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"input_tokens\": \"3\"}"))),
                // MLflow raises TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'
                rejectsUsage("A null count fails the batch",
                        node("0000000000000001", null, attrs(
                                "mlflow.chat.tokenUsage", "{\"cache_read_input_tokens\": null}"))),
                expect("Session and user from the first span that has them", null, "s-1", "u-1",
                        node("0000000000000001", null, attrs(
                                "x", "1")),
                        node("0000000000000002", "0000000000000001", attrs(
                                "session.id", "\"s-1\"",
                                "user.id", "\"u-1\"")),
                        node("0000000000000003", "0000000000000001", attrs(
                                "session.id", "\"s-2\"",
                                "user.id", "\"u-2\""))),
                expect("GenAI conversation id", null, "conv-9", "42",
                        node("0000000000000001", null, attrs(
                                "gen_ai.conversation.id", "\"conv-9\"",
                                "user.id", "42"))),
                expect("session.id wins over the conversation id", null, "sess", null,
                        node("0000000000000001", null, attrs(
                                "gen_ai.conversation.id", "\"conv\"",
                                "session.id", "\"sess\""))),
                expect("An empty session id still ends the search", null, null, null,
                        node("0000000000000001", null, attrs(
                                "session.id", "\"\"",
                                "user.id", "\"\"")),
                        node("0000000000000002", "0000000000000001", attrs(
                                "session.id", "\"later\"",
                                "user.id", "\"later\""))),
                expect("A session id that is not a JSON string is kept as stored", null, "12345", "raw-user",
                        node("0000000000000001", null, attrs(
                                "session.id", "12345",
                                "user.id", "raw-user"))),
                expect("A session id of 250 characters", null, "s".repeat(250), null,
                        node("0000000000000001", null, attrs(
                                "session.id", "\"" + "s".repeat(250) + "\""))),
                // MLflow refuses the request: 'Session ID' exceeds the maximum length of 250 characters
                rejectsSession("A session id of 251 characters is rejected",
                        node("0000000000000001", null, attrs(
                                "session.id", "\"" + "s".repeat(251) + "\""))),
                expect("A long non-ASCII session id is measured in characters", null, "\ud83d\ude00".repeat(250), null,
                        node("0000000000000001", null, attrs(
                                "session.id", "\"" + "\ud83d\ude00".repeat(250) + "\"")))
);
    }
}
