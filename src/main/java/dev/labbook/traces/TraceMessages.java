package dev.labbook.traces;

import dev.labbook.assessments.Assessment;
import dev.labbook.assessments.AssessmentMessages;
import dev.labbook.http.ApiRequest;
import dev.labbook.model.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads MLflow's TraceInfoV3 proto JSON (the start-trace request) into a {@link TraceInfo}. */
final class TraceMessages {
    private TraceMessages() {}

    static TraceInfo traceInfo(ApiRequest info, long now) {
        String traceId = info.optionalString("trace_id");
        ApiRequest location = info.optionalObject("trace_location");
        ApiRequest experiment = location == null ? null : location.optionalObject("mlflow_experiment");
        String experimentId = experiment == null ? null : experiment.optionalString("experiment_id");
        long expId = Validation.experimentId(experimentId == null ? "" : experimentId);
        String requestTime = info.optionalString("request_time");
        long requestTimeMs = requestTime == null ? 0 : ProtoTime.parseTimestamp("request_time", requestTime);
        String duration = info.optionalString("execution_duration");
        Long executionMs = duration == null ? null : ProtoTime.parseDuration("execution_duration", duration);
        String state = TraceStates.parse("state", info.optionalEnum("state"));
        Map<String, String> metadata = info.stringMap("trace_metadata");
        Map<String, String> tags = info.stringMap("tags");
        List<Assessment> assessments = new ArrayList<>();
        for (ApiRequest a : info.objectList("assessments")) {
            assessments.add(AssessmentMessages.read(a, traceId, now));
        }
        return new TraceInfo(traceId, emptyToNull(info.optionalString("client_request_id")), expId, requestTimeMs,
                executionMs, state, info.optionalString("request_preview"), info.optionalString("response_preview"),
                metadata, tags, assessments);
    }

    /** A v2 request's key/value list ({@code [{"key": .., "value": ..}]}) as a map. */
    static Map<String, String> keyValues(ApiRequest req, String field) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ApiRequest kv : req.objectList(field)) {
            out.put(kv.requiredString("key"), kv.optionalString("value") == null ? "" : kv.optionalString("value"));
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
