package dev.labbook.review;

import dev.labbook.traces.otlp.PythonJson;
import java.util.Collection;
import java.util.stream.Collectors;

/** Python's repr() and len() of the values MLflow quotes in its label-schema and review-queue errors. */
final class Py {
    private Py() {}

    /** repr(str): single quotes unless the text has a single quote and no double quote. */
    static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    if (c < ' ' || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /** repr(list) of strings: ['a', 'b']. */
    static String list(Collection<String> items) {
        return items.stream().map(Py::repr).collect(Collectors.joining(", ", "[", "]"));
    }

    /** str(float). */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return PythonJson.dumps(d);
    }

    /** len(str): code points. */
    static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** str.strip() with Python's notion of whitespace (close enough: Java's). */
    static String strip(String s) {
        return s.strip();
    }

    /** Binary collation's order: by code point, as MariaDB's utf8mb4_nopad_bin and H2 sort. */
    static final java.util.Comparator<String> CODE_POINT_ORDER = (a, b) -> java.util.Arrays.compare(
            a.codePoints().toArray(), b.codePoints().toArray());

    /** str.lower() for identifiers. */
    static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
