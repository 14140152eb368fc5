package dev.labbook.model;

import dev.labbook.traces.otlp.PythonJson;
import java.util.Collection;
import java.util.stream.Collectors;

/** Python's repr() and str() of the values MLflow quotes in its error messages, which Labbook repeats. */
public final class PythonRepr {
    private PythonRepr() {}

    /** repr(str): single quotes unless the text has a single quote and no double quote. */
    public static String of(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) {
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
    public static String list(Collection<String> items) {
        return items.stream().map(PythonRepr::of).collect(Collectors.joining(", ", "[", "]"));
    }

    /** str(float): 50.0, 12.5, 1e-05, inf, nan. */
    public static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return PythonJson.dumps(d);
    }
}
