package dev.labbook.search;

import dev.labbook.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for MLflow search filters and order_by strings.
 *
 * <pre>
 * filter     := [comparison] (AND comparison)*        -- stray ANDs are ignored, as in MLflow
 * comparison := identifier ( operator scalar | [NOT] IN list | IS [NOT] NULL | (LIKE | ILIKE | RLIKE) scalar )
 * identifier := name ('.' name)*                       -- name: word, `backquoted` or "double-quoted"
 * scalar     := 'string' | "string" | number
 * list       := '(' string (',' string)* [','] ')'
 * </pre>
 *
 * There is no OR, no NOT outside NOT IN / IS NOT NULL and no parenthesised grouping. RLIKE (a regular
 * expression) is trace search's only.
 */
public final class FilterParser {
    private static final String CLAUSE = "Invalid clause(s) in filter string: ";
    // Keywords that cannot start a comparison; without this "AND NOT x = 1" would read NOT as a key.
    private static final Set<String> RESERVED = Set.of("NOT", "OR", "IN", "IS", "LIKE", "ILIKE", "NULL");
    // SQL operators MLflow's stores refuse; named so the error says "comparator" rather than "syntax".
    private static final Set<String> UNSUPPORTED_OPERATORS = Set.of("RLIKE", "REGEXP", "GLOB", "BETWEEN", "SIMILAR");

    private final String source;
    private final SearchKind kind;
    private final List<Token> tokens;
    private int index;

    private FilterParser(String source, SearchKind kind) {
        this.source = source;
        this.kind = kind;
        this.tokens = Lexer.tokenize(source, CLAUSE);
    }

    /** Parses a filter; a null or blank filter has no comparisons. */
    public static List<Comparison> parse(String filter, SearchKind kind) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        return new FilterParser(filter, kind).filter();
    }

    /** Parses one order_by entry such as {@code metrics.`val loss` DESC}. */
    public static OrderBy parseOrderBy(String orderBy, SearchKind kind) {
        return OrderByParser.parse(orderBy, kind);
    }

    /** See {@link SearchKeys#isNumericAttribute}. */
    public static boolean isNumericAttribute(SearchKind kind, String key) {
        return SearchKeys.isNumericAttribute(kind, key);
    }

    /** A comparison that is well-formed but not yet checked against the search kind's vocabulary. */
    private record Parsed(List<Token> parts, Comparator comparator, Value value) {}

    // Syntax is checked over the whole filter before any key is looked up, so a stray OR is reported as
    // such even when an earlier comparison also names an unknown key (MLflow reports in the same order).
    private List<Comparison> filter() {
        List<Parsed> parsed = new ArrayList<>();
        boolean needAnd = false;
        while (peek().kind() != Kind.EOF) {
            Token t = peek();
            if (t.isWord("AND")) {
                index++;
                needAnd = false;
            } else if (needAnd) {
                throw unexpected(t, "expected AND or the end of the filter");
            } else {
                parsed.add(comparison());
                needAnd = true;
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (Parsed p : parsed) {
            Identifier id = IdentifierResolver.resolve(kind, p.parts(), attributes(), source);
            comparisons.add(ComparisonChecker.check(kind, id, p.comparator(), p.value(), p.parts().get(0).column()));
        }
        return List.copyOf(comparisons);
    }

    private Parsed comparison() {
        Token first = peek();
        boolean reserved = first.kind() == Kind.WORD && RESERVED.contains(first.text().toUpperCase(Locale.ROOT));
        if (!first.isName() || reserved) {
            throw unexpected(first, "expected an identifier such as metrics.<key>, params.<key> or tags.<key>");
        }
        List<Token> parts = names(tokens, index);
        index += parts.size() * 2 - 1;
        String lhs = IdentifierResolver.text(parts, source);
        Token op = next();
        Comparator cmp;
        Value value = null;
        if (op.kind() == Kind.OPERATOR) {
            cmp = operator(op);
            value = scalar(op, parts);
        } else if (op.isWord("LIKE") || op.isWord("ILIKE")) {
            cmp = op.isWord("LIKE") ? Comparator.LIKE : Comparator.ILIKE;
            value = scalar(op, parts);
        } else if (op.isWord("RLIKE") && kind == SearchKind.TRACES) {
            cmp = Comparator.RLIKE;
            value = scalar(op, parts);
        } else if (op.isWord("IN")) {
            cmp = Comparator.IN;
            value = list("IN");
        } else if (op.isWord("NOT")) {
            Token after = next();
            if (!after.isWord("IN")) {
                throw new SearchSyntaxException("Invalid comparator 'NOT " + after.text() + "' after '" + lhs
                        + "' (at column " + op.column() + "); only NOT IN is supported");
            }
            cmp = Comparator.NOT_IN;
            value = list("NOT IN");
        } else if (op.isWord("IS")) {
            cmp = nullCheck();
        } else if (UNSUPPORTED_OPERATORS.contains(op.text().toUpperCase(Locale.ROOT))) {
            throw new SearchSyntaxException("Invalid comparator '" + op.text() + "' after '" + lhs
                    + "' (at column " + op.column() + ")");
        } else {
            throw unexpected(op, "expected a comparator after '" + lhs + "'"
                    + (op.kind() == Kind.WORD ? "; quote keys containing spaces with backticks" : ""));
        }
        return new Parsed(parts, cmp, value);
    }

    /** Collects name tokens joined by adjacent dots, starting at {@code from}; shared with order_by. */
    static List<Token> names(List<Token> tokens, int from) {
        List<Token> parts = new ArrayList<>(List.of(tokens.get(from)));
        int i = from + 1;
        while (tokens.get(i).kind() == Kind.DOT) {
            Token dot = tokens.get(i);
            Token part = tokens.get(i + 1);
            if (!part.isName() || part.start() != dot.end()) {
                throw new SearchSyntaxException("Invalid identifier: expected a key right after '.' at column "
                        + dot.column() + " but found " + part.describe());
            }
            parts.add(part);
            i += 2;
        }
        return parts;
    }

    private static Comparator operator(Token op) {
        return switch (op.text()) {
            case "=" -> Comparator.EQ;
            case "!=" -> Comparator.NE;
            case "<" -> Comparator.LT;
            case "<=" -> Comparator.LE;
            case ">" -> Comparator.GT;
            case ">=" -> Comparator.GE;
            default -> throw new SearchSyntaxException("Invalid comparator '" + op.text() + "' (at column "
                    + op.column() + "); use one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS [NOT] NULL");
        };
    }

    private Value scalar(Token op, List<Token> parts) {
        Token t = next();
        return switch (t.kind()) {
            case SQ_STRING, DQ_STRING -> new StringValue(t.value());
            case NUMBER -> new NumberValue(Double.parseDouble(t.text()), t.text());
            case WORD, BACKTICK -> throw unquoted(t, parts);
            case LPAREN -> throw new SearchSyntaxException("A parenthesised list is only allowed after IN or "
                    + "NOT IN, not after '" + op.text() + "' (at column " + t.column() + ")");
            default -> throw unexpected(t, "expected a value after '" + op.text() + "'");
        };
    }

    /** A bare word where a value belongs: say "numeric" for metrics and time attributes, "quoted" otherwise. */
    private SearchSyntaxException unquoted(Token t, List<Token> parts) {
        Identifier id = IdentifierResolver.resolve(kind, parts, attributes(), source);
        String where = " (at column " + t.column() + ")";
        if (id.type() == EntityType.METRIC) {
            return new SearchSyntaxException("Expected numeric value type for metric. Found " + t.text() + where);
        }
        if (id.type() == EntityType.ATTRIBUTE && SearchKeys.isNumericAttribute(kind, id.key())) {
            return new SearchSyntaxException("Expected numeric value type for numeric attribute: " + id.key()
                    + ". Found " + t.text() + where);
        }
        return new SearchSyntaxException("Parameter value is either not quoted or unidentified quote types used "
                + "for string value " + t.text() + ". Use either single or double quotes." + where);
    }

    private ListValue list(String comparator) {
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
            throw unexpected(open, comparator + " expects a parenthesised list of quoted strings");
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token t = next();
            if (t.kind() == Kind.RPAREN && !values.isEmpty()) {
                return new ListValue(values); // a trailing comma is fine, as in MLflow's tuple literal
            }
            if (t.kind() == Kind.RPAREN) {
                throw new SearchSyntaxException("While parsing a list in the query, expected a non-empty list "
                        + "of string values, but got empty list (at column " + open.column() + ")");
            }
            if (t.kind() != Kind.SQ_STRING && t.kind() != Kind.DQ_STRING) {
                throw new SearchSyntaxException("While parsing a list in the query, expected a quoted string "
                        + "value but got " + t.describe() + " (at column " + t.column() + ")");
            }
            values.add(t.value());
            Token sep = next();
            if (sep.kind() == Kind.RPAREN) {
                return new ListValue(values);
            }
            if (sep.kind() != Kind.COMMA) {
                throw new SearchSyntaxException("While parsing a list in the query, expected ',' or ')' but got "
                        + sep.describe() + " (at column " + sep.column() + ")");
            }
        }
    }

    private Comparator nullCheck() {
        Token t = next();
        boolean not = t.isWord("NOT");
        Token last = not ? next() : t;
        if (!last.isWord("NULL")) {
            throw unexpected(last, "expected NULL or NOT NULL after IS");
        }
        return not ? Comparator.IS_NOT_NULL : Comparator.IS_NULL;
    }

    private Map<String, String> attributes() {
        return SearchKeys.rules(kind).filterAttributes();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Kind.EOF) {
            index++;
        }
        return t;
    }

    private SearchSyntaxException unexpected(Token t, String expectation) {
        String hint = "";
        if (t.isWord("OR")) {
            hint = "; OR is not supported, only AND";
        } else if (t.kind() == Kind.LPAREN || t.kind() == Kind.RPAREN) {
            hint = "; parentheses are only allowed around IN lists";
        } else if (t.isWord("NOT")) {
            hint = "; NOT is only supported as NOT IN or IS NOT NULL";
        }
        String at = t.kind() == Kind.EOF ? "" : " at column " + t.column();
        return new SearchSyntaxException(CLAUSE + t.describe() + at + " (" + expectation + hint + ")");
    }
}
