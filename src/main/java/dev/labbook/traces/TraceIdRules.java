package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import dev.labbook.model.Validation;

/** Checks on client-chosen trace ids, which end up in artifact paths. */
final class TraceIdRules {
    private TraceIdRules() {}

    /** MLflow's rule for a new trace id: a path component without %, ?, # or control characters. */
    static void requireNew(String traceId) {
        if (traceId == null || traceId.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'trace.trace_info.trace_id'.");
        }
        boolean bad = traceId.equals(".") || traceId.equals("..") || traceId.contains("/") || traceId.contains("\\");
        for (char c : traceId.toCharArray()) {
            bad |= c == '%' || c == '?' || c == '#' || c < 32 || c == 127;
        }
        if (bad || traceId.length() > 50) {
            throw MlflowException.invalidParameter(Validation.invalidValue("trace_id", traceId,
                    "must not contain '%', '?', '#' or control characters"));
        }
    }
}
