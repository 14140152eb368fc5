package dev.labbook.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labbook.traces.otlp.OtlpEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table format of the translation tests. Every expected value was printed by MLflow 3.18's own
 * translate_span_when_storing on the same span (src/test/resources/span-translation/make_cases.py),
 * with its cost step switched off, since Labbook has no price table.
 */
final class SpanTranslationCases {
    /** One span: stored attributes and events in, stored attributes out (null: MLflow raises). */
    record Case(String name, Map<String, String> input, List<OtlpEvent> events, Map<String, String> expected) {
        @Override
        public String toString() {
            return name;
        }

        void check() {
            if (expected == null) {
                assertThrows(SpanTranslationException.class, () -> SpanTranslation.translate(input, events));
            } else {
                assertEquals(lines(expected), lines(SpanTranslation.translate(input, events)));
            }
        }
    }

    private SpanTranslationCases() {}

    static Case translates(String name, Map<String, String> input, List<OtlpEvent> events, Map<String, String> expected) {
        return new Case(name, input, events, expected);
    }

    static Case rejects(String name, Map<String, String> input, List<OtlpEvent> events) {
        return new Case(name, input, events, null);
    }

    /** Attributes in order, from key, value pairs. */
    static Map<String, String> attrs(String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static OtlpEvent event(String name, Object... keysAndValues) {
        return new OtlpEvent(name, 1, map(keysAndValues));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** One line per attribute, so a failure shows which attribute differs and where. */
    static List<String> lines(Map<String, String> attributes) {
        List<String> out = new ArrayList<>();
        attributes.forEach((key, value) -> out.add(key + " = " + value));
        return out;
    }
}
