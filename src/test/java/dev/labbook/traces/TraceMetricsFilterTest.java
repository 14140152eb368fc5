package dev.labbook.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.labbook.http.MlflowException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metrics filter grammar against MLflow 3.18: each expected result is what
 * SearchTraceMetricsUtils.parse_search_filter returned, or the message it raised, for the same text.
 */
class TraceMetricsFilterTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("trace.status = 'OK'", "trace status null OK"),
                arguments("trace.status='OK'", "trace status null OK"),
                arguments("trace.status = \"ERROR\"", "trace status null ERROR"),
                arguments("`trace`.status = 'OK'", "trace status null OK"),
                arguments("trace.tag.mlflow.traceName = 'agent'", "trace tag mlflow.traceName agent"),
                arguments("trace.tag.`mlflow.traceName` = 'agent'", "trace tag mlflow.traceName agent"),
                arguments("trace.tag.\"mlflow.traceName\" = 'agent'", "trace tag mlflow.traceName agent"),
                arguments("trace.tag.'mlflow.traceName' = 'agent'", "trace tag mlflow.traceName agent"),
                arguments("trace.tag.key = 'x'", "trace tag key x"),
                arguments("trace.tag.a.b.c = 'x'", "trace tag a.b.c x"),
                arguments("trace.tag.`a b` = 'x'", "trace tag a b x"),
                arguments("trace.tag.1x = 'a'", "trace tag 1x a"),
                arguments("trace.metadata.\"x y\" = 'x'", "trace metadata x y x"),
                arguments("trace.status = 'it''s'", "trace status null it''s"),
                arguments("trace.status = 'O\\'K'", "trace status null O\\'K"),
                arguments("trace.status = \"a'b\"", "trace status null a'b"),
                arguments("span.name = 'a'", "span name null a"),
                arguments("assessment.type = 'feedback'", "assessment type null feedback"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void parsesAsMlflow(String filter, String expected) {
        TraceMetricsFilter f = TraceMetricsFilter.parse(filter);
        assertEquals(expected, f.view() + " " + f.entity() + " " + f.key() + " " + f.value());
    }

    static Stream<Arguments> refused() {
        String quoted = "Parameter value is either not quoted or unidentified quote types used for string value ";
        return Stream.of(
                arguments("", "Invalid filter: ''. Expected one filter clause."),
                arguments("  ", "Invalid filter '  '. Could not be parsed."),
                arguments("trace.status = 'a' trace.status = 'b'",
                        "Invalid filter: 'trace.status = 'a' trace.status = 'b''. Expected one filter clause."),
                arguments("trace.status = OK", quoted + "OK. Use either single or double quotes."),
                arguments("trace.status = `x`", quoted + "`x`. Use either single or double quotes."),
                arguments("trace.status = x.y", quoted + "x.y. Use either single or double quotes."),
                arguments("trace.status = 1", "Expected a quoted string value for status value (e.g. 'my-value'). Got value 1"),
                arguments("trace.status = -1", "Expected a quoted string value for status value (e.g. 'my-value'). Got value -1"),
                arguments("trace.status = NULL", "Expected a quoted string value for status value (e.g. 'my-value'). Got value NULL"),
                arguments("trace.status = (x)", "Expected a quoted string value for status value (e.g. 'my-value'). Got value (x)"),
                arguments("trace.status != 'OK'", "Invalid comparator: '!=', only '=' operator is supported"),
                arguments("trace.status<>'OK'", "Invalid comparator: '<>', only '=' operator is supported"),
                arguments("trace.status LIKE 'O%'", "Invalid comparator: 'LIKE', only '=' operator is supported"),
                arguments("trace.status NOT LIKE 'x'", "Invalid comparator: 'NOT LIKE', only '=' operator is supported"),
                arguments("trace.status IN ('OK')", "Invalid clause(s) in filter string: trace.status, IN, ('OK')"),
                arguments("trace.status IS NULL", "Invalid clause(s) in filter string: trace.status, IS, NULL"),
                arguments("trace.status = 'OK' AND trace.status = 'OK'", "Invalid clause(s) in filter string: AND"),
                arguments("trace.status = 'OK' OR x", "Invalid clause(s) in filter string: OR, x"),
                arguments("trace.status = TRUE", "Invalid clause(s) in filter string: trace.status, =, TRUE"),
                arguments("(trace.status = 'OK')", "Invalid clause(s) in filter string: (trace.status = 'OK')"),
                arguments("trace.status = 'OK';", "Invalid clause(s) in filter string: ;"),
                arguments("trace.status = 'OK' -- comment", "Invalid clause(s) in filter string: -- comment"),
                arguments("trace.tag.my-key = 'x'", "Invalid clause(s) in filter string: trace.tag.my, -, key, =, 'x'"),
                arguments("trace.", "Invalid clause(s) in filter string: trace."),
                arguments("trace.status = 'OK';;", "Search filter contained multiple expression \"trace.status = 'OK';;\". "
                        + "Provide AND-ed expression list."),
                arguments("(x) = 'a'", "Invalid comparison clause. Expected 'Identifier' found '(x)'"),
                arguments("'a' = 'b'", "Invalid comparison clause. Expected 'Identifier' found ''a''"),
                arguments("trace.tag.x-y = 'a'", "Invalid comparison clause. Expected 'Identifier' found 'trace.tag.x-y'"),
                arguments("status = 'x'", "Invalid identifier 'status'. Columns should be specified as 'trace.<key>', "
                        + "'span.<key>', 'assessment.<key>'."),
                arguments("TRACE.status = 'OK'",
                        "Invalid view type 'TRACE'. Valid values are dict_keys(['trace', 'span', 'assessment'])"),
                arguments("trace . status = 'x'",
                        "Invalid view type 'trace '. Valid values are dict_keys(['trace', 'span', 'assessment'])"),
                arguments("trace.`status` = 'OK'", "Invalid entity '`status`' specified for view type 'trace'. "
                        + "Valid entities are ['status', 'tag', 'metadata']"),
                arguments("span.tag.x = 'y'", "Invalid entity 'tag' specified for view type 'span'. "
                        + "Valid entities are ['name', 'status', 'type']"),
                arguments("trace.tag = 'x'", "Filtering by tag requires a key, e.g. 'trace.tag.<key> = <value>'"),
                arguments("span.status.x = 'y'", "Filtering by status does not require a key, use 'span.status' instead"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesAsMlflow(String filter, String message) {
        MlflowException e = org.junit.jupiter.api.Assertions.assertThrows(MlflowException.class,
                () -> TraceMetricsFilter.parse(filter));
        assertEquals(message, e.getMessage());
    }
}
