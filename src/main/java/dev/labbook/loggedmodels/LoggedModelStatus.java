package dev.labbook.loggedmodels;

import dev.labbook.http.MlflowException;
import java.util.Locale;

/** MLflow's LoggedModelStatus enum; the database and the wire both carry its names. */
public enum LoggedModelStatus {
    LOGGED_MODEL_STATUS_UNSPECIFIED(0),
    LOGGED_MODEL_PENDING(1),
    LOGGED_MODEL_READY(2),
    LOGGED_MODEL_UPLOAD_FAILED(3);

    private final int number;

    LoggedModelStatus(int number) {
        this.number = number;
    }

    /** A status as protobuf JSON accepts an enum: by name or by number. Unspecified counts as missing. */
    public static LoggedModelStatus parse(String text) {
        String trimmed = text.trim();
        for (LoggedModelStatus status : values()) {
            if (status.name().equals(trimmed.toUpperCase(Locale.ROOT)) || Integer.toString(status.number).equals(trimmed)) {
                if (status == LOGGED_MODEL_STATUS_UNSPECIFIED) {
                    break;
                }
                return status;
            }
        }
        throw MlflowException.invalidParameter("Invalid value \"" + text + "\" for parameter 'status' supplied. "
                + "Valid values are LOGGED_MODEL_PENDING, LOGGED_MODEL_READY and LOGGED_MODEL_UPLOAD_FAILED.");
    }

    /**
     * The stored name a filter value means: filters may name a status in full, by MLflow's short
     * Python names (PENDING, READY, FAILED) or by number. Anything else is compared as written.
     */
    static String canonical(String filterValue) {
        String upper = filterValue.trim().toUpperCase(Locale.ROOT);
        for (LoggedModelStatus status : values()) {
            if (status.name().equals(upper) || status.name().equals("LOGGED_MODEL_" + upper)
                    || Integer.toString(status.number).equals(upper)) {
                return status.name();
            }
        }
        return upper.equals("FAILED") ? LOGGED_MODEL_UPLOAD_FAILED.name()
                : upper.equals("UNSPECIFIED") ? LOGGED_MODEL_STATUS_UNSPECIFIED.name() : filterValue;
    }
}
