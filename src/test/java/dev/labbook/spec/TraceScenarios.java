package dev.labbook.spec;

import static dev.labbook.spec.OtlpBodies.EXPERIMENT_HEADER;
import static dev.labbook.spec.OtlpBodies.PROTOBUF;
import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNKNOWN_EXPERIMENT;
import static dev.labbook.spec.Scenarios.UNKNOWN_RUN;
import static dev.labbook.spec.Scenarios.at;
import static dev.labbook.spec.Scenarios.binary;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.ok;
import static dev.labbook.spec.Scenarios.post;
import static dev.labbook.spec.Scenarios.raw;

import dev.labbook.config.SecuritySettings;
import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Scenarios for MLflow 3 tracing: the OTLP intake, the v3 trace and assessment calls and the
 * deprecated v2 trace calls. Traces are made through the real endpoints (see {@link Fixtures#trace()}).
 */
final class TraceScenarios {
    static final String UNKNOWN_TRACE = "tr-ffffffffffffffffffffffffffffffff";
    static final String UNKNOWN_ASSESSMENT = "a-ffffffffffffffffffffffffffffffff";
    private static final String BAD_REQUEST = "BAD_REQUEST";

    private TraceScenarios() {}

    static void register() {
        otlp();
        traces();
        assessments();
        deprecated();
    }

    private static void otlp() {
        endpoint("POST /v1/traces",
                new Case("protobuf spans", true, 200, null, f -> binary(OtlpBodies.protobuf(OtlpBodies.newTraceHex()),
                        PROTOBUF, Map.of(EXPERIMENT_HEADER, f.experiment()))),
                new Case("OTLP JSON spans", true, 200, null, f -> raw(OtlpBodies.json(OtlpBodies.newTraceHex()),
                        "application/json", Map.of(EXPERIMENT_HEADER, f.experiment()))),
                new Case("gzipped protobuf, linked to a run", true, 200, null, f -> binary(
                        OtlpBodies.gzip(OtlpBodies.protobuf(OtlpBodies.newTraceHex())), PROTOBUF,
                        Map.of(EXPERIMENT_HEADER, f.experiment(), "Content-Encoding", "gzip", "x-mlflow-run-id", f.run()))),
                fails("no experiment header", 422, null,
                        f -> binary(OtlpBodies.protobuf(OtlpBodies.newTraceHex()), PROTOBUF, Map.of())),
                fails("unsupported Content-Type", 400, null,
                        f -> raw("spans", "text/plain", Map.of(EXPERIMENT_HEADER, f.experiment()))),
                fails("body that does not decode", 400, null,
                        f -> binary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, PROTOBUF,
                                Map.of(EXPERIMENT_HEADER, f.experiment()))),
                fails("unknown Content-Encoding", 400, null,
                        f -> binary(OtlpBodies.protobuf(OtlpBodies.newTraceHex()), PROTOBUF,
                                Map.of(EXPERIMENT_HEADER, f.experiment(), "Content-Encoding", "br"))),
                fails("no spans", 400, null, f -> binary(new byte[0], PROTOBUF, Map.of(EXPERIMENT_HEADER, f.experiment()))),
                fails("malformed experiment id", 400, INVALID,
                        f -> binary(OtlpBodies.protobuf(OtlpBodies.newTraceHex()), PROTOBUF, Map.of(EXPERIMENT_HEADER, "abc"))),
                fails("unknown experiment", 404, NOT_FOUND, f -> binary(OtlpBodies.protobuf(OtlpBodies.newTraceHex()),
                        PROTOBUF, Map.of(EXPERIMENT_HEADER, UNKNOWN_EXPERIMENT))),
                fails("over the body limit once inflated", 413, BAD_REQUEST, f -> binary(
                        OtlpBodies.gzippedZeros(SecuritySettings.DEFAULT_MAX_JSON_BODY_BYTES + 1), PROTOBUF,
                        Map.of(EXPERIMENT_HEADER, f.experiment(), "Content-Encoding", "gzip"))));
    }

    private static Map<String, Object> location(String experimentId) {
        return obj("type", "MLFLOW_EXPERIMENT", "mlflow_experiment", obj("experiment_id", experimentId));
    }

    private static Req startV3(String traceId, String experimentId) {
        return post(obj("trace", obj("trace_info", obj("trace_id", traceId, "client_request_id", "spec-client",
                "trace_location", location(experimentId), "request_time", Instant.now().toString(),
                "execution_duration", "1.5s", "state", "OK",
                "trace_metadata", obj("mlflow.trace_schema.version", "3"),
                "tags", obj("mlflow.traceName", "spec-v3", "mlflow.artifactLocation", "ignored"),
                "assessments", List.of(obj("assessment_name", "expected", "source", obj("source_type", "CODE"),
                        "expectation", obj("value", "four")))))));
    }

    private static void traces() {
        endpoint("POST 3.0 /traces",
                ok(f -> startV3("tr-" + OtlpBodies.newTraceHex(), f.experiment())),
                fails("no trace", 400, INVALID, f -> post(obj())),
                fails("trace id with a slash", 400, INVALID, f -> startV3("tr-a/b", f.experiment())),
                fails("malformed request_time", 400, INVALID, f -> post(obj("trace", obj("trace_info", obj(
                        "trace_id", "tr-" + OtlpBodies.newTraceHex(), "trace_location", location(f.experiment()),
                        "request_time", "yesterday"))))),
                fails("request_time before year 1", 400, INVALID, f -> post(obj("trace", obj("trace_info", obj(
                        "trace_id", "tr-" + OtlpBodies.newTraceHex(), "trace_location", location(f.experiment()),
                        "request_time", "0001-01-01T00:00:00+01:00"))))),
                fails("execution_duration over 10000 years", 400, INVALID, f -> post(obj("trace", obj("trace_info", obj(
                        "trace_id", "tr-" + OtlpBodies.newTraceHex(), "trace_location", location(f.experiment()),
                        "execution_duration", "315576000001s"))))),
                fails("deleted experiment", 400, INVALID, f -> startV3("tr-" + OtlpBodies.newTraceHex(), f.deletedExperiment())),
                fails("unknown experiment", 404, NOT_FOUND, f -> startV3("tr-" + OtlpBodies.newTraceHex(), UNKNOWN_EXPERIMENT)));
        endpoint("POST /traces/search",
                ok(f -> post(obj("locations", List.of(location(f.traceExperiment(f.trace()))),
                        "filter", "trace.status = 'OK' AND tags.team = 'vision'", "max_results", 10,
                        "order_by", List.of("timestamp_ms DESC")))),
                new Case("a page and its token", true, 200, null, f -> {
                    String trace = f.trace();
                    return post(obj("locations", List.of(location(f.traceExperiment(trace)), location(f.experiment())),
                            "max_results", 1));
                }),
                fails("max_results over 500", 400, INVALID,
                        f -> post(obj("locations", List.of(location(f.experiment())), "max_results", 501))),
                fails("no locations", 400, INVALID, f -> post(obj("filter", "trace.status = 'OK'"))),
                fails("unparsable filter", 400, INVALID,
                        f -> post(obj("locations", List.of(location(f.experiment())), "filter", "nonsense.key = 'x'"))));
        endpoint("GET /traces/get",
                ok(f -> get("trace_id", f.trace(), "allow_partial", "false")),
                new Case("spans kept as an artifact", true, 500, "INTERNAL_ERROR", f -> get("trace_id", f.spanlessTrace())),
                fails("no trace_id", 400, INVALID, f -> get()),
                fails("allow_partial is not a boolean", 400, INVALID, f -> get("trace_id", f.trace(), "allow_partial", "maybe")),
                fails("unknown trace", 404, NOT_FOUND, f -> get("trace_id", UNKNOWN_TRACE)));
        endpoint("GET /get-trace-artifact",
                ok(f -> get("request_id", f.trace())),
                fails("no request_id", 400, BAD_REQUEST, f -> get()),
                fails("attachment path escaping the trace", 400, INVALID, f -> get("request_id", f.trace(), "path", "../x")),
                fails("unknown trace", 404, NOT_FOUND, f -> get("request_id", UNKNOWN_TRACE)),
                fails("attachment that was never uploaded", 404, NOT_FOUND,
                        f -> get("request_id", f.trace(), "path", "missing.png")));
        endpoint("GET /traces/batchGet",
                ok(f -> {
                    String trace = f.trace();
                    return get("trace_ids", List.of(trace, UNKNOWN_TRACE, f.spanlessTrace()),
                            "experiment_ids", f.traceExperiment(trace));
                }),
                fails("no trace_ids", 400, INVALID, f -> get()),
                fails("malformed experiment id", 400, INVALID, f -> get("trace_ids", f.trace(), "experiment_ids", "abc")));
        endpoint("POST /traces/batchGetInfos",
                ok(f -> {
                    String trace = f.trace();
                    return post(obj("trace_ids", List.of(UNKNOWN_TRACE, trace), "experiment_ids",
                            List.of(f.traceExperiment(trace))));
                }),
                fails("no trace_ids", 400, INVALID, f -> post(obj("experiment_ids", List.of(f.experiment())))),
                fails("trace_ids is not a list of strings", 400, INVALID, f -> post(obj("trace_ids", List.of(obj())))));
        endpoint("POST /traces/delete-traces",
                ok(f -> {
                    String trace = f.trace();
                    return post(obj("experiment_id", f.traceExperiment(trace), "request_ids", List.of(trace)));
                }),
                new Case("the oldest, up to a time and a count", true, 200, null, f -> {
                    String trace = f.trace();
                    return post(obj("experiment_id", f.traceExperiment(trace),
                            "max_timestamp_millis", System.currentTimeMillis() + 60_000, "max_traces", 10));
                }),
                fails("both ids and a time", 400, INVALID, f -> post(obj("experiment_id", f.experiment(),
                        "max_timestamp_millis", 1, "request_ids", List.of(UNKNOWN_TRACE)))),
                fails("neither ids nor a time", 400, INVALID, f -> post(obj("experiment_id", f.experiment()))),
                fails("max_traces of 0", 400, INVALID, f -> post(obj("experiment_id", f.experiment(),
                        "max_timestamp_millis", 1, "max_traces", 0))));
        endpoint("POST /traces/metrics",
                ok(f -> post(obj("experiment_ids", List.of(f.traceExperiment(f.trace())), "view_type", "SPANS",
                        "metric_name", "span_count", "aggregations", List.of(obj("aggregation_type", "COUNT")),
                        "dimensions", List.of("span_name", "span_status")))),
                new Case("latency percentiles by day", true, 200, null, f -> post(obj(
                        "experiment_ids", List.of(f.traceExperiment(f.trace())), "view_type", "TRACES",
                        "metric_name", "latency", "aggregations", List.of(obj("aggregation_type", "PERCENTILE",
                                "percentile_value", 50), obj("aggregation_type", "AVG")),
                        "time_interval_seconds", 86400, "start_time_ms", 0, "end_time_ms", Long.MAX_VALUE))),
                fails("no metric name", 400, INVALID, f -> post(obj("experiment_ids", List.of(f.experiment()),
                        "view_type", "TRACES", "aggregations", List.of()))),
                fails("a dimension the metric has not", 400, INVALID, f -> post(obj("experiment_ids",
                        List.of(f.experiment()), "view_type", "TRACES", "metric_name", "latency",
                        "aggregations", List.of(obj("aggregation_type", "AVG")), "dimensions", List.of("span_name")))),
                fails("a filter with another comparator", 400, INVALID, f -> post(obj("experiment_ids",
                        List.of(f.experiment()), "view_type", "TRACES", "metric_name", "trace_count",
                        "aggregations", List.of(obj("aggregation_type", "COUNT")),
                        "filters", List.of("trace.status != 'OK'")))));
        endpoint("GET /traces/{trace_id}",
                ok(f -> at(get(), "trace_id", f.trace())),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "trace_id", f.trace())),
                fails("unknown trace", 404, NOT_FOUND, f -> at(get(), "trace_id", UNKNOWN_TRACE)));
        tags("trace_id");
    }

    /** The tag routes, the same under v3 ({trace_id}) and v2 ({request_id}). */
    private static void tags(String parameter) {
        endpoint("PATCH /traces/{" + parameter + "}/tags",
                ok(f -> at(post(obj("key", "reviewed", "value", "yes")), parameter, f.trace())),
                fails("no key", 400, INVALID, f -> at(post(obj("value", "yes")), parameter, f.trace())),
                fails("a system tag", 400, INVALID,
                        f -> at(post(obj("key", "mlflow.trace.spansLocation", "value", "x")), parameter, f.trace())),
                fails("unknown trace (MLflow's store answers BAD_REQUEST)", 400, BAD_REQUEST,
                        f -> at(post(obj("key", "reviewed", "value", "yes")), parameter, UNKNOWN_TRACE)));
        endpoint("DELETE /traces/{" + parameter + "}/tags",
                ok(f -> at(post(obj("key", "team")), parameter, f.trace())),
                fails("no key", 400, INVALID, f -> at(post(obj()), parameter, f.trace())),
                fails("a system tag", 400, INVALID,
                        f -> at(post(obj("key", "mlflow.artifactLocation")), parameter, f.trace())),
                fails("no such tag", 404, NOT_FOUND, f -> at(post(obj("key", "absent")), parameter, f.trace())),
                fails("unknown trace", 404, NOT_FOUND, f -> at(post(obj("key", "team")), parameter, UNKNOWN_TRACE)));
    }

    private static Map<String, Object> feedback(Object value) {
        return obj("assessment_name", "helpful", "source", obj("source_type", "HUMAN", "source_id", "spec"),
                "span_id", "0011223344556677", "feedback", obj("value", value), "rationale", "Because.",
                "metadata", obj("reviewer", "spec"));
    }

    private static void assessments() {
        endpoint("POST /traces/{trace_id}/assessments",
                ok(f -> at(post(obj("assessment", feedback(4))), "trace_id", f.trace())),
                new Case("an expectation that overrides another", true, 200, null, f -> {
                    String trace = f.trace();
                    return at(post(obj("assessment", obj("assessment_name", "expected", "source",
                            obj("source_type", "HUMAN"), "expectation", obj("serialized_value", obj(
                                    "serialization_format", "JSON_FORMAT", "value", "{\"answer\": [1, 2]}")),
                            "overrides", f.assessment(trace)))), "trace_id", trace);
                }),
                new Case("a feedback that failed, and an issue", true, 200, null, f -> at(post(obj("assessment", obj(
                        "assessment_name", "judge", "source", obj("source_type", "LLM_JUDGE"),
                        "feedback", obj("error", obj("error_code", "RATE_LIMIT", "error_message", "try later"))))),
                        "trace_id", f.trace())),
                new Case("an issue reference", true, 200, null, f -> at(post(obj("assessment", obj(
                        "assessment_name", "issue", "issue", obj("issue_name", "hallucination")))), "trace_id", f.trace())),
                fails("no value of any kind", 400, INVALID,
                        f -> at(post(obj("assessment", obj("assessment_name", "empty"))), "trace_id", f.trace())),
                fails("unknown source type", 400, INVALID, f -> at(post(obj("assessment", obj("assessment_name", "x",
                        "source", obj("source_type", "ROBOT"), "feedback", obj("value", 1)))), "trace_id", f.trace())),
                fails("unknown trace", 404, NOT_FOUND,
                        f -> at(post(obj("assessment", feedback(true))), "trace_id", UNKNOWN_TRACE)),
                fails("overrides an unknown assessment", 404, NOT_FOUND, f -> {
                    Map<String, Object> assessment = feedback(1);
                    assessment.put("overrides", UNKNOWN_ASSESSMENT);
                    return at(post(obj("assessment", assessment)), "trace_id", f.trace());
                }));
        endpoint("GET /traces/{trace_id}/assessments/{assessment_id}",
                ok(f -> {
                    String trace = f.trace();
                    return at(get(), "trace_id", trace, "assessment_id", f.assessment(trace));
                }),
                fails("malformed JSON body", 400, INVALID, f -> {
                    String trace = f.trace();
                    return at(raw("{not json", "application/json", Map.of()), "trace_id", trace,
                            "assessment_id", f.assessment(trace));
                }),
                fails("unknown assessment", 404, NOT_FOUND,
                        f -> at(get(), "trace_id", f.trace(), "assessment_id", UNKNOWN_ASSESSMENT)),
                fails("unknown trace", 404, NOT_FOUND,
                        f -> at(get(), "trace_id", UNKNOWN_TRACE, "assessment_id", UNKNOWN_ASSESSMENT)));
        endpoint("PATCH /traces/{trace_id}/assessments/{assessment_id}",
                ok(f -> {
                    String trace = f.trace();
                    return at(post(obj("assessment", obj("assessment_name", "renamed", "rationale", "Changed.",
                                    "metadata", obj("round", "2"), "feedback", obj("value", false)),
                            "update_mask", "assessmentName,rationale,metadata,feedback")),
                            "trace_id", trace, "assessment_id", f.assessment(trace));
                }),
                fails("no update_mask", 400, INVALID, f -> {
                    String trace = f.trace();
                    return at(post(obj("assessment", obj("rationale", "x"))), "trace_id", trace,
                            "assessment_id", f.assessment(trace));
                }),
                fails("an expectation value on a feedback", 400, INVALID, f -> {
                    String trace = f.trace();
                    return at(post(obj("assessment", obj("expectation", obj("value", 1)), "update_mask", "expectation")),
                            "trace_id", trace, "assessment_id", f.assessment(trace));
                }),
                fails("unknown assessment", 404, NOT_FOUND, f -> at(post(obj("assessment", obj("rationale", "x"),
                        "update_mask", "rationale")), "trace_id", f.trace(), "assessment_id", UNKNOWN_ASSESSMENT)));
        endpoint("DELETE /traces/{trace_id}/assessments/{assessment_id}",
                ok(f -> {
                    String trace = f.trace();
                    return at(get(), "trace_id", trace, "assessment_id", f.assessment(trace));
                }),
                fails("malformed JSON body", 400, INVALID, f -> at(raw("{not json", "application/json", Map.of()),
                        "trace_id", f.trace(), "assessment_id", UNKNOWN_ASSESSMENT)),
                fails("unknown trace", 404, NOT_FOUND,
                        f -> at(get(), "trace_id", UNKNOWN_TRACE, "assessment_id", UNKNOWN_ASSESSMENT)));
    }

    private static void deprecated() {
        endpoint("POST 2.0 /traces",
                ok(f -> post(obj("experiment_id", f.experiment(), "timestamp_ms", System.currentTimeMillis(),
                        "request_metadata", List.of(obj("key", "mlflow.trace_schema.version", "value", "2")),
                        "tags", List.of(obj("key", "mlflow.traceName", "value", "spec-v2"))))),
                fails("malformed experiment id", 400, INVALID, f -> post(obj("experiment_id", "abc"))),
                fails("timestamp_ms past year 9999", 400, INVALID,
                        f -> post(obj("experiment_id", f.experiment(), "timestamp_ms", Long.MAX_VALUE))),
                fails("deleted experiment", 400, INVALID, f -> post(obj("experiment_id", f.deletedExperiment()))),
                fails("unknown experiment", 404, NOT_FOUND, f -> post(obj("experiment_id", UNKNOWN_EXPERIMENT))));
        endpoint("GET /traces",
                ok(f -> get("experiment_ids", f.traceExperiment(f.trace()), "max_results", "1",
                        "order_by", "timestamp_ms DESC", "filter", "tags.team = 'vision'")),
                fails("no experiment ids", 400, INVALID, f -> get("max_results", "1")),
                fails("max_results of 0", 400, INVALID, f -> get("experiment_ids", f.experiment(), "max_results", "0")));
        endpoint("POST /traces/link-to-run",
                ok(f -> post(obj("trace_ids", List.of(f.trace(), UNKNOWN_TRACE), "run_id", f.run()))),
                fails("over 100 traces", 400, INVALID,
                        f -> post(obj("trace_ids", Collections.nCopies(101, UNKNOWN_TRACE), "run_id", f.run()))),
                fails("unknown run", 404, NOT_FOUND, f -> post(obj("trace_ids", List.of(f.trace()), "run_id", UNKNOWN_RUN))));
        endpoint("POST /traces/link-prompts",
                ok(f -> post(obj("trace_id", f.trace(), "prompt_versions",
                        List.of(obj("name", "spec-prompt", "version", "1"), obj("name", "spec-prompt", "version", "2"))))),
                fails("version is not a number", 400, INVALID, f -> post(obj("trace_id", f.trace(), "prompt_versions",
                        List.of(obj("name", "spec-prompt", "version", "latest"))))),
                fails("unknown trace", 404, NOT_FOUND, f -> post(obj("trace_id", UNKNOWN_TRACE, "prompt_versions",
                        List.of(obj("name", "spec-prompt", "version", "1"))))));
        endpoint("GET /traces/{request_id}/info",
                ok(f -> at(get(), "request_id", f.trace())),
                fails("malformed JSON body", 400, INVALID,
                        f -> at(raw("{not json", "application/json", Map.of()), "request_id", f.trace())),
                fails("unknown trace", 404, NOT_FOUND, f -> at(get(), "request_id", UNKNOWN_TRACE)));
        endpoint("PATCH /traces/{request_id}",
                ok(f -> at(post(obj("timestamp_ms", System.currentTimeMillis() + 50, "status", "ERROR",
                        "request_metadata", List.of(obj("key", "spec.ended", "value", "yes")),
                        "tags", List.of(obj("key", "spec.v2", "value", "yes")))), "request_id", f.trace())),
                fails("unknown status", 400, INVALID, f -> at(post(obj("status", "DONE")), "request_id", f.trace())),
                fails("timestamp_ms past year 9999", 400, INVALID,
                        f -> at(post(obj("timestamp_ms", Long.MAX_VALUE)), "request_id", f.trace())),
                fails("unknown trace", 404, NOT_FOUND, f -> at(post(obj("status", "OK")), "request_id", UNKNOWN_TRACE)));
        tags("request_id");
    }
}
