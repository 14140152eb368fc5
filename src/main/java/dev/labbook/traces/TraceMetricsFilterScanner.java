package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import dev.labbook.traces.TraceMetricsFilterParser.Kind;
import dev.labbook.traces.TraceMetricsFilterParser.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a metrics filter into the tokens sqlparse would group it into: dotted names (which may contain
 * quoted parts, and spaces around the dots), quoted strings, numbers, comparison operators, parenthesised
 * groups, arithmetic operations and anything else one character at a time.
 */
final class TraceMetricsFilterScanner {
    private static final String COMPARISON_CHARS = "<>=!";
    private static final String ARITHMETIC_CHARS = "+-*/%";

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();
    private int pos;

    TraceMetricsFilterScanner(String src) {
        this.src = src;
    }

    List<Token> tokens() {
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                return operations();
            }
            next();
        }
    }

    private void next() {
        int start = pos;
        char c = src.charAt(pos);
        if (c == ';') {
            pos++;
            if (!src.substring(pos).isBlank()) {
                throw MlflowException.invalidParameter("Search filter contained multiple expression "
                        + TraceMetricsPy.repr(src) + ". Provide AND-ed expression list.");
            }
            add(Kind.OTHER, start);
        } else if (c == '-' && src.startsWith("--", pos)) {
            int end = src.indexOf('\n', pos);
            pos = end < 0 ? src.length() : end;
            add(Kind.OTHER, start);
        } else if (c == '\'') {
            skipQuoted('\'');
            add(Kind.STRING, start);
        } else if (c == '"' || c == '`' || Character.isLetter(c) || c == '_') {
            name(start);
        } else if (Character.isDigit(c) || (c == '-' && !afterOperand() && digitAt(pos + 1))) {
            number(start);
        } else if (COMPARISON_CHARS.indexOf(c) >= 0) {
            while (pos < src.length() && COMPARISON_CHARS.indexOf(src.charAt(pos)) >= 0) {
                pos++;
            }
            add(Kind.COMPARATOR, start);
        } else if (c == '(' && parenthesis()) {
            add(Kind.PAREN, start);
        } else {
            pos++;
            add(Kind.OTHER, start);
        }
    }

    /** A name, dotted path or keyword; NOT LIKE is one comparator, as in sqlparse. */
    private void name(int start) {
        namePart();
        boolean dotted = false;
        while (true) {
            int mark = pos;
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == '.') {
                boolean adjacent = pos == mark;
                pos++;
                skipSpace();
                if (pos < src.length() && startsNamePart(src.charAt(pos))) {
                    namePart();
                    dotted = true;
                    continue;
                }
                if (adjacent) {
                    // "trace." is one identifier to sqlparse, with an empty last part.
                    pos = mark + 1;
                    dotted = true;
                    break;
                }
            }
            pos = mark;
            break;
        }
        char first = src.charAt(start);
        if (dotted || first == '"' || first == '`') {
            add(Kind.NAME, start);
            return;
        }
        Kind kind = TraceMetricsFilterParser.wordKind(src.substring(start, pos));
        if (src.substring(start, pos).equalsIgnoreCase("NOT")) {
            int mark = pos;
            skipSpace();
            int word = pos;
            while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
                pos++;
            }
            if (TraceMetricsFilterParser.wordKind(src.substring(word, pos)) == Kind.COMPARATOR) {
                kind = Kind.COMPARATOR;
            } else {
                pos = mark;
            }
        }
        add(kind, start);
    }

    private boolean startsNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '"' || c == '`' || c == '\'';
    }

    private void namePart() {
        char c = src.charAt(pos);
        if (c == '"' || c == '`' || c == '\'') {
            skipQuoted(c);
            return;
        }
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                || src.charAt(pos) == '$')) {
            pos++;
        }
    }

    private void number(int start) {
        pos++;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
                && (digitAt(pos + 1) || (pos + 2 < src.length() && "+-".indexOf(src.charAt(pos + 1)) >= 0
                && digitAt(pos + 2)))) {
            pos += 2;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        add(Kind.NUMBER, start);
    }

    /** A quoted run; a doubled quote or (except in backticks) a backslash does not end it. */
    private void skipQuoted(char quote) {
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && quote != '`' && pos + 1 < src.length()) {
                pos += 2;
            } else if (c == quote && pos + 1 < src.length() && src.charAt(pos + 1) == quote) {
                pos += 2;
            } else {
                pos++;
                if (c == quote) {
                    return;
                }
            }
        }
    }

    /** Moves past a balanced parenthesised group; false (and no move) when it never closes. */
    private boolean parenthesis() {
        int mark = pos;
        int depth = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\'' || c == '"' || c == '`') {
                skipQuoted(c);
                continue;
            }
            pos++;
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return true;
            }
        }
        pos = mark;
        return false;
    }

    /** Operands joined by arithmetic operators become one operation, which is no identifier. */
    private List<Token> operations() {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            int j = i;
            while (j + 2 < tokens.size() && tokens.get(j).operand() && isArithmetic(tokens.get(j + 1))
                    && tokens.get(j + 2).operand()) {
                j += 2;
            }
            if (j > i) {
                out.add(new Token(Kind.OPERATION, src.substring(spans.get(i)[0], spans.get(j)[1])));
                i = j;
            } else {
                out.add(tokens.get(i));
            }
        }
        return out;
    }

    private static boolean isArithmetic(Token t) {
        return t.kind() == Kind.OTHER && t.text().length() == 1 && ARITHMETIC_CHARS.contains(t.text());
    }

    private boolean afterOperand() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).operand();
    }

    private boolean digitAt(int i) {
        return i < src.length() && Character.isDigit(src.charAt(i));
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, src.substring(start, pos)));
        spans.add(new int[] {start, pos});
    }
}
