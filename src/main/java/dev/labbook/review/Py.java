package dev.labbook.review;

import dev.labbook.model.PythonRepr;
import java.util.Collection;

/** Python's repr() and len() of the values MLflow quotes in its label-schema and review-queue errors. */
final class Py {
    private Py() {}

    /** repr(str): single quotes unless the text has a single quote and no double quote. */
    static String repr(String s) {
        return PythonRepr.of(s);
    }

    /** repr(list) of strings: ['a', 'b']. */
    static String list(Collection<String> items) {
        return PythonRepr.list(items);
    }

    /** str(float). */
    static String floatText(double d) {
        return PythonRepr.floatText(d);
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
