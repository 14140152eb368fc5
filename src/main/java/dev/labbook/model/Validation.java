package dev.labbook.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.http.MlflowException;
import java.util.regex.Pattern;

/** MLflow's limits and name rules for logged entities, with its error wording. */
public final class Validation {
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 20000;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;

    private static final Pattern NAME_CHARS = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Validation() {}

    /** Param, metric and tag keys: a restricted charset, and a normalised relative path. */
    public static void keyName(String path, String name) {
        if (name == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter '" + path + "'.");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw MlflowException.invalidParameter(invalidValue(path, name,
                    "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
                            + " colon(:) and slashes (/)."));
        }
        String normalised = PosixPath.normalise(name);
        if (!normalised.equals(name) || normalised.equals(".") || normalised.startsWith("..")
                || normalised.startsWith("/")) {
            throw MlflowException.invalidParameter(invalidValue(path, name,
                    "Names may be treated as files in certain cases, and must not resolve to other names when"
                            + " treated as such. This name would resolve to '" + normalised + "'"));
        }
        lengthLimit(path, MAX_KEY_LENGTH, name);
    }

    /** Rejects a value over the limit, counted in characters (code points) as Python counts them. */
    public static String lengthLimit(String path, int limit, String value) {
        if (value != null && value.codePointCount(0, value.length()) > limit) {
            throw MlflowException.invalidParameter(
                    "'" + path + "' exceeds the maximum length of " + limit + " characters");
        }
        return value;
    }

    /** Cuts a value to the limit, as MLflow does by default (MLFLOW_TRUNCATE_LONG_VALUES). */
    public static String truncate(String value, int limit) {
        if (value == null || value.codePointCount(0, value.length()) <= limit) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, limit));
    }

    public static String invalidValue(String path, Object value, String message) {
        String formatted;
        try {
            formatted = JSON.writeValueAsString(value);
        } catch (Exception e) {
            formatted = String.valueOf(value);
        }
        return "Invalid value " + formatted + " for parameter '" + path + "' supplied"
                + (message == null ? "." : ": " + message);
    }

    /** Experiment ids are decimal integers in the SQL store. */
    public static long experimentId(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw MlflowException.invalidParameter(
                    "Invalid experiment ID '" + id + "'. Experiment ID must be a valid integer.");
        }
    }
}
