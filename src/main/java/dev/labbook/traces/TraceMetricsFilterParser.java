package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The metrics filter grammar: exactly one {@code identifier = 'value'} comparison. MLflow reads it with
 * sqlparse and refuses whatever is not a comparison; this scanner groups tokens the way sqlparse does
 * for the shapes people write, so that the same filters are refused with the same messages. Quoted
 * text is kept as written (MLflow strips the quotes and unescapes nothing).
 */
final class TraceMetricsFilterParser {
    /** Words sqlparse reads as keywords, which cannot be either side of a comparison (NULL can). */
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "TRUE", "FALSE", "BETWEEN",
            "EXISTS", "KEY", "SELECT", "FROM", "WHERE");

    enum Kind { NAME, STRING, NUMBER, NULL, PAREN, OPERATION, COMPARATOR, OTHER }

    record Token(Kind kind, String text) {
        boolean operand() {
            return kind == Kind.NAME || kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.NULL
                    || kind == Kind.PAREN || kind == Kind.OPERATION;
        }
    }

    private TraceMetricsFilterParser() {}

    static TraceMetricsFilter parse(String filter) {
        if (filter.isEmpty()) {
            throw oneClause(filter);
        }
        if (filter.isBlank()) {
            throw MlflowException.invalidParameter("Invalid filter '" + filter + "'. Could not be parsed.");
        }
        List<Token> tokens = new TraceMetricsFilterScanner(filter).tokens();
        List<Token[]> comparisons = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < tokens.size(); ) {
            if (i + 2 < tokens.size() && tokens.get(i).operand() && tokens.get(i + 1).kind() == Kind.COMPARATOR
                    && tokens.get(i + 2).operand()) {
                comparisons.add(new Token[] {tokens.get(i), tokens.get(i + 1), tokens.get(i + 2)});
                i += 3;
            } else {
                invalid.add(tokens.get(i++).text());
            }
        }
        if (!invalid.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid clause(s) in filter string: " + String.join(", ", invalid));
        }
        List<TraceMetricsFilter> parsed = comparisons.stream().map(TraceMetricsFilterParser::comparison).toList();
        if (parsed.size() != 1) {
            throw oneClause(filter);
        }
        return parsed.get(0);
    }

    /** MLflow's _get_comparison: identifier, then comparator, then value, each with its own message. */
    private static TraceMetricsFilter comparison(Token[] c) {
        if (c[0].kind() != Kind.NAME) {
            throw MlflowException.invalidParameter("Invalid comparison clause. Expected 'Identifier' found '"
                    + c[0].text() + "'");
        }
        String[] id = TraceMetricsFilter.identifier(c[0].text());
        if (!c[1].text().equals("=")) {
            throw MlflowException.invalidParameter("Invalid comparator: '" + c[1].text()
                    + "', only '=' operator is supported");
        }
        Token value = c[2];
        if (value.kind() != Kind.STRING && value.kind() != Kind.NAME) {
            throw MlflowException.invalidParameter("Expected a quoted string value for " + id[1]
                    + " value (e.g. 'my-value'). Got value " + value.text());
        }
        String text = value.text();
        if (!TraceMetricsFilter.quoted(text, '\'') && !TraceMetricsFilter.quoted(text, '"')) {
            throw MlflowException.invalidParameter("Parameter value is either not quoted or unidentified quote types "
                    + "used for string value " + text + ". Use either single or double quotes.");
        }
        return new TraceMetricsFilter(id[0], id[1], id[2], TraceMetricsFilter.stripQuotes(text));
    }

    private static MlflowException oneClause(String filter) {
        return MlflowException.invalidParameter("Invalid filter: '" + filter + "'. Expected one filter clause.");
    }

    static Kind wordKind(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) {
            return Kind.NULL;
        }
        if (upper.equals("LIKE") || upper.equals("ILIKE")) {
            return Kind.COMPARATOR;
        }
        return KEYWORDS.contains(upper) ? Kind.OTHER : Kind.NAME;
    }
}
