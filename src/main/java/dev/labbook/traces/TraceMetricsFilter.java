package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import java.util.List;
import java.util.Map;

/**
 * One entry of a metrics query's filters: {@code <view>.<entity>[.<key>] = '<value>'}, e.g.
 * {@code trace.status = 'OK'}, {@code trace.tag.env = 'prod'}, {@code span.type = 'LLM'} or
 * {@code assessment.name = 'correctness'} (MLflow's TraceMetricsFilter). Only equality exists.
 */
record TraceMetricsFilter(String view, String entity, String key, String value) {
    static final String TRACE = "trace";
    static final String SPAN = "span";
    static final String ASSESSMENT = "assessment";

    /** Per view, its entities in MLflow's order and whether each needs a key. */
    private static final Map<String, Map<String, Boolean>> ENTITIES = Map.of(
            TRACE, orderedMap("status", false, "tag", true, "metadata", true),
            SPAN, orderedMap("name", false, "status", false, "type", false),
            ASSESSMENT, orderedMap("name", false, "type", false));
    private static final List<String> VIEWS = List.of(TRACE, SPAN, ASSESSMENT);

    /** Parses one filter string with MLflow's messages for what it refuses. */
    static TraceMetricsFilter parse(String filter) {
        return TraceMetricsFilterParser.parse(filter);
    }

    /** MLflow's _get_identifier: the view, entity and key of a left-hand side, as written. */
    static String[] identifier(String text) {
        String[] parts = text.split("\\.", 3);
        if (parts.length < 2) {
            throw MlflowException.invalidParameter("Invalid identifier " + TraceMetricsPy.repr(text)
                    + ". Columns should be specified as 'trace.<key>', 'span.<key>', 'assessment.<key>'.");
        }
        String view = trimBackticks(parts[0]);
        String entity = parts[1];
        if (!VIEWS.contains(view)) {
            throw MlflowException.invalidParameter("Invalid view type '" + view
                    + "'. Valid values are dict_keys(" + TraceMetricsPy.list(VIEWS) + ")");
        }
        Map<String, Boolean> entities = ENTITIES.get(view);
        if (!entities.containsKey(entity)) {
            throw MlflowException.invalidParameter("Invalid entity '" + entity + "' specified for view type '" + view
                    + "'. Valid entities are " + TraceMetricsPy.list(List.copyOf(entities.keySet())));
        }
        String key = parts.length == 3 ? parts[2] : null;
        if (entities.get(entity) && key == null) {
            throw MlflowException.invalidParameter("Filtering by " + entity + " requires a key, e.g. '" + view + "."
                    + entity + ".<key> = <value>'");
        }
        if (!entities.get(entity) && key != null) {
            throw MlflowException.invalidParameter("Filtering by " + entity + " does not require a key, use '"
                    + view + "." + entity + "' instead");
        }
        return new String[] {view, entity, key == null ? null : trimBackticks(stripQuotes(key))};
    }

    static String stripQuotes(String s) {
        return quoted(s, '\'') || quoted(s, '"') ? s.substring(1, s.length() - 1) : s;
    }

    private static String trimBackticks(String s) {
        return quoted(s, '`') ? s.substring(1, s.length() - 1) : s;
    }

    static boolean quoted(String s, char quote) {
        return s.length() >= 2 && s.charAt(0) == quote && s.charAt(s.length() - 1) == quote;
    }

    private static Map<String, Boolean> orderedMap(Object... pairs) {
        java.util.LinkedHashMap<String, Boolean> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return map;
    }
}
