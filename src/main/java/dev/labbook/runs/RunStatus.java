package dev.labbook.runs;

import dev.labbook.http.MlflowException;
import java.util.List;

/** MLflow's RunStatus enum, accepted by name or by number as protobuf JSON allows. */
final class RunStatus {
    private static final List<String> BY_NUMBER = List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

    private RunStatus() {}

    /** The canonical name, or null when absent. */
    static String parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (BY_NUMBER.contains(text)) {
            return text;
        }
        try {
            int number = Integer.parseInt(text.trim());
            if (number >= 1 && number <= BY_NUMBER.size()) {
                return BY_NUMBER.get(number - 1);
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw MlflowException.invalidParameter("Invalid value \"" + text + "\" for parameter 'status' supplied.");
    }
}
