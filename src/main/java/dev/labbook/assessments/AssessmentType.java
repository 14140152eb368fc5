package dev.labbook.assessments;

import java.util.Locale;

/** The assessment_type column: which of the proto's value fields the assessment carries. */
public enum AssessmentType {
    FEEDBACK,
    EXPECTATION,
    ISSUE;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AssessmentType fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
