package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import java.util.List;

/** MLflow's TraceState names, which the status column holds; protobuf JSON may also send their numbers. */
public final class TraceStates {
    public static final String UNSPECIFIED = "STATE_UNSPECIFIED";
    public static final String OK = "OK";
    public static final String ERROR = "ERROR";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    private static final List<String> BY_NUMBER = List.of(UNSPECIFIED, OK, ERROR, IN_PROGRESS);

    private TraceStates() {}

    /** A state from a request (name or number); absent means unspecified, as proto3's default. */
    public static String parse(String field, String text) {
        if (text == null) {
            return UNSPECIFIED;
        }
        if (BY_NUMBER.contains(text)) {
            return text;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 0 && number < BY_NUMBER.size()) {
                return BY_NUMBER.get(number);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw MlflowException.invalidParameter("Failed to parse " + field + " field: Invalid enum value " + text
                + " for enum type mlflow.TraceInfoV3.State.");
    }

    /** A v2 TraceStatus (UNSPECIFIED, OK, ERROR, IN_PROGRESS) as the v3 state it maps to. */
    public static String fromV2Status(String status) {
        if (status == null || "TRACE_STATUS_UNSPECIFIED".equals(status) || "0".equals(status)) {
            return UNSPECIFIED;
        }
        return switch (status) {
            case "OK", "1" -> OK;
            case "ERROR", "2" -> ERROR;
            case "IN_PROGRESS", "3" -> IN_PROGRESS;
            default -> throw MlflowException.invalidParameter("Invalid value " + status + " for parameter 'status'.");
        };
    }

    /** The v2 TraceStatus name of a state. */
    public static String toV2Status(String state) {
        return UNSPECIFIED.equals(state) ? "TRACE_STATUS_UNSPECIFIED" : state;
    }
}
