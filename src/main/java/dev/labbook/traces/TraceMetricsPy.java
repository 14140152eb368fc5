package dev.labbook.traces;

import dev.labbook.model.PythonRepr;
import java.util.Collection;

/** Python's str() of the values MLflow puts in its trace metrics error messages and labels. */
final class TraceMetricsPy {
    private TraceMetricsPy() {}

    /** str(float): 50.0, 12.5, 1e-05, inf, nan. */
    static String floatRepr(double d) {
        return PythonRepr.floatText(d);
    }

    /** repr(str): single quotes unless the text has a single quote and no double quote. */
    static String repr(String s) {
        return PythonRepr.of(s);
    }

    /** repr(list) of strings: ['a', 'b']. */
    static String list(Collection<String> items) {
        return PythonRepr.list(items);
    }
}
