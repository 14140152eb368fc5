package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.http.MlflowException;
import dev.labbook.traces.otlp.PythonJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it with its defaults (", " and ": " separators,
 * ensure_ascii), which is what MLflow's dataset store stores and sends: the text of a dataset's
 * tags, schema and profile, each record's JSON columns and the records answer. {@code sort_keys}
 * is there for the input hash, which MLflow takes over {@code json.dumps(inputs, sort_keys=True)}.
 */
final class PyJson {
    private PyJson() {}

    static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, false, out);
        return out.toString();
    }

    static String dumpsSorted(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, true, out);
        return out.toString();
    }

    /** A JSON string literal, non-ASCII escaped. */
    static String quote(String s) {
        return PythonJson.quote(s, true);
    }

    /** Parses request JSON as json.loads does (NaN and Infinity allowed); bad JSON is the caller's error. */
    static JsonNode parse(String text, String field) {
        try {
            return PythonJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalidParameter("Invalid JSON in parameter '" + field + "': " + e.getMessage());
        }
    }

    /** Reads JSON this store (or MLflow's) wrote; the text {@code null} stands for no value. */
    static JsonNode stored(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node = PythonJson.parse(text);
        return node.isNull() ? null : node;
    }

    static void write(JsonNode node, boolean sortKeys, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                if (sortKeys) {
                    fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
                }
                out.append('{');
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    out.append(quote(fields.get(i).getKey())).append(": ");
                    write(fields.get(i).getValue(), sortKeys, out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(node.get(i), sortKeys, out);
                }
                out.append(']');
            }
            case STRING -> out.append(quote(node.textValue()));
            // Numbers, booleans and null are spelled the same with or without ensure_ascii.
            default -> out.append(PythonJson.dumps(node));
        }
    }

    /** Python orders str by code point; Java's compareTo by UTF-16 unit, which differs above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
