package dev.labbook.search;

import dev.labbook.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order_by string into tokens. The lexical rules follow what sqlparse (MLflow's parser)
 * accepts: single-quoted strings, double-quoted and backquoted names, numbers such as {@code -3}, {@code .5},
 * {@code 1e-5}, and dotted paths whose segments after a dot may start with a digit ({@code metrics.1x}).
 */
final class Lexer {
    private static final String OPERATOR_CHARS = "<>=!~";

    private final String src;
    private final String errorPrefix;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String src, String errorPrefix) {
        this.src = src;
        this.errorPrefix = errorPrefix;
    }

    /** Tokenizes {@code src}; the list always ends with an EOF token. Errors start with {@code errorPrefix}. */
    static List<Token> tokenize(String src, String errorPrefix) {
        Lexer lexer = new Lexer(src, errorPrefix);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            if (pos >= src.length()) {
                tokens.add(new Token(Kind.EOF, "", "", pos));
                return;
            }
            tokens.add(next(src.charAt(pos)));
        }
    }

    private Token next(char c) {
        int start = pos;
        switch (c) {
            case '\'': return quoted(Kind.SQ_STRING, c);
            case '"': return quoted(Kind.DQ_STRING, c);
            case '`': return quoted(Kind.BACKTICK, c);
            case '(': return single(Kind.LPAREN);
            case ')': return single(Kind.RPAREN);
            case ',': return single(Kind.COMMA);
            default: break;
        }
        if (c == '.' && followsName()) {
            return single(Kind.DOT);
        }
        if (afterDot() && isWordChar(c)) {
            // A path segment right after a dot may start with a digit, as sqlparse allows.
            return word(start);
        }
        if (startsNumber()) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            return word(start);
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            while (pos < src.length() && OPERATOR_CHARS.indexOf(src.charAt(pos)) >= 0) {
                pos++;
            }
            String op = src.substring(start, pos);
            return new Token(Kind.OPERATOR, op, op, start);
        }
        String hint = c == ';' ? " (only one statement is allowed)"
                : (c == '-' || c == '.') && followsAnyName()
                        ? " (quote keys containing special characters with backticks)" : "";
        throw error("unexpected character '" + c + "' at column " + (start + 1) + hint);
    }

    private Token single(Kind kind) {
        String text = String.valueOf(src.charAt(pos++));
        return new Token(kind, text, text, pos - 1);
    }

    private Token word(int start) {
        while (pos < src.length() && (isWordChar(src.charAt(pos)) || src.charAt(pos) == '$')) {
            pos++;
        }
        String text = src.substring(start, pos);
        return new Token(Kind.WORD, text, text, start);
    }

    /**
     * Reads up to the matching quote. A doubled quote, or (except for backticks) a backslash, does not end
     * the literal; neither is unescaped, because MLflow passes the raw text between the quotes on.
     */
    private Token quoted(Kind kind, char quote) {
        int start = pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && quote != '`' && pos + 1 < src.length()) {
                pos += 2;
            } else if (c == quote && pos + 1 < src.length() && src.charAt(pos + 1) == quote) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                String text = src.substring(start, pos);
                return new Token(kind, text, text.substring(1, text.length() - 1), start);
            } else {
                pos++;
            }
        }
        throw error("unterminated " + quote + "-quoted text starting at column " + (start + 1));
    }

    private boolean startsNumber() {
        int i = pos;
        if (src.charAt(i) == '-') {
            i++;
        }
        if (i < src.length() && src.charAt(i) == '.') {
            i++;
        }
        return i < src.length() && Character.isDigit(src.charAt(i));
    }

    /** -?(digits[.digits*] | .digits)([eE][+-]?digits)?, not directly followed by a name character. */
    private Token number(int start) {
        if (src.charAt(pos) == '-') {
            pos++;
        }
        skipDigits();
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            skipDigits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                skipDigits();
            } else {
                pos = mark;
            }
        }
        if (pos < src.length() && (isWordChar(src.charAt(pos)) || src.charAt(pos) == '.')) {
            int end = pos;
            while (end < src.length() && (isWordChar(src.charAt(end)) || src.charAt(end) == '.')) {
                end++;
            }
            throw error("invalid number '" + src.substring(start, end) + "' at column " + (start + 1));
        }
        String text = src.substring(start, pos);
        return new Token(Kind.NUMBER, text, text, start);
    }

    private void skipDigits() {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
    }

    private boolean followsName() {
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        return last != null && last.isName() && last.end() == pos;
    }

    /** Like followsName, but also true right after a dot, e.g. the '-' in tags.my-key. */
    private boolean followsAnyName() {
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        return last != null && last.end() == pos && (last.isName() || last.kind() == Kind.DOT);
    }

    private boolean afterDot() {
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        return last != null && last.kind() == Kind.DOT && last.end() == pos;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private SearchSyntaxException error(String detail) {
        return new SearchSyntaxException(errorPrefix + detail);
    }
}
