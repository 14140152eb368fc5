package dev.labbook.search;

/**
 * A lexeme. {@code text} is the exact source slice (for error messages); {@code value} is the content:
 * quotes stripped for quoted kinds, otherwise equal to {@code text}.
 */
record Token(Kind kind, String text, String value, int start) {

    enum Kind {
        WORD, // unquoted name or keyword
        BACKTICK, // `quoted name`
        DQ_STRING, // "double quoted": a name on the left, a string on the right
        SQ_STRING, // 'single quoted'
        NUMBER,
        OPERATOR, // a run of < > = ! ~
        DOT,
        LPAREN,
        RPAREN,
        COMMA,
        EOF
    }

    int end() {
        return start + text.length();
    }

    int column() {
        return start + 1;
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Tokens that can form part of an identifier path. */
    boolean isName() {
        return kind == Kind.WORD || kind == Kind.BACKTICK || kind == Kind.DQ_STRING;
    }

    String describe() {
        return kind == Kind.EOF ? "end of input" : "'" + text + "'";
    }
}
