package dev.labbook.traces;

import dev.labbook.traces.otlp.PythonJson;
import java.util.Collection;
import java.util.stream.Collectors;

/** Python's str() of the values MLflow puts in its trace metrics error messages and labels. */
final class TraceMetricsPy {
    private TraceMetricsPy() {}

    /** str(float): 50.0, 12.5, 1e-05, inf, nan. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return PythonJson.dumps(d);
    }

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
        return items.stream().map(TraceMetricsPy::repr).collect(Collectors.joining(", ", "[", "]"));
    }
}
