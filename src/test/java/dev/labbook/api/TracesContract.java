package dev.labbook.api;

import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Traces written the two ways the client writes them, OTLP spans and the start-trace call, in any
 * order and at the same time: one trace comes out, with every span once and the client's info.
 */
public interface TracesContract extends ServerContract {
    String V3 = "/api/3.0/mlflow/traces";
    int SPANS = 10;

    private Response export(String experimentId, String json) {
        return api().postRaw("/v1/traces", json.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("x-mlflow-experiment-id", experimentId));
    }

    /** OTLP JSON for one span: hex ids, nanosecond times as strings. */
    private static String span(String traceHex, int spanNo, Integer parentNo, String name) {
        String parent = parentNo == null ? "" : ", \"parentSpanId\": \"%016x\"".formatted(parentNo);
        return ("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"%s\", \"spanId\": \"%016x\"%s, "
                + "\"name\": \"%s\", \"startTimeUnixNano\": \"%d\", \"endTimeUnixNano\": \"%d\", "
                + "\"status\": {\"code\": 1}, \"attributes\": [{\"key\": \"n\", \"value\": {\"intValue\": \"%d\"}}]}]}]}]}")
                .formatted(traceHex, spanNo, parent, name, 1_700_000_000_000_000_000L + spanNo * 1_000_000L,
                        1_700_000_000_500_000_000L, spanNo);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode startTrace(String traceId, String experimentId) {
        return obj("trace", obj("trace_info", obj("trace_id", traceId,
                "trace_location", obj("type", "MLFLOW_EXPERIMENT", "mlflow_experiment", obj("experiment_id", experimentId)),
                "request_time", "2023-11-14T22:13:20.000Z", "execution_duration", "0.500s", "state", "OK",
                "trace_metadata", obj("mlflow.trace.sizeStats", "{\"num_spans\": " + SPANS + "}"),
                "tags", obj("mlflow.traceName", "raced"))));
    }

    @Test
    default void spansAndTraceInfoRacingMakeOneCompleteTrace() throws Exception {
        String experiment = tracking().newExperiment();
        String traceHex = UUID.randomUUID().toString().replace("-", "");
        String traceId = "tr-" + traceHex;
        ExecutorService pool = Executors.newFixedThreadPool(SPANS + 1);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            calls.add(() -> api().post(V3, startTrace(traceId, experiment)));
            for (int i = 1; i <= SPANS; i++) {
                int n = i;
                calls.add(() -> export(experiment, span(traceHex, n, n == 1 ? null : 1, n == 1 ? "root" : "child-" + n)));
            }
            for (Future<Response> f : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                assertEquals(200, f.get().status(), f.get()::body);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode trace = api().get(V3 + "/get", "trace_id", traceId).ok().path("trace");
        JsonNode info = trace.path("trace_info");
        assertEquals(SPANS, trace.path("spans").size(), trace::toString);
        assertEquals("root", trace.path("spans").get(0).path("name").asText(), "the root span comes first");
        assertEquals("OK", info.path("state").asText());
        assertEquals("2023-11-14T22:13:20Z", info.path("request_time").asText(), "the client's info wins");
        assertEquals("0.500s", info.path("execution_duration").asText());
        assertEquals("raced", info.path("tags").path("mlflow.traceName").asText());
        assertEquals("TRACKING_STORE", info.path("tags").path("mlflow.trace.spansLocation").asText());
        assertEquals("true", info.path("trace_metadata").path("mlflow.trace.infoFinalized").asText());
    }

    @Test
    default void spansAloneCreateTheirTraceFromTheRootSpan() {
        String experiment = tracking().newExperiment();
        String traceHex = UUID.randomUUID().toString().replace("-", "");
        assertEquals("{}", export(experiment, span(traceHex, 2, 1, "child")).body());
        JsonNode partial = api().get(V3 + "/tr-" + traceHex).ok().path("trace").path("trace_info");
        assertEquals("IN_PROGRESS", partial.path("state").asText(), "no root span yet");
        export(experiment, span(traceHex, 1, null, "root")).ok();
        export(experiment, span(traceHex, 2, 1, "child")).ok(); // an exporter retry: stored once
        JsonNode trace = api().get(V3 + "/get", "trace_id", "tr-" + traceHex).ok().path("trace");
        assertEquals(2, trace.path("spans").size());
        JsonNode info = trace.path("trace_info");
        assertEquals("OK", info.path("state").asText());
        assertEquals("2023-11-14T22:13:20.001Z", info.path("request_time").asText(), "the earliest span start");
        assertEquals("0.499s", info.path("execution_duration").asText());
        JsonNode attribute = trace.path("spans").get(0).path("attributes");
        assertTrue(attribute.toString().contains("{\"key\":\"n\",\"value\":{\"int_value\":1}}"), attribute::toString);
    }

    @Test
    default void otlpRequestsWithoutExperimentOrSpansAreRefused() {
        Response noHeader = api().postRaw("/v1/traces", "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertEquals(422, noHeader.status(), noHeader::body);
        Response noSpans = export(tracking().newExperiment(), "{\"resourceSpans\": []}");
        assertEquals(400, noSpans.status(), noSpans::body);
        assertTrue(noSpans.json().path("detail").asText().contains("no spans found"), noSpans::body);
        Response unknown = export("987654321987", span(UUID.randomUUID().toString().replace("-", ""), 1, null, "x"));
        unknown.error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    default void deletingTracesTakesTheirSpansTagsAndAssessments() {
        String experiment = tracking().newExperiment();
        String traceHex = UUID.randomUUID().toString().replace("-", "");
        String traceId = "tr-" + traceHex;
        export(experiment, span(traceHex, 1, null, "root")).ok();
        api().post(V3 + "/" + traceId + "/assessments", obj("assessment", obj("assessment_name", "ok",
                "source", obj("source_type", "HUMAN", "source_id", "me"), "feedback", obj("value", true)))).ok();
        api().send("PATCH", V3 + "/" + traceId + "/tags", ApiClient.write(obj("key", "k", "value", "v")),
                "application/json");
        JsonNode deleted = api().post(V3 + "/delete-traces", obj("experiment_id", experiment,
                "request_ids", List.of(traceId))).ok();
        assertEquals(1, deleted.path("traces_deleted").asInt());
        api().get(V3 + "/get", "trace_id", traceId).error(404, "RESOURCE_DOES_NOT_EXIST");
        // The same trace id can be written again from scratch.
        export(experiment, span(traceHex, 1, null, "again")).ok();
        JsonNode again = api().get(V3 + "/get", "trace_id", traceId).ok().path("trace");
        assertEquals(1, again.path("spans").size());
        assertTrue(again.path("trace_info").path("assessments").isMissingNode(), again::toString);
    }
}
