package dev.labbook.registry;

import dev.labbook.http.MlflowException;
import java.util.List;
import java.util.Locale;

/** MLflow's legacy model version stages, accepted in any case and returned in canonical casing. */
final class Stages {
    static final String NONE = "None";
    static final String STAGING = "Staging";
    static final String PRODUCTION = "Production";
    static final String ARCHIVED = "Archived";
    /** Where a deleted version rests; no read ever returns it. */
    static final String DELETED_INTERNAL = "Deleted_Internal";

    static final List<String> ALL = List.of(NONE, STAGING, PRODUCTION, ARCHIVED);
    /** The stages archive_existing_versions may be used with. */
    static final List<String> ACTIVE = List.of(STAGING, PRODUCTION);

    private Stages() {}

    static String canonical(String stage) {
        for (String s : ALL) {
            if (s.toLowerCase(Locale.ROOT).equals(stage.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw MlflowException.invalidParameter("Invalid Model Version stage: " + stage + ". Value must be one of "
                + String.join(", ", ALL) + ".");
    }
}
