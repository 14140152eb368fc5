package dev.labbook.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a trace filter value is compared with where the stored text is JSON: assessment values, the
 * linked-prompts tag and span documents. Built the way MLflow 3.18's SQL store builds it, so that the same
 * filter finds the same traces; no SQL here, the translator applies these to columns.
 */
public final class TraceMatchText {
    /** The escape character of the LIKE patterns made here. */
    public static final char LIKE_ESCAPE = '!';

    private TraceMatchText() {}

    /**
     * The stored assessment values that equal {@code value}: the raw text (JSON numbers and booleans are
     * stored bare, so feedback.score = '0.9' and = 'false' match) or the value as a JSON string. Python
     * writes JSON strings with non-ASCII characters escaped; other writers do not, so both spellings count.
     */
    public static List<String> assessmentValues(String value) {
        Set<String> forms = new LinkedHashSet<>(List.of(value, json(value, true), json(value, false)));
        return List.copyOf(forms);
    }

    /**
     * LIKE patterns for one entry of the mlflow.linkedPrompts tag, a JSON list of
     * {@code {"name": ..., "version": ...}} objects; {@code prompt} is "name/version". Python's json.dumps
     * puts a space after ':' and ','; a compact writer does not.
     */
    public static List<String> linkedPromptPatterns(String prompt) {
        int slash = prompt.indexOf('/');
        String name = prompt.substring(0, slash);
        String version = prompt.substring(slash + 1);
        Set<String> patterns = new LinkedHashSet<>();
        for (boolean ascii : new boolean[] {true, false}) {
            String n = json(name, ascii);
            String v = json(version, ascii);
            patterns.add(contains("{\"name\": " + n + ", \"version\": " + v + "}"));
            patterns.add(contains("{\"name\":" + n + ",\"version\":" + v + "}"));
        }
        return new ArrayList<>(patterns);
    }

    /**
     * MLflow's LIKE for {@code span.attributes.<name>}: the attribute's quoted name followed, anywhere
     * later in the span document, by the user's pattern. (=, != compare the document with this text too.)
     */
    public static String spanAttributeLike(String name, String pattern) {
        return "%\"" + name + "\"" + pattern + "%";
    }

    /**
     * MLflow's RLIKE for {@code span.attributes.<name>}. Span documents hold each attribute value JSON-encoded
     * inside a JSON string ({@code "model": "\"gpt-4o\""}), so the regex starts after the escaped quote;
     * a leading ^ or trailing $ anchors at that quote instead of the document's ends. MLflow expects
     * Python's ": " after the name; the space is optional here, for documents written compactly.
     */
    public static String spanAttributeRegex(String name, String regex) {
        String body = regex;
        String prefix = "\"\\\\\".*";
        String suffix = "";
        if (regex.startsWith("^")) {
            body = body.substring(1);
            prefix = "\"\\\\\"";
        }
        if (regex.endsWith("$")) {
            body = body.substring(0, body.length() - 1);
            suffix = "\\\\\"";
        }
        return "\"" + name + "\": ?" + prefix + body + suffix;
    }

    private static String contains(String literal) {
        StringBuilder pattern = new StringBuilder("%");
        for (char c : literal.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    /** A JSON string literal as Python's json.dumps writes it, optionally ASCII-only (ensure_ascii). */
    static String json(String value, boolean asciiOnly) {
        return dev.labbook.traces.otlp.PythonJson.quote(value, asciiOnly);
    }
}
