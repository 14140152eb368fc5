package dev.labbook.traces;

import static dev.labbook.traces.TraceMetricsFixture.DAY;
import static dev.labbook.traces.TraceMetricsFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A QueryTraceMetrics request built up field by field and sent to the handler. The answer is one line
 * per data point: its dimensions, then its values, e.g. {@code trace_name=chat SUM=42.0,AVG=21.0}.
 */
final class TraceMetricsAsk {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TraceMetricsHandlers handlers;
    private final ObjectNode body = MAPPER.createObjectNode();

    /** A request on experiment 0; aggregations are type names, or P and a percentile. */
    TraceMetricsAsk(TraceMetricsHandlers handlers, String view, String metric, String... aggregations) {
        this.handlers = handlers;
        body.putArray("experiment_ids").add("0");
        body.put("view_type", view).put("metric_name", metric);
        ArrayNode aggs = body.putArray("aggregations");
        for (String a : aggregations) {
            ObjectNode agg = aggs.addObject();
            if (a.startsWith("P")) {
                agg.put("aggregation_type", "PERCENTILE").put("percentile_value", Double.parseDouble(a.substring(1)));
            } else {
                agg.put("aggregation_type", a);
            }
        }
    }

    TraceMetricsAsk dims(String... dims) {
        return list("dimensions", dims);
    }

    TraceMetricsAsk filters(String... filters) {
        return list("filters", filters);
    }

    TraceMetricsAsk experiments(String... ids) {
        return list("experiment_ids", ids);
    }

    TraceMetricsAsk set(String field, long value) {
        body.put(field, value);
        return this;
    }

    /** Daily buckets over the fixture's two days. */
    TraceMetricsAsk daily() {
        return set("time_interval_seconds", 86400).set("start_time_ms", T0).set("end_time_ms", T0 + 2 * DAY);
    }

    private TraceMetricsAsk list(String field, String... items) {
        ArrayNode array = body.putArray(field);
        List.of(items).forEach(array::add);
        return this;
    }

    @SuppressWarnings("unchecked")
    List<String> answer() {
        Map<String, Object> answer = (Map<String, Object>) handlers.query(new ApiRequest(body.deepCopy()));
        List<Map<String, Object>> points = (List<Map<String, Object>>) answer.getOrDefault("data_points", List.of());
        return points.stream().map(p -> {
            assertEquals(body.get("metric_name").asText(), p.get("metric_name"));
            return (text((Map<String, ?>) p.getOrDefault("dimensions", Map.of())) + " "
                    + text((Map<String, ?>) p.get("values"))).trim();
        }).toList();
    }

    MlflowException error() {
        return assertThrows(MlflowException.class, this::answer);
    }

    String message() {
        return error().getMessage();
    }

    private static String text(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
