package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.model.PythonRepr;
import dev.labbook.traces.otlp.PythonJson;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str()} of a value json.loads produced. MLflow's set_dataset_tags stores
 * {@code str(value)}, so a tag set to 5 reads back "5", to true "True" and to {"a": [1]} "{'a': [1]}".
 */
final class PyText {
    private PyText() {}

    static String str(JsonNode value) {
        return value.isTextual() ? value.textValue() : repr(value);
    }

    static String listRepr(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i > 0 ? ", " : "").append(repr(items.get(i)));
        }
        return out.append(']').toString();
    }

    static String repr(JsonNode value) {
        StringBuilder out = new StringBuilder();
        repr(value, out);
        return out.toString();
    }

    private static void repr(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case STRING -> out.append(repr(value.textValue()));
            case BOOLEAN -> out.append(value.booleanValue() ? "True" : "False");
            case NULL, MISSING -> out.append("None");
            case NUMBER -> {
                String text = PythonJson.dumps(value);
                // json.loads reads NaN and Infinity as floats, whose repr is nan and inf.
                out.append(switch (text) {
                    case "NaN" -> "nan";
                    case "Infinity" -> "inf";
                    case "-Infinity" -> "-inf";
                    default -> text;
                });
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    out.append(i > 0 ? ", " : "");
                    repr(value.get(i), out);
                }
                out.append(']');
            }
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    out.append(first ? "" : ", ").append(repr(e.getKey())).append(": ");
                    repr(e.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            default -> out.append(PythonJson.dumps(value));
        }
    }

    /** repr() of a str: single quotes unless the text has a single quote and no double quote. */
    static String repr(String s) {
        return PythonRepr.of(s);
    }
}
